"""Celery tasks: they receive ids and call one service. The schema comes from tenant-schemas-celery."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from reporting.yearly.services import report_reminders_send


@shared_task(name="reports.tasks.report_reminders_task")
def report_reminders_task() -> int:
    """Daily (once per province): remind staff 14 and 3 days before the yearly report is due."""
    return report_reminders_send(today=timezone.localdate())
