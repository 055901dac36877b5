from __future__ import annotations

from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle

from api.models import ApiKey


class ApiKeyRateThrottle(SimpleRateThrottle):
    """Each key has its own budget (the cache key function adds the schema: keys of two provinces
    with the same id never share one)."""

    scope = "api_key"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class SessionRateThrottle(UserRateThrottle):
    """Signed-in people (and anonymous visitors, by address); calls made with a key count only
    against the key's own budget."""

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiKey):
            return None
        return super().get_cache_key(request, view)
