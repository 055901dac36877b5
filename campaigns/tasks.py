"""Celery tasks: they receive ids and call one service. The schema comes from tenant-schemas-celery."""

from __future__ import annotations

from celery import shared_task

from campaigns.services import update_reminders_send


@shared_task(name="programme.tasks.update_reminders_task")
def update_reminders_task() -> int:
    """Daily (once per province): remind lead agencies of overdue yearly task updates, once each."""
    return update_reminders_send()
