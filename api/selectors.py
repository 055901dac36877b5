"""Finding the API key a call presents, through the cache: a key is read from the database once an
hour, not on every call."""

from __future__ import annotations

from django.core.cache import cache

from api.models import ApiKey

KEY_SECONDS = 3600


def key_cache_key(digest: str) -> str:
    return f"api:key:{digest}"  # the key function adds the schema: keys never answer in another province


def api_key_by_hash(digest: str) -> ApiKey | None:
    """The key with this hash in the current schema, revoked or not; None when there is none.

    A key read from the database is cached with `add`, never `set`: if the key was revoked after
    this read, the revocation has already put the revoked key in the cache (see `api.signals`)
    and this stale copy is not written over it."""
    entry = cache.get(key_cache_key(digest))
    if entry is None:
        entry = ApiKey.objects.filter(key_hash=digest).first()
        if entry is None:
            return None  # unknown keys are not cached: a made-up key must not fill the cache
        cache.add(key_cache_key(digest), entry, KEY_SECONDS)
    return entry or None  # False: a deleted key
