"""With Redis down the site keeps answering from the database (a Redis of the test's own is
stopped, so the suite's servers are untouched)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from tests.conftest import World, client_for, host


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def own_redis() -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    port = _free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL
    )
    for _attempt in range(50):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.1)
    yield server, f"redis://127.0.0.1:{port}/0"
    server.kill()
    server.wait()


def test_pages_login_and_the_api_keep_answering_when_redis_stops(
    world: World, db: None, own_redis: tuple[subprocess.Popen[bytes], str], settings: Any
) -> None:
    server, url = own_redis
    settings.STATS_CACHE_SECONDS = 300  # figures go through the cache, as in production
    caches_setting = {
        "default": {**settings.CACHES["default"], "BACKEND": "core.cache.PortalRedisCache", "LOCATION": url}
    }
    with override_settings(CACHES=caches_setting):
        staff = client_for(world.province_a, world.staff_a)
        assert staff.get("/").status_code == 200  # the dashboard, its figures cached in our Redis
        assert cache.get("stamp:figures") is not None
        server.kill()
        server.wait()
        assert staff.get("/").status_code == 200  # the same page, counted afresh
        assert staff.get("/enterprises/").status_code == 200
        visitor = Client(HTTP_HOST=host(world.province_a))
        login = visitor.get("/accounts/login/")
        assert login.status_code == 200
        assert visitor.get("/verify/KHONGCO/").status_code == 404  # answered, not a 500
        assert client_for(world.province_a, world.admin_a).get("/api/v1/statistics/").status_code == 200
