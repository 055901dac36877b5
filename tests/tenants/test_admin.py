from __future__ import annotations

from django.test import Client
from django_tenants.utils import schema_context, schema_exists

from accounts.models import User
from accounts.roles import NationalRole
from tenants.models import Province
from tests.conftest import World
from tests.factories import UserFactory

FORM = {
    "name": "Quảng Ninh",
    "unit_type": "tinh",
    "code": "22",
    "slug": "quang-ninh",
    "department_name": "Sở Khoa học và Công nghệ",
    "ministry_name": "Bộ Khoa học và Công nghệ",
    "plan_number": "",
    "plan_date": "",
    "plan_title": "",
    "agency_report_day": "5",
    "agency_report_month": "12",
    "ministry_report_day": "",
    "ministry_report_month": "",
}


def _superadmin() -> Client:
    user = User.objects.create_superuser("root@localhost", "root-password-2026")
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def test_superadmin_creates_a_province_in_the_admin(world: World, db: None) -> None:
    response = _superadmin().post("/admin/tenants/province/add/", FORM, follow=True)
    assert response.status_code == 200
    province = Province.objects.get(slug="quang-ninh")
    assert province.agency_report_deadline == "05/12"
    assert schema_exists("quang_ninh")
    assert "admin@quang-ninh.localhost" in response.text  # the new admin's login, with its one-time password
    with schema_context("quang_ninh"):
        assert User.objects.filter(email="admin@quang-ninh.localhost").exists()


def test_admin_refuses_a_taken_slug_with_a_message(world: World, db: None) -> None:
    response = _superadmin().post("/admin/tenants/province/add/", {**FORM, "slug": "dong-nai", "code": "23"})
    assert response.status_code == 200
    assert "đã có tỉnh, thành phố dùng tên miền con" in response.text.lower()
    assert not Province.objects.filter(code="23").exists()


def test_ministry_account_without_staff_rights_cannot_reach_the_admin(world: World, db: None) -> None:
    client = Client(HTTP_HOST="localhost")
    viewer = UserFactory.create(email="viewer@localhost", role=NationalRole.MINISTRY_VIEWER)
    client.force_login(viewer)
    assert client.get("/admin/tenants/province/").status_code == 302
