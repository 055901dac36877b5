"""Finding the request's province by its host name, from the cache when it can.

Every request needs its province before anything else; reading it from the cache spares the
domain query (and a `SET search_path` to public). A province or domain that changes is dropped from
the cache at once and again when its transaction commits (see `tenants.signals`)."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name, schema_context

from tenants.models import Province

SECONDS = 600


def domain_cache_key(hostname: str) -> str:
    return f"tenants:domain:{hostname}"


def domain_cache_forget(hostnames: list[str]) -> None:
    with schema_context(get_public_schema_name()):
        cache.delete_many([domain_cache_key(hostname) for hostname in hostnames])


class ProvinceMiddleware(TenantMainMiddleware):
    def get_tenant(self, domain_model: Any, hostname: str) -> Province:
        # The connection is on the public schema here, so is the cache key.
        key = domain_cache_key(hostname)
        province = cache.get(key)
        if province is None:
            province = super().get_tenant(domain_model, hostname)  # raises DoesNotExist: not cached
            cache.set(key, province, SECONDS)
        return province
