"""Celery tasks of the registry: they call one service; the province comes from tenant-schemas-celery."""

from __future__ import annotations

from celery import shared_task

from enterprises.importing.batches import import_files_purge


@shared_task(name="enterprises.tasks.import_files_purge_task")
def import_files_purge_task() -> int:
    return import_files_purge()
