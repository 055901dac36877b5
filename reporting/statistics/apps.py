from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save

# The dashboard's reporting calendar and overdue updates are drawn from these records.
CALENDAR_STAMP = "dashboard-calendar"
CALENDAR_SOURCES = (
    "programme.Plan",
    "programme.Task",
    "programme.TaskUpdate",
    "programme.Agency",
    "reports.YearlyReport",
)
# Every figure is counted from these records: a save or delete of any makes the province's kept
# figures stale on commit (bulk writes that send no signal call `figures_changed` themselves).
FIGURE_SOURCES = (
    "enterprises.Enterprise",
    "assessments.Assessment",
    "assessments.ModelVersion",
    "programme.Plan",
    "programme.Task",
    "programme.Target",
    "programme.Budget",
    "programme.Activity",
    "programme.Participant",
    "programme.Support",
    "programme.Honour",
)


def _calendar_changed(sender: Any, **kwargs: Any) -> None:
    from core.cache import stamp_renew

    stamp_renew(CALENDAR_STAMP)


def _figures_changed(sender: Any, **kwargs: Any) -> None:
    from core.cache import figures_changed

    figures_changed()


def _province_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A province's settings (counted states, report dates) are saved in the public schema: the
    stamp renewed is the province's own."""
    from django_tenants.utils import get_public_schema_name, schema_context

    from core.cache import figures_changed

    if instance.schema_name != get_public_schema_name():
        with schema_context(instance.schema_name):
            figures_changed()


class StatsConfig(AppConfig):
    name = "reporting.statistics"
    label = "stats"
    verbose_name = "Statistics"

    def ready(self) -> None:
        from django.apps import apps

        from assessments.extensions import peers_register, wave_report_register
        from enterprises import extensions
        from reporting.statistics import exports  # noqa: F401  (registers the programme tables' job runner)
        from reporting.statistics.peers import peer_medians
        from reporting.statistics.selectors import RegistryLevels
        from reporting.statistics.waves import wave_report

        extensions.levels_register(RegistryLevels())
        wave_report_register(wave_report)
        peers_register(peer_medians)

        for label in CALENDAR_SOURCES:
            model = apps.get_model(label)
            post_save.connect(_calendar_changed, sender=model, dispatch_uid=f"stats.calendar.{label}.saved")
            post_delete.connect(_calendar_changed, sender=model, dispatch_uid=f"stats.calendar.{label}.deleted")
        for label in FIGURE_SOURCES:
            model = apps.get_model(label)
            post_save.connect(_figures_changed, sender=model, dispatch_uid=f"stats.figures.{label}.saved")
            post_delete.connect(_figures_changed, sender=model, dispatch_uid=f"stats.figures.{label}.deleted")
        co_organisers = apps.get_model("programme.Activity").co_organisers.through
        m2m_changed.connect(_figures_changed, sender=co_organisers, dispatch_uid="stats.figures.co_organisers")
        post_save.connect(
            _province_changed, sender=apps.get_model("tenants.Province"), dispatch_uid="stats.figures.province"
        )
