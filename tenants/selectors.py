from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django_tenants.utils import get_public_schema_name

from core.tenancy import current_schema
from tenants.models import Province


def province_list() -> QuerySet[Province]:
    """Every province (the public tenant excluded), in the official order of statistics codes."""
    return Province.objects.exclude(schema_name=get_public_schema_name()).prefetch_related("domains").order_by("code")


def current_province() -> Province:
    """The province whose schema is in use: the tenant the request resolved (no query), else read."""
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Province) and tenant.schema_name == current_schema():
        return tenant
    return Province.objects.get(schema_name=current_schema())


def province_for_settings(*, request: HttpRequest) -> Province:
    """The request's own province, read afresh (the middleware's copy may come from the cache); the
    settings page has no identifier in its address, so no other province can be reached through it."""
    tenant = getattr(request, "tenant", None)
    if not isinstance(tenant, Province) or tenant.is_public:
        raise Http404
    return Province.objects.get(pk=tenant.pk)
