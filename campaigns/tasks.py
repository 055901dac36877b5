"""Celery tasks: they receive ids and call one service. The schema comes from tenant-schemas-celery."""

from __future__ import annotations

from campaigns.services import update_reminders_send
from dbi_portal.celery import app


@app.task(name="programme.tasks.update_reminders_task")
def update_reminders_task() -> int:
    """Daily (once per province): remind lead agencies of overdue yearly task updates, once each."""
    return update_reminders_send()
