"""Anonymous visitors get no session (no cookie, no row) until they sign in; CSRF still holds."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django_tenants.utils import schema_context

from tests.conftest import World, host


def _sessions(world: World) -> int:
    with schema_context(world.province_a.schema_name):
        return Session.objects.count()


def _token(page_text: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_text)
    assert found is not None
    return found.group(1)


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/assessments/signup/", "/verify/KHONG-CO/"])
def test_an_anonymous_page_view_opens_no_session(world: World, db: None, path: str) -> None:
    before = _sessions(world)
    visitor = Client(HTTP_HOST=host(world.province_a), enforce_csrf_checks=True)
    response = visitor.get(path, follow=True)
    assert response.status_code in (200, 404)
    assert settings.SESSION_COOKIE_NAME not in visitor.cookies
    assert _sessions(world) == before


def test_the_national_landing_page_opens_no_session(db: None) -> None:
    visitor = Client(HTTP_HOST="localhost")
    assert visitor.get("/").status_code == 200
    assert settings.SESSION_COOKIE_NAME not in visitor.cookies
    assert not Session.objects.exists()


def test_the_language_switch_works_without_a_session_and_needs_the_token(world: World, db: None) -> None:
    visitor = Client(HTTP_HOST=host(world.province_a), enforce_csrf_checks=True)
    page = visitor.get("/accounts/login/")
    assert 'data-testid="language-switcher"' in page.text
    refused = visitor.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert refused.status_code == 403
    switched = visitor.post(
        "/i18n/setlang/", {"language": "en", "next": "/accounts/login/", "csrfmiddlewaretoken": _token(page.text)}
    )
    assert switched.status_code == 302
    assert "Log in" in visitor.get("/accounts/login/").text
    assert settings.SESSION_COOKIE_NAME not in visitor.cookies
    assert _sessions(world) == 0


def test_signing_in_opens_the_session_and_needs_the_token(world: World, db: None, password: str) -> None:
    visitor = Client(HTTP_HOST=host(world.province_a), enforce_csrf_checks=True)
    page = visitor.get("/accounts/login/")
    credentials = {"username": "admin@dong-nai.vn", "password": password}
    assert visitor.post("/accounts/login/", credentials).status_code == 403
    assert settings.SESSION_COOKIE_NAME not in visitor.cookies
    signed_in = visitor.post("/accounts/login/", {**credentials, "csrfmiddlewaretoken": _token(page.text)})
    assert signed_in.status_code == 302
    assert settings.SESSION_COOKIE_NAME in visitor.cookies
    assert _sessions(world) == 1
    assert visitor.get("/").status_code == 200
