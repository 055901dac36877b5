"""The one place that reads the current schema off the connection (django-stubs doesn't know it)."""

from __future__ import annotations

from django.db import connection


def current_schema() -> str:
    return str(connection.schema_name)  # type: ignore[attr-defined]
