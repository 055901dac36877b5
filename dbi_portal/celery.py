"""Celery application; tenant-aware so every task runs in the schema it was sent from."""

from __future__ import annotations

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dbi_portal.settings")

app = CeleryApp("dbi_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
