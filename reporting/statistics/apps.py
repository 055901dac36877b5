from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save

# The dashboard's reporting calendar and overdue updates are drawn from these records.
CALENDAR_STAMP = "dashboard-calendar"
CALENDAR_SOURCES = (
    "programme.Plan",
    "programme.Task",
    "programme.TaskUpdate",
    "programme.Agency",
    "reports.YearlyReport",
)


def _calendar_changed(sender: Any, **kwargs: Any) -> None:
    from core.cache import stamp_renew

    stamp_renew(CALENDAR_STAMP)


class StatsConfig(AppConfig):
    name = "reporting.statistics"
    label = "stats"
    verbose_name = "Statistics"

    def ready(self) -> None:
        from django.apps import apps

        from enterprises import extensions
        from reporting.statistics.selectors import RegistryLevels

        extensions.levels_register(RegistryLevels())

        for label in CALENDAR_SOURCES:
            model = apps.get_model(label)
            post_save.connect(_calendar_changed, sender=model, dispatch_uid=f"stats.calendar.{label}.saved")
            post_delete.connect(_calendar_changed, sender=model, dispatch_uid=f"stats.calendar.{label}.deleted")
