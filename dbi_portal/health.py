"""Health endpoints: /healthz for the web process (database, cache, broker), and
/healthz/worker for Celery (it answers 500 when no worker is up, so it has its own URL)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import path
from health_check.views import HealthCheckView


def _web_checks() -> list[Any]:
    checks: list[Any] = ["health_check.checks.Database", "health_check.checks.Cache"]
    if settings.REDIS_URL:
        from redis.asyncio import Redis

        url = settings.REDIS_URL
        checks.append(("health_check.contrib.redis.Redis", {"client_factory": lambda: Redis.from_url(url)}))
    return checks


urlpatterns = [
    path("healthz", HealthCheckView.as_view(checks=_web_checks()), name="healthz"),
    path("healthz/worker", HealthCheckView.as_view(checks=["health_check.contrib.celery.Ping"]), name="healthz-worker"),
]
