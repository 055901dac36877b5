"""Two provinces, created once per test session, and the three actors of every test:
an administrator of province A, an officer of A without rights, and an administrator of B."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest
from django.core.cache import cache
from django.db import connection, connections
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from reference.loaders import reference_data_load
from tenants.models import Province
from tenants.services import public_tenant_ensure
from tests.factories import PASSWORD, ProvinceFactory, UserFactory

T = TypeVar("T")


@dataclass(frozen=True)
class World:
    province_a: Province
    province_b: Province
    admin_a: User
    staff_a: User
    admin_b: User


@pytest.fixture(scope="session")
def world(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> World:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        public_tenant_ensure()
        reference_data_load()
        province_a = ProvinceFactory.create(
            name="Đồng Nai", code="75", slug="dong-nai", admin_email="admin@dong-nai.vn"
        )
        province_b = ProvinceFactory.create(
            name="Thanh Hóa", code="38", slug="thanh-hoa", admin_email="admin@thanh-hoa.vn"
        )
        with schema_context(province_a.schema_name):
            admin_a = User.objects.get(email="admin@dong-nai.vn")
            staff_a = UserFactory.create(email="officer@dong-nai.vn", full_name="Lê Văn Cán", role=Role.PROVINCE_STAFF)
        with schema_context(province_b.schema_name):
            admin_b = User.objects.get(email="admin@thanh-hoa.vn")
    return World(province_a, province_b, admin_a, staff_a, admin_b)


@pytest.fixture(autouse=True)
def _public_schema_after_test() -> Iterator[None]:
    """A request leaves the connection in its province's schema; every test starts in public, with
    an empty cache (a test's rolled-back changes may have been cached, e.g. a province's settings)."""
    yield
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    cache.clear()


def host(province: Province) -> str:
    return f"{province.slug}.localhost"


def client_for(province: Province, user: User | None = None) -> Client:
    """A browser on the province's site, logged in as `user` (whose account lives in that schema)."""
    client = Client(HTTP_HOST=host(province))
    if user is not None:
        with schema_context(province.schema_name):
            client.force_login(user)
    return client


@pytest.fixture
def client_a(world: World, db: None) -> Client:
    return client_for(world.province_a, world.admin_a)


@pytest.fixture
def password() -> str:
    return PASSWORD


def committed(func: Callable[[], T]) -> T:
    """Run `func` in a thread with its own database connection, in autocommit.

    Its writes are visible at once to other processes (a Celery worker, a live server) while the
    test's own transaction stays open; the caller cleans them up the same way.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = func()
        except BaseException as error:
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
