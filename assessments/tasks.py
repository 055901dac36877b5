"""Celery tasks: they receive ids and call one service. The schema comes from tenant-schemas-celery."""

from __future__ import annotations

from assessments.services.invitations import wave_reminders_send
from dbi_portal.celery import app


@app.task(name="assessments.tasks.wave_reminders_task")
def wave_reminders_task() -> int:
    """Daily (once per province): the weekly reminder to invited enterprises that have not submitted."""
    return wave_reminders_send()
