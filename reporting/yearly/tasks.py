"""Celery tasks: they receive ids and call one service. The schema comes from tenant-schemas-celery."""

from __future__ import annotations

from django.utils import timezone

from dbi_portal.celery import app
from reporting.yearly.services import report_reminders_send


@app.task(name="reports.tasks.report_reminders_task")
def report_reminders_task() -> int:
    """Daily (once per province): remind staff 14 and 3 days before the yearly report is due."""
    return report_reminders_send(today=timezone.localdate())
