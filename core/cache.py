"""The cache backend, and a counter for rate limits.

Every key the portal caches carries the schema of the connection (django-tenants' key function),
so one province never reads another's entries.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import transaction
from django_tenants.utils import schema_context

from core.tenancy import current_schema


class _ReusedClient(RedisCacheClient):
    """Django's client builds a new `redis.Redis` (and copies its ~170 response callbacks) for every
    cache call; one per connection pool is enough, since a `redis.Redis` is safe to share."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class PortalRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ReusedClient


def redis_client() -> Any:
    """The cache's Redis client, for lists and pipelines; None with the local-memory cache."""
    backend = caches["default"]
    return backend._cache.get_client(write=True) if isinstance(backend, RedisCache) else None


def hit(key: str, seconds: int) -> int:
    """Counts one more hit on `key` and returns the count; the count lives `seconds` from its first
    hit. One round trip to Redis (INCR and EXPIRE NX in a pipeline)."""
    backend = caches["default"]
    client = redis_client()
    if client is not None:
        full_key = backend.make_and_validate_key(key)
        pipe = client.pipeline(transaction=False)
        pipe.incr(full_key)
        pipe.expire(full_key, seconds, nx=True)
        count, _expiry = pipe.execute()
        return int(count)
    backend.add(key, 0, seconds)  # the local-memory cache of `make run` without Redis
    return int(backend.incr(key))


def stamp(name: str) -> int:
    """The current stamp of a group of records. Cache keys of what is drawn from those records
    include it, so that `stamp_renew` makes every such entry unreachable at once."""
    value: int = cache.get_or_set(f"stamp:{name}", time.time_ns, None)  # type: ignore[assignment]
    return value


def stamp_renew(name: str) -> None:
    """The records changed: a new stamp now, and again when the transaction commits (a page drawn in
    between may have cached the records as they were)."""
    schema = current_schema()

    def renew() -> None:
        with schema_context(schema):
            cache.set(f"stamp:{name}", time.time_ns(), None)

    renew()
    transaction.on_commit(renew)


# Every figure of a province (statistics, API answers, the dashboard) is kept under a key that
# carries this stamp; a write that moves a figure renews it, so the next request counts afresh.
FIGURES_STAMP = "figures"


def figures_changed() -> None:
    """Records that figures count changed in this province: its kept figures are stale from now
    (and again on commit). Bulk writes that send no model signal call it themselves."""
    stamp_renew(FIGURES_STAMP)
