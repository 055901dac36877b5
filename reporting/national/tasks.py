"""Celery tasks of the national site."""

from __future__ import annotations

from celery import shared_task

from reporting.national.services import snapshots_refresh


@shared_task(name="national.tasks.snapshots_refresh_task")
def snapshots_refresh_task() -> int:
    """Nightly, once (from the public schema): refresh every province's live snapshot of the year."""
    return snapshots_refresh()
