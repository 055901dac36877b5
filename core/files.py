"""Limits every uploaded file goes through, whatever it is for."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.errors import ApplicationError


def check_upload_size(*, size: int, max_bytes: int, error: type[ApplicationError] = ApplicationError) -> None:
    """Refuse an empty file or one over the limit, with the sizes in MB; `error` is the caller's
    own kind of ApplicationError."""
    if size > max_bytes:
        raise error(
            _("The file is %(size)s MB; the limit is %(limit)s MB."),
            {"size": round(size / 1024 / 1024, 1), "limit": round(max_bytes / 1024 / 1024)},
        )
    if size == 0:
        raise error(_("The file is empty."))
