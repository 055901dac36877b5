"""Rate limits in fixed windows: one counter per client and window, counted in one round trip.

DRF's own throttles keep every request's time of the last window in one cache entry, read and
rewritten whole on each call — a list as long as the rate allows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle, UserRateThrottle

from api.models import ApiKey
from core.cache import hit


class FixedWindowMixin:
    rate: str | None
    num_requests: int
    duration: int
    get_cache_key: Callable[[Request, Any], str | None]  # the throttle class's own

    def allow_request(self, request: Request, view: Any) -> bool:
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        window, self.remaining_in_window = divmod(self.timer(), self.duration)  # type: ignore[attr-defined]
        return hit(f"{ident}:{int(window)}", self.duration) <= self.num_requests

    def wait(self) -> float:
        """Seconds until the window ends (the Retry-After header)."""
        return max(1.0, self.duration - self.remaining_in_window)


class ApiKeyRateThrottle(FixedWindowMixin, SimpleRateThrottle):
    """Each key has its own budget (the cache key function adds the schema: keys of two provinces
    with the same id never share one)."""

    scope = "api_key"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not isinstance(request.auth, ApiKey):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class SessionRateThrottle(FixedWindowMixin, UserRateThrottle):
    """Signed-in people (and anonymous visitors, by address); calls made with a key count only
    against the key's own budget."""

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if isinstance(request.auth, ApiKey):
            return None
        return super().get_cache_key(request, view)
