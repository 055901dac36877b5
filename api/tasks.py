"""Celery tasks: they receive ids and call one service. The schema comes from tenant-schemas-celery."""

from __future__ import annotations

from celery import shared_task

from api.services import api_calls_flush


@shared_task(name="api.tasks.api_calls_flush_task")
def api_calls_flush_task() -> int:
    """Every minute (once per province, and on the national site): write the queued API calls."""
    return api_calls_flush()
