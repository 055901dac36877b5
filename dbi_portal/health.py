"""Health endpoints: /healthz for the web process (database, cache, broker, media storage), and
/healthz/worker for Celery (it fails when no worker answers a ping, so it has its own URL).

`/healthz?format=json` names each part with "OK" or what is wrong; when any part is down the answer
is 503 Service Unavailable, so a load balancer or compose takes the instance out until it recovers.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import path
from health_check.views import HealthCheckView


class PortalHealthView(HealthCheckView):
    """The library answers 500 when a check fails; a part being down is 503, not a bug of ours."""

    async def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
        response["Cache-Control"] = "no-store"
        return response


def _redis_client() -> Any:
    from redis.asyncio import Redis

    # Read at each probe, not at import, so the address in force is the one checked.
    return Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)


def _web_checks() -> list[Any]:
    checks: list[Any] = [
        "health_check.checks.Database",
        "health_check.checks.Cache",
        "health_check.checks.Storage",  # media: full or read-only disk
    ]
    if settings.REDIS_URL:
        checks.append(("health_check.contrib.redis.Redis", {"client_factory": _redis_client}))
    return checks


urlpatterns = [
    path("healthz", PortalHealthView.as_view(checks=_web_checks()), name="healthz"),
    path(
        "healthz/worker", PortalHealthView.as_view(checks=["health_check.contrib.celery.Ping"]), name="healthz-worker"
    ),
]
