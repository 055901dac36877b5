"""The cache backend, and a counter for rate limits.

Every key the portal caches carries the schema of the connection (django-tenants' key function),
so one province never reads another's entries.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import transaction
from django_tenants.utils import schema_context
from redis.exceptions import RedisError

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


logger = logging.getLogger(__name__)
_last_warned = 0.0


def _unavailable(error: Exception) -> None:
    """Redis failed: say so in the log at most once a minute per process (every request would)."""
    global _last_warned
    if time.monotonic() - _last_warned > 60:
        _last_warned = time.monotonic()
        logger.warning("Redis is unavailable, the portal runs without its cache: %s", error)


def _forgiving(default: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def wrap(method: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(method)
        def call(self: Any, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except RedisError as error:
                _unavailable(error)
                if default is _DEFAULT_ARGUMENT:  # get(key, default): the caller's default
                    return args[1] if len(args) > 1 else kwargs.get("default")
                return default() if callable(default) else default

        return call

    return wrap


_DEFAULT_ARGUMENT = object()


class PortalRedisCache(RedisCache):
    """Django's Redis cache, that keeps the site answering when Redis is down: a read misses, a write
    is dropped, and the warning is logged (sessions then come from the database, figures are
    computed afresh, rate limits are not counted). Timeouts are short, so a hung Redis is not waited
    for."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = params.setdefault("OPTIONS", {})
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("socket_timeout", 0.5)
        super().__init__(server, params)
        self._class = _ReusedClient

    get = _forgiving(_DEFAULT_ARGUMENT)(RedisCache.get)
    get_many = _forgiving(dict)(RedisCache.get_many)
    has_key = _forgiving(False)(RedisCache.has_key)
    add = _forgiving(False)(RedisCache.add)
    set = _forgiving(None)(RedisCache.set)
    set_many = _forgiving(list)(RedisCache.set_many)
    touch = _forgiving(False)(RedisCache.touch)
    delete = _forgiving(False)(RedisCache.delete)
    delete_many = _forgiving(None)(RedisCache.delete_many)
    clear = _forgiving(False)(RedisCache.clear)


def redis_client() -> Any:
    """The cache's Redis client, for lists and pipelines; None with the local-memory cache."""
    backend = caches["default"]
    return backend._cache.get_client(write=True) if isinstance(backend, RedisCache) else None


def hit(key: str, seconds: int) -> int:
    """Counts one more hit on `key` and returns the count; the count lives `seconds` from its first
    hit. One round trip to Redis (INCR and EXPIRE NX in a pipeline); 0 while Redis is down."""
    backend = caches["default"]
    client = redis_client()
    if client is not None:
        full_key = backend.make_and_validate_key(key)
        pipe = client.pipeline(transaction=False)
        pipe.incr(full_key)
        pipe.expire(full_key, seconds, nx=True)
        try:
            count, _expiry = pipe.execute()
        except RedisError as error:
            _unavailable(error)
            return 0
        return int(count)
    backend.add(key, 0, seconds)  # the local-memory cache of `make run` without Redis
    return int(backend.incr(key))


def stamp(name: str) -> int:
    """The current stamp of a group of records. Cache keys of what is drawn from those records
    include it, so that `stamp_renew` makes every such entry unreachable at once."""
    value: int = cache.get_or_set(f"stamp:{name}", time.time_ns, None)  # type: ignore[assignment]
    return value


def stamped_get(name: str, key: str) -> tuple[int, Any]:
    """The current stamp of `name` and what `stamped_set` kept under `key`, if it was kept under that
    stamp (else None): one round trip, where a key carrying the stamp takes two (the stamp, then the
    entry). An entry kept before a write that renewed the stamp is never returned."""
    current, found = stamped_get_many({key: name})
    return current[name], found.get(key)


def stamped_get_many(entries: dict[str, str]) -> tuple[dict[str, int], dict[str, Any]]:
    """`stamped_get` for several entries, each key with the name of its stamp, in one round trip:
    the current stamps by name, and the entries still valid by key (the others are missing)."""
    names = set(entries.values())
    found = cache.get_many([*(f"stamp:{name}" for name in names), *entries])
    current = {name: found.get(f"stamp:{name}") or stamp(name) for name in names}
    kept = {}
    for key, name in entries.items():
        entry = found.get(key)
        if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == current[name]:
            kept[key] = entry[1]
    return current, kept


def stamped_set(key: str, current: int, value: Any, seconds: int) -> None:
    """Keep `value` under `key` for `stamped_get`, drawn from the records as they were at stamp
    `current` (read before the value was drawn, so a write meanwhile leaves it unreachable)."""
    cache.set(key, (current, value), seconds)


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


def schema_forget(schema: str) -> int:
    """Drop every entry the schema has cached (a province deleted or restored starts afresh, not with
    figures or stamps of the data it replaced); returns how many. Keys start with the schema
    (django-tenants' key function). Without Redis (`make run`'s local memory) nothing outlives the
    process anyway."""
    client = redis_client()
    if client is None:
        return 0
    try:
        keys = list(client.scan_iter(match=f"{schema}:*", count=1000))
        if keys:
            client.delete(*keys)
    except RedisError as error:
        _unavailable(error)
        return 0
    return len(keys)
