from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Programme plan and activities")

    def ready(self) -> None:
        from programme import exports  # noqa: F401  (registers the job runners)
