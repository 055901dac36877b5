"""Enterprises sign up by themselves with their tax code; the department links or adds them."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django_tenants.utils import schema_context

from accounts.models import User
from assessments.models import SignupRequest
from enterprises.models import Enterprise, EnterpriseAccount
from enterprises.services import enterprise_save
from tests.conftest import World, client_for

FORM = {
    "name": "Công ty TNHH Tự Đăng Ký",
    "full_name": "Đỗ Văn Tự",
    "email": "tu@tudangky.vn",
    "phone": "0251 3888 999",
    "password1": "tu-dang-ky-2026!",
    "password2": "tu-dang-ky-2026!",
}


def test_a_known_tax_code_is_linked_after_approval(
    world: World, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    with schema_context(world.province_a.schema_name):
        known = enterprise_save(enterprise=Enterprise(tax_code="0100109106", name="Công ty Có Sẵn"), user=world.admin_a)
    visitor = client_for(world.province_a)
    response = visitor.post("/assessments/signup/", FORM | {"tax_code": "0100 109 106"})
    assert response.url == "/assessments/mine/"  # type: ignore[attr-defined]
    waiting = visitor.get("/assessments/mine/")
    assert "đang chờ Sở" in waiting.text
    assert visitor.post("/assessments/start/").status_code == 404  # not linked yet
    officer = client_for(world.province_a, world.staff_a)
    listing = officer.get("/assessments/signups/")
    assert "Công ty Có Sẵn" in listing.text  # the registry's record of that code
    with schema_context(world.province_a.schema_name):
        request = SignupRequest.objects.get()
        assert request.tax_code == "0100109106"
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(f"/assessments/signups/{request.uuid}/decide/", {"decision": "approve"})
    assert mail.outbox[-1].to == ["tu@tudangky.vn"]
    with schema_context(world.province_a.schema_name):
        assert EnterpriseAccount.objects.get(user__email="tu@tudangky.vn").enterprise == known
    assert visitor.post("/assessments/start/").status_code == 302


def test_an_unknown_tax_code_joins_the_registry_when_approved(world: World, db: None) -> None:
    visitor = client_for(world.province_a)
    visitor.post("/assessments/signup/", FORM | {"tax_code": "0101243150"})
    with schema_context(world.province_a.schema_name):
        request = SignupRequest.objects.get()
        assert not Enterprise.objects.filter(tax_code="0101243150").exists()
    client_for(world.province_a, world.staff_a).post(
        f"/assessments/signups/{request.uuid}/decide/", {"decision": "approve"}
    )
    with schema_context(world.province_a.schema_name):
        enterprise = Enterprise.objects.get(tax_code="0101243150")
        assert (enterprise.name, enterprise.email) == ("Công ty TNHH Tự Đăng Ký", "tu@tudangky.vn")


def test_bad_input_is_explained_and_creates_nothing(world: World, db: None) -> None:
    visitor = client_for(world.province_a)
    response = visitor.post("/assessments/signup/", FORM | {"tax_code": "0100109107"})
    assert response.status_code == 200
    assert "Chữ số kiểm tra (chữ số thứ 10) không khớp" in response.text
    response = visitor.post("/assessments/signup/", FORM | {"tax_code": "0100109106", "email": "officer@dong-nai.vn"})
    assert "đã có tài khoản" in response.text
    with schema_context(world.province_a.schema_name):
        assert not SignupRequest.objects.exists()
        assert not User.objects.filter(email="tu@tudangky.vn").exists()


def test_a_rejection_needs_a_reason_and_only_the_department_decides(world: World, db: None) -> None:
    visitor = client_for(world.province_a)
    visitor.post("/assessments/signup/", FORM | {"tax_code": "0101243150"})
    with schema_context(world.province_a.schema_name):
        request = SignupRequest.objects.get()
    url = f"/assessments/signups/{request.uuid}/decide/"
    assert visitor.post(url, {"decision": "approve"}).status_code == 404
    assert client_for(world.province_b, world.admin_b).post(url, {"decision": "approve"}).status_code == 404
    officer = client_for(world.province_a, world.staff_a)
    response = officer.post(url, {"decision": "reject", "reason": ""}, follow=True)
    assert "Hãy ghi lý do từ chối" in response.text
    officer.post(url, {"decision": "reject", "reason": "Mã số thuế không thuộc tỉnh"})
    assert "Mã số thuế không thuộc tỉnh" in visitor.get("/assessments/mine/").text
