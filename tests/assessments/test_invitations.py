"""Invitations by e-mail (one enterprise, or a wave built from the registry's filters), the personal
link that creates or links the enterprise's account, weekly reminders, and the wave report."""

from __future__ import annotations

import re
import socket
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from assessments.models import Assessment, Invitation, Wave
from assessments.services.invitations import wave_reminders_send
from core.models import AuditEntry
from enterprises.models import Enterprise, EnterpriseAccount
from enterprises.services import enterprise_save
from tests.assessments.conftest import fill_everything
from tests.conftest import World, client_for
from tests.factories import UserFactory

LINK = re.compile(r"https?://dong-nai\.localhost(?::\d+)?(/assessments/invitations/[^/\s]+/)")


def make(world: World, tax_code: str, name: str, email: str = "", tags: list[str] | None = None) -> Enterprise:
    with schema_context(world.province_a.schema_name):
        return enterprise_save(
            enterprise=Enterprise(tax_code=tax_code, name=name, email=email, tags=tags or []), user=world.admin_a
        )


def invite(world: World, enterprise: Enterprise, capture: Any, email: str = "") -> str:
    officer = client_for(world.province_a, world.staff_a)
    with capture(execute=True):
        response = officer.post("/assessments/invite/", {"enterprise": str(enterprise.uuid), "email": email})
    assert response.status_code == 302
    match = LINK.search(str(mail.outbox[-1].body))
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_an_invited_enterprise_creates_its_account_from_the_link(
    world: World, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    enterprise = make(world, "0100109106", "Công ty TNHH Minh Phát", "lienhe@minhphat.vn")
    path = invite(world, enterprise, django_capture_on_commit_callbacks)
    message = mail.outbox[-1]
    assert message.to == ["lienhe@minhphat.vn"]
    assert "Công ty TNHH Minh Phát" in message.body
    visitor = client_for(world.province_a)
    page = visitor.get(path)
    assert page.status_code == 200
    assert "lienhe@minhphat.vn" in page.text
    weak = visitor.post(path, {"full_name": "Phạm Lan", "password1": "123", "password2": "123"})
    assert weak.status_code == 200
    response = visitor.post(
        path, {"full_name": "Phạm Lan", "password1": "minh-phat-2026!", "password2": "minh-phat-2026!"}
    )
    assert response.url == "/assessments/mine/"  # type: ignore[attr-defined]
    assert "Công ty TNHH Minh Phát" in visitor.get("/assessments/mine/").text  # logged in, acting for it
    with schema_context(world.province_a.schema_name):
        user = User.objects.get(email="lienhe@minhphat.vn")
        assert user.role == Role.ENTERPRISE
        assert EnterpriseAccount.objects.get(user=user).enterprise == enterprise
        assert Invitation.objects.get(enterprise=enterprise).accepted_at is not None
        assert AuditEntry.objects.filter(action="invitation.accept").exists()
    # Opened again, the link leads to the login page rather than a second account.
    # It says why on the login page, and opens no session for a visitor who has not signed in.
    stranger = client_for(world.province_a)
    again = stranger.get(path, follow=True)
    assert again.redirect_chain[-1][0].startswith("/accounts/login/")
    assert "hãy đăng nhập bằng địa chỉ e-mail đã nhận lời mời" in again.text
    assert "sessionid" not in stranger.cookies


def test_a_link_that_is_wrong_or_old_says_so(world: World, db: None, django_capture_on_commit_callbacks: Any) -> None:
    visitor = client_for(world.province_a)
    response = visitor.get("/assessments/invitations/khong-dung/")
    assert response.status_code == 404
    assert "không hợp lệ" in response.text
    enterprise = make(world, "0100109106", "Công ty TNHH Minh Phát", "lienhe@minhphat.vn")
    path = invite(world, enterprise, django_capture_on_commit_callbacks)
    with schema_context(world.province_a.schema_name):
        Invitation.objects.update(sent_at=timezone.now() - timedelta(days=91))
    assert "đã hết hạn" in visitor.get(path).text
    # A link of province A means nothing on province B's site.
    assert client_for(world.province_b).get(path).status_code == 404


def test_an_address_of_a_department_account_is_not_taken_over(
    world: World, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    enterprise = make(world, "0100109106", "Công ty TNHH Minh Phát")
    path = invite(world, enterprise, django_capture_on_commit_callbacks, email="officer@dong-nai.vn")
    response = client_for(world.province_a).get(path)
    assert response.status_code == 400
    assert "tài khoản của Sở" in response.text
    with schema_context(world.province_a.schema_name):
        assert not EnterpriseAccount.objects.exists()


def test_an_enterprise_without_email_cannot_be_invited_by_email(world: World, db: None) -> None:
    enterprise = make(world, "0100109106", "Công ty TNHH Minh Phát")
    officer = client_for(world.province_a, world.staff_a)
    response = officer.post(
        "/assessments/invite/", {"enterprise": str(enterprise.uuid), "email": "khong-phai-email"}, follow=True
    )
    assert "không phải địa chỉ thư điện tử" in response.text
    assert mail.outbox == []


@pytest.fixture
def wave(world: World, db: None, django_capture_on_commit_callbacks: Any) -> Wave:
    make(world, "0100109106", "Công ty Xuất Khẩu Một", "mot@xk.vn", ["xuất khẩu"])
    make(world, "0100233583", "Công ty Xuất Khẩu Hai", "", ["xuất khẩu"])
    make(world, "0101243150", "Công ty Trong Nước", "trongnuoc@tn.vn")
    officer = client_for(world.province_a, world.staff_a)
    form = officer.get("/assessments/waves/new/", {"tag": "xuất khẩu"})
    assert "2 doanh nghiệp" in form.text
    today = timezone.localdate()
    data = {
        "tag": "xuất khẩu",
        "name": "Đợt đánh giá 2026",
        "starts_on": today - timedelta(days=10),
        "ends_on": today + timedelta(days=50),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post("/assessments/waves/new/", data)
    assert response.status_code == 302
    with schema_context(world.province_a.schema_name):
        return Wave.objects.get()


def test_a_wave_invites_the_filtered_list_and_keeps_those_without_email(world: World, wave: Wave) -> None:
    assert [message.to for message in mail.outbox] == [["mot@xk.vn"]]
    with schema_context(world.province_a.schema_name):
        listed = dict(Invitation.objects.filter(wave=wave).values_list("enterprise__name", "email"))
    assert listed == {"Công ty Xuất Khẩu Một": "mot@xk.vn", "Công ty Xuất Khẩu Hai": ""}
    page = client_for(world.province_a, world.staff_a).get(f"/assessments/waves/{wave.uuid}/")
    assert page.status_code == 200
    assert "Đợt đánh giá 2026" in page.text


def test_reminders_go_weekly_and_stop_on_submit(
    world: World, wave: Wave, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    with schema_context(world.province_a.schema_name):
        assert wave_reminders_send() == 0  # invited today: too early
        Invitation.objects.filter(wave=wave).update(sent_at=timezone.now() - timedelta(days=8))
        with django_capture_on_commit_callbacks(execute=True):
            assert wave_reminders_send() == 1
            assert wave_reminders_send() == 0  # at most one a week
    assert mail.outbox[-1].to == ["mot@xk.vn"]
    assert "Nhắc lại" in mail.outbox[-1].subject
    path = LINK.search(str(mail.outbox[-1].body)).group(1)  # type: ignore[union-attr]
    visitor = client_for(world.province_a)
    visitor.post(path, {"full_name": "Lê Một", "password1": "xuat-khau-2026!", "password2": "xuat-khau-2026!"})
    visitor.post("/assessments/start/")
    with schema_context(world.province_a.schema_name):
        assessment = Assessment.objects.get(enterprise__name="Công ty Xuất Khẩu Một")
        assert assessment.wave == wave
        definition = assessment.version.definition
    fill_everything(visitor, assessment, definition)
    visitor.post(f"/assessments/{assessment.uuid}/submit/")
    with schema_context(world.province_a.schema_name):
        Invitation.objects.filter(wave=wave).update(last_reminded_at=timezone.now() - timedelta(days=8))
        assert wave_reminders_send() == 0  # submitted: no more reminders
    officer = client_for(world.province_a, world.staff_a)
    before = officer.get(f"/assessments/waves/{wave.uuid}/")
    assert "Chi phí đầu tư cho chuyển đổi số cao" not in before.text  # submitted, not yet validated
    officer.post(f"/assessments/{assessment.uuid}/decide/", {"decision": "validate"})
    report = officer.get(f"/assessments/waves/{wave.uuid}/")
    assert "Chi phí đầu tư cho chuyển đổi số cao — 1" in report.text  # the barriers it ticked (C1, C3)


def test_only_the_department_manages_waves(world: World, wave: Wave) -> None:
    with schema_context(world.province_a.schema_name):
        expert = UserFactory.create(email="cg@dong-nai.vn", role=Role.EXPERT)
    for path in ("/assessments/waves/", "/assessments/waves/new/", f"/assessments/waves/{wave.uuid}/"):
        assert client_for(world.province_a, expert).get(path).status_code == 404
        assert client_for(world.province_b, world.admin_b).get(path).status_code in (200, 404)
    assert client_for(world.province_b, world.admin_b).get(f"/assessments/waves/{wave.uuid}/").status_code == 404


def test_a_wave_from_filters_that_no_longer_hold_invites_nobody(world: World, db: None) -> None:
    make(world, "0100109106", "Công ty Một", "mot@xk.vn")
    officer = client_for(world.province_a, world.staff_a)
    today = timezone.localdate()
    data = {"ward": "99999", "name": "Đợt lỗi", "starts_on": today, "ends_on": today + timedelta(days=30)}
    response = officer.post("/assessments/waves/new/", data)
    assert response.status_code == 200
    assert "Bộ lọc cơ sở dữ liệu không còn hợp lệ" in response.text
    with schema_context(world.province_a.schema_name):
        assert not Wave.objects.exists()
    assert mail.outbox == []


def test_an_invitation_is_recorded_and_the_page_answers_when_the_mail_server_is_down(
    world: World, db: None, settings: Any, django_capture_on_commit_callbacks: Any, caplog: Any
) -> None:
    with socket.socket() as probe:  # a port nothing listens on: the mail server is down
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed
    enterprise = make(world, "0100109106", "Công ty Thư Lỗi", "loi@xk.vn")
    officer = client_for(world.province_a, world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = officer.post("/assessments/invite/", {"enterprise": str(enterprise.uuid), "email": "loi@xk.vn"})
    assert response.status_code == 302  # not a 500 after the invitation was committed
    with schema_context(world.province_a.schema_name):
        assert Invitation.objects.filter(enterprise=enterprise).exists()
    assert "could not be sent or queued" in caplog.text  # run in-process here, the task gave up and said so
