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


def test_health_names_the_part_that_is_down_with_a_503(
    world: World, db: None, own_redis: tuple[subprocess.Popen[bytes], str], settings: Any
) -> None:
    server, url = own_redis
    settings.REDIS_URL = url
    caches_setting = {
        "default": {**settings.CACHES["default"], "BACKEND": "core.cache.PortalRedisCache", "LOCATION": url}
    }
    probe = Client(HTTP_HOST=host(world.province_a))
    with override_settings(CACHES=caches_setting):
        healthy = probe.get("/healthz", {"format": "json"})
        assert healthy.status_code == 200, healthy.content
        server.kill()
        server.wait()
        down = probe.get("/healthz", {"format": "json"})
    assert down.status_code == 503
    parts = down.json()
    assert {name.split("(")[0]: value == "OK" for name, value in parts.items()} == {
        "Database": True,
        "Storage": True,
        "Cache": False,
        "Redis": False,
    }


@pytest.fixture
def broker_down() -> Iterator[None]:
    """Tasks go to a broker address where nothing listens (as when Redis has stopped)."""
    from dbi_portal.celery import app

    saved = app.conf.broker_url
    app.conf.update(task_always_eager=False, broker_url=f"redis://127.0.0.1:{_free_port()}/0")
    app._after_fork()  # drop the pooled connections to the real broker
    yield
    app.conf.update(task_always_eager=True, broker_url=saved)
    app._after_fork()


def test_a_job_started_while_the_broker_is_down_says_so_in_words(
    world: World, db: None, broker_down: None, django_capture_on_commit_callbacks: Any
) -> None:
    admin = client_for(world.province_a, world.admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        started = admin.post("/audit/export/", {"action": "job."}, HTTP_ACCEPT_LANGUAGE="vi")
    assert started.status_code == 302
    page = admin.get(started["Location"])
    assert page.status_code == 200
    assert "máy chủ hàng đợi không phản hồi" in page.content.decode()


def test_the_error_page_renders_when_the_session_store_itself_fails(
    world: World, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.contrib.sessions.backends.cached_db import SessionStore

    browser = client_for(world.province_a, world.admin_a)
    browser.raise_request_exception = False

    def unreachable(self: SessionStore) -> dict[str, Any]:
        raise RuntimeError("session store unreachable")

    monkeypatch.setattr(SessionStore, "load", unreachable)
    response = browser.get("/")
    assert response.status_code == 500
    assert "Lỗi hệ thống / Server error" in response.content.decode()
    assert "csrfmiddlewaretoken" not in response.content.decode()
