"""The one place that reads the current schema off the connection (django-stubs doesn't know it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection

if TYPE_CHECKING:
    from tenants.models import Province


def current_schema() -> str:
    return str(connection.schema_name)  # type: ignore[attr-defined]


def current_province() -> Province:
    """The province whose schema is in use: the tenant the request resolved (no query), else read."""
    from tenants.models import Province

    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Province) and tenant.schema_name == current_schema():
        return tenant
    return Province.objects.get(schema_name=current_schema())
