from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MergerConfig(AppConfig):
    """Provinces that merged in 2025: one province's records taken over by the province it joined."""

    name = "merger"
    verbose_name = _("Province merger")
