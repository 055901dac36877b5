"""The cache backend, and a counter for rate limits.

Every key the portal caches carries the schema of the connection (django-tenants' key function),
so one province never reads another's entries.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient


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


def hit(key: str, seconds: int) -> int:
    """Counts one more hit on `key` and returns the count; the count lives `seconds` from its first
    hit. One round trip to Redis (INCR and EXPIRE NX in a pipeline)."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        full_key = backend.make_and_validate_key(key)
        pipe = backend._cache.get_client(full_key, write=True).pipeline(transaction=False)
        pipe.incr(full_key)
        pipe.expire(full_key, seconds, nx=True)
        count, _expiry = pipe.execute()
        return int(count)
    backend.add(key, 0, seconds)  # the local-memory cache of `make run` without Redis
    return int(backend.incr(key))
