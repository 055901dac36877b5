"""Enterprises sign up by themselves with their tax code; the department links or adds them. The
form never tells a visitor whether an e-mail already has an account."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core import mail
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import User
from assessments.models import SignupRequest
from enterprises.models import Enterprise, EnterpriseAccount
from enterprises.services import enterprise_save
from tests.conftest import World, client_for, host

FORM = {
    "name": "Công ty TNHH Tự Đăng Ký",
    "full_name": "Đỗ Văn Tự",
    "email": "tu@tudangky.vn",
    "phone": "0251 3888 999",
    "password1": "tu-dang-ky-2026!",
    "password2": "tu-dang-ky-2026!",
}


def _sign_up(visitor: Client, capture: Any, **changes: str) -> Any:
    with capture(execute=True):
        return visitor.post("/assessments/signup/", FORM | {"tax_code": "0101243150"} | changes)


def _link(address: str) -> str:
    message = [m for m in mail.outbox if m.to == [address]][-1]
    found = re.search(r"http://dong-nai\.localhost(/assessments/signup/confirm/\S+)", str(message.body))
    assert found is not None, message.body
    return found.group(1)


def _confirmed(visitor: Client, capture: Any, **changes: str) -> Client:
    """Sign up and follow the e-mail's link: the visitor is then logged in."""
    _sign_up(visitor, capture, **changes)
    assert visitor.post(_link(changes.get("email", FORM["email"]))).status_code == 302
    return visitor


def _login(world: World, email: str, password: str) -> int:
    return (
        Client(HTTP_HOST=host(world.province_a))
        .post("/accounts/login/", {"username": email, "password": password})
        .status_code
    )


def test_a_taken_email_gets_the_same_answer_and_its_owner_an_email(
    world: World, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    answers = []
    for email in ("moi@tudangky.vn", "officer@dong-nai.vn"):
        visitor = client_for(world.province_a)
        response = _sign_up(visitor, django_capture_on_commit_callbacks, email=email)
        assert settings.SESSION_COOKIE_NAME not in visitor.cookies  # nobody is logged in either way
        text = response.content.decode().replace(email, "EMAIL")
        page = re.sub(r"[\w+/=-]{20,}", "", text)  # without the CSP nonce and the CSRF token
        answers.append((response.status_code, page))
    assert answers[0] == answers[1]
    assert answers[0][0] == 200
    assert "Kiểm tra hộp thư" in answers[0][1]
    owner_mail = [m for m in mail.outbox if m.to == ["officer@dong-nai.vn"]]
    assert len(owner_mail) == 1
    assert "đã có tài khoản" in owner_mail[0].body
    assert "http://dong-nai.localhost/accounts/login/" in owner_mail[0].body
    assert "http://dong-nai.localhost/accounts/password-reset/" in owner_mail[0].body
    assert "/signup/confirm/" not in owner_mail[0].body
    with schema_context(world.province_a.schema_name):
        assert not SignupRequest.objects.filter(user__email="officer@dong-nai.vn").exists()
    assert _login(world, "officer@dong-nai.vn", "tu-dang-ky-2026!") == 200  # the password is unchanged
    assert _link("moi@tudangky.vn")


def test_the_account_opens_only_from_the_emailed_link(
    world: World, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    visitor = client_for(world.province_a)
    _sign_up(visitor, django_capture_on_commit_callbacks)
    assert _login(world, FORM["email"], FORM["password1"]) == 200  # not open yet: the usual message
    officer = client_for(world.province_a, world.staff_a)
    assert "Công ty TNHH Tự Đăng Ký" not in officer.get("/assessments/signups/").text  # unconfirmed
    link = _link(FORM["email"])
    page = visitor.get(link)  # a mail scanner's visit opens nothing
    assert page.status_code == 200
    assert "Xác nhận" in page.text
    assert _login(world, FORM["email"], FORM["password1"]) == 200
    confirmed = visitor.post(link)
    assert confirmed.url == "/assessments/mine/"  # type: ignore[attr-defined]
    assert "đang chờ Sở" in visitor.get("/assessments/mine/").text
    assert visitor.get(link).status_code == 404  # used once
    assert "Công ty TNHH Tự Đăng Ký" in officer.get("/assessments/signups/").text
    assert _login(world, FORM["email"], FORM["password1"]) == 302


def test_signing_up_again_before_confirming_replaces_the_first_attempt(
    world: World, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    """Someone who typed another person's address cannot keep it: the mailbox's owner signs up anyway."""
    _sign_up(client_for(world.province_a), django_capture_on_commit_callbacks, password1="ke-gia-mao-2026!",
             password2="ke-gia-mao-2026!")  # fmt: skip
    first = _link(FORM["email"])
    owner = client_for(world.province_a)
    _sign_up(owner, django_capture_on_commit_callbacks, name="Công ty Thật")
    assert owner.get(first).status_code == 404
    assert owner.post(_link(FORM["email"])).status_code == 302
    assert _login(world, FORM["email"], FORM["password1"]) == 302
    assert _login(world, FORM["email"], "ke-gia-mao-2026!") == 200
    with schema_context(world.province_a.schema_name):
        assert SignupRequest.objects.get().name == "Công ty Thật"


def test_a_known_tax_code_is_linked_after_approval(
    world: World, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    with schema_context(world.province_a.schema_name):
        known = enterprise_save(enterprise=Enterprise(tax_code="0100109106", name="Công ty Có Sẵn"), user=world.admin_a)
    visitor = _confirmed(client_for(world.province_a), django_capture_on_commit_callbacks, tax_code="0100 109 106")
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


def test_an_unknown_tax_code_joins_the_registry_when_approved(
    world: World, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    _confirmed(client_for(world.province_a), django_capture_on_commit_callbacks)
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
    with schema_context(world.province_a.schema_name):
        assert not SignupRequest.objects.exists()
        assert not User.objects.filter(email="tu@tudangky.vn").exists()
    assert mail.outbox == []


def test_a_forged_confirmation_link_opens_nothing(world: World, db: None) -> None:
    visitor = client_for(world.province_a)
    for link in ("/assessments/signup/confirm/Zm9v/abc-123/", "/assessments/signup/confirm/!!/x/"):
        assert visitor.get(link).status_code == 404
        assert visitor.post(link).status_code == 404


def test_a_rejection_needs_a_reason_and_only_the_department_decides(
    world: World, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    visitor = _confirmed(client_for(world.province_a), django_capture_on_commit_callbacks)
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
