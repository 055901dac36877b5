from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "campaigns"
    label = "programme"  # the app was `programme`: tables, permissions and migrations keep the label
    verbose_name = _("Programme plan and activities")

    def ready(self) -> None:
        from campaigns import exports, extensions  # noqa: F401  (exports: registers the job runners)

        extensions.register()
