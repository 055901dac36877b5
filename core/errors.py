"""One root for domain errors: views and the API turn them into a clear bilingual message."""

from __future__ import annotations

from typing import Any

from django.utils import translation


class ApplicationError(Exception):
    """A rule of the domain was broken.

    `message` is a lazy translatable text with %(name)s placeholders filled from `params`, so it
    can be shown in the reader's language, or in both (for the command line and logs).
    """

    def __init__(self, message: Any, params: dict[str, Any] | None = None, *, extra: dict[str, Any] | None = None):
        self._message = message
        self.params = params or {}
        self.extra = extra or {}
        super().__init__(self.in_language("en"))

    @property
    def message(self) -> str:
        text = str(self._message)
        return text % self.params if self.params else text

    def in_language(self, language: str) -> str:
        with translation.override(language):
            return self.message

    def bilingual(self) -> str:
        vietnamese, english = self.in_language("vi"), self.in_language("en")
        return vietnamese if vietnamese == english else f"{vietnamese} / {english}"
