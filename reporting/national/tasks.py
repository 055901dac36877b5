"""Celery tasks of the national site."""

from __future__ import annotations

from dbi_portal.celery import app
from reporting.national.services import snapshots_refresh


@app.task(name="national.tasks.snapshots_refresh_task")
def snapshots_refresh_task() -> int:
    """Nightly, once (from the public schema): refresh every province's live snapshot of the year."""
    return snapshots_refresh()
