"""Tenant isolation, checked on every URL of the province site (new pages are covered as they
are added): province B's users never see province A's data, and A's pages never show B's."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_tenants.utils import schema_context

from core.models import AuditEntry
from core.services import audit_record
from tests.conftest import World, client_for, host
from tests.routes import ANONYMOUS, a_samples, tenant_routes, urls  # noqa: F401  (a_samples: fixture)

A_MARKERS = ("Đồng Nai", "admin@dong-nai.vn", "officer@dong-nai.vn", "Lê Văn Cán")
B_MARKERS = ("Thanh Hóa", "admin@thanh-hoa.vn")


def _assert_no_data(response: Any, markers: tuple[str, ...], where: str, route: str) -> None:
    # 405 only where a page for anonymous visitors refuses a method (logout answers POST only).
    allowed = (200, 302, 404, 405) if ANONYMOUS.match(route) else (302, 404)
    if route.startswith("api/") and not ANONYMOUS.match(
        route
    ):  # the API answers a wrong method or a visitor without a session itself
        allowed = (401, 403, 404, 405)
    assert response.status_code in allowed, f"{where}: {response.status_code}"
    if response.status_code == 302:  # to the login page; a visitor's page may lead to another page here
        local = response["Location"].startswith("/") and not response["Location"].startswith("//")
        assert response["Location"].startswith("/accounts/login/") or (ANONYMOUS.match(route) and local), where
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    for marker in markers:
        assert marker not in text, f"{where} shows {marker!r}"


def test_routes_are_discovered() -> None:
    routes = list(tenant_routes())
    assert "accounts/users/<uuid:user_id>/" in routes
    assert "jobs/<uuid:job_uuid>/download/" in routes


def test_user_of_b_gets_nothing_of_a_on_any_page(world: World, a_samples: dict[str, list[str]]) -> None:  # noqa: F811
    client_b = client_for(world.province_b, world.admin_b)  # an administrator, with every right in B
    for route in tenant_routes():
        if "<" not in route:
            continue
        for url, _value in urls(route, a_samples):
            for method in ("get", "post"):
                response = getattr(client_b, method)(url)
                _assert_no_data(response, A_MARKERS, f"{method.upper()} {url}", route)


def test_session_of_a_opens_no_page_of_b(world: World, a_samples: dict[str, list[str]]) -> None:  # noqa: F811
    session_a = client_for(world.province_a, world.admin_a).cookies["sessionid"].value
    intruder = Client(HTTP_HOST=host(world.province_b))
    intruder.cookies["sessionid"] = session_a
    for route in tenant_routes():
        for url, _value in urls(route, a_samples):
            _assert_no_data(intruder.get(url), A_MARKERS, f"GET {url}", route)


def test_pages_of_a_never_show_b(world: World, a_samples: dict[str, list[str]]) -> None:  # noqa: F811
    with schema_context(world.province_b.schema_name):
        audit_record(actor=world.admin_b, action="test.marker.b", obj=world.admin_b)
    client_a = client_for(world.province_a, world.admin_a)
    seen = 0
    for route in tenant_routes():
        for url, _value in urls(route, a_samples):
            response = client_a.get(url)
            if response.status_code != 200 or response.streaming:
                continue
            seen += 1
            for marker in B_MARKERS:
                assert marker not in response.text, f"{url} shows {marker!r}"
    assert seen >= 6
    with schema_context(world.province_a.schema_name):
        assert not AuditEntry.objects.filter(action="test.marker.b").exists()
