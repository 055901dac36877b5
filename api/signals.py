"""A key that changes (revoked, renamed, deleted) replaces its cached copy when the change commits."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.db import transaction
from django_tenants.utils import schema_context

from api.models import ApiKey
from api.selectors import KEY_SECONDS, key_cache_key
from core.tenancy import current_schema


def api_key_changed(sender: Any, instance: ApiKey, **kwargs: Any) -> None:
    digest, pk, schema = instance.key_hash, instance.pk, current_schema()
    cache.delete(key_cache_key(digest))

    def replace() -> None:
        with schema_context(schema):
            # `set`, not `add`: this copy is newer than any a call read before the commit.
            cache.set(key_cache_key(digest), ApiKey.objects.filter(pk=pk).first() or False, KEY_SECONDS)

    transaction.on_commit(replace)
