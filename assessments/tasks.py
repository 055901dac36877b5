"""Celery tasks: they receive ids and call one service. The schema comes from tenant-schemas-celery."""

from __future__ import annotations

from celery import shared_task

from assessments.services.importing import assessment_import_files_purge
from assessments.services.invitations import wave_reminders_send


@shared_task(name="assessments.tasks.wave_reminders_task")
def wave_reminders_task() -> int:
    """Daily (once per province): the weekly reminder to invited enterprises that have not submitted."""
    return wave_reminders_send()


@shared_task(name="assessments.tasks.import_files_purge_task")
def import_files_purge_task() -> int:
    """Daily (once per province): uploaded survey files past their keeping time are deleted."""
    return assessment_import_files_purge()
