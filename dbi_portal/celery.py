"""Celery application; tenant-aware so every task runs in the schema it was sent from."""

from __future__ import annotations

import logging.config
import os
from typing import Any

from celery import signals
from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dbi_portal.settings")

app = CeleryApp("dbi_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def _log_like_django(**kwargs: Any) -> None:
    """The worker and beat log through Django's LOGGING (JSON with the province and job, or text;
    core/logs.py) instead of Celery's own set-up, which would replace the root logger's handlers
    and turn stdout into a logger. LOG_LEVEL, not --loglevel, sets the level."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
