from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from core.models import AuditEntry
from tests.conftest import World, client_for, host
from tests.factories import UserFactory


def test_admin_invites_a_user_who_sets_a_password_and_logs_in(
    world: World, db: None, client_a: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(
            "/accounts/users/invite/", {"email": "Expert@Example.vn", "full_name": "Phạm Thu Hà", "role": Role.EXPERT}
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["expert@example.vn"]
    link = re.search(r"http://dong-nai\.localhost(/accounts/invite/\S+)", str(mail.outbox[0].body))
    assert link is not None
    browser = Client(HTTP_HOST=host(world.province_a))
    form = browser.get(link.group(1), follow=True)
    assert "Chào mừng" in form.text
    saved = browser.post(
        form.redirect_chain[-1][0], {"new_password1": "thu-ha-2026-dbi", "new_password2": "thu-ha-2026-dbi"}
    )
    assert saved.status_code == 302
    login = browser.post("/accounts/login/", {"username": "expert@example.vn", "password": "thu-ha-2026-dbi"})
    assert login.status_code == 302
    with schema_context(world.province_a.schema_name):
        user = User.objects.get(email="expert@example.vn")
        assert user.role == Role.EXPERT
        actions = set(AuditEntry.objects.filter(object_id=str(user.pk)).values_list("action", flat=True))
    assert {"user.create", "user.invite", "user.set_password", "auth.login"} <= actions
    # The account exists only in the inviting province.
    with schema_context(world.province_b.schema_name):
        assert not User.objects.filter(email="expert@example.vn").exists()


def test_inviting_an_existing_email_shows_an_error_and_changes_nothing(
    world: World, db: None, client_a: Client
) -> None:
    with schema_context(world.province_a.schema_name):
        before = User.objects.count()
    response = client_a.post(
        "/accounts/users/invite/", {"email": "OFFICER@dong-nai.vn", "full_name": "X", "role": Role.EXPERT}
    )
    assert response.status_code == 200
    assert "Đã có tài khoản dùng thư điện tử này" in response.text
    assert mail.outbox == []
    with schema_context(world.province_a.schema_name):
        assert User.objects.count() == before


def test_user_list_shows_this_provinces_users_with_their_roles(world: World, db: None, client_a: Client) -> None:
    response = client_a.get("/accounts/users/")
    assert response.status_code == 200
    assert "officer@dong-nai.vn" in response.text
    assert "Cán bộ Sở" in response.text
    filtered = client_a.get("/accounts/users/", {"role": Role.PROVINCE_ADMIN})
    assert "officer@dong-nai.vn" not in filtered.text


def test_admin_changes_a_role_and_deactivates_an_account(
    world: World, db: None, client_a: Client, password: str
) -> None:
    user_id = world.staff_a.pk
    assert client_a.post(f"/accounts/users/{user_id}/role/", {"role": Role.ASSOCIATION}).status_code == 302
    assert client_a.post(f"/accounts/users/{user_id}/active/", {"active": "0"}).status_code == 302
    with schema_context(world.province_a.schema_name):
        user = User.objects.get(pk=user_id)
        assert user.role == Role.ASSOCIATION
        assert not user.is_active
        entry = AuditEntry.objects.get(action="user.change_role", object_id=str(user_id))
        assert entry.changes == {"role": [Role.PROVINCE_STAFF, Role.ASSOCIATION]}
        assert entry.actor_email == "admin@dong-nai.vn"
        assert entry.ip_address == "127.0.0.1"
        assert AuditEntry.objects.filter(action="user.deactivate", object_id=str(user_id)).exists()
    login = Client(HTTP_HOST=host(world.province_a)).post(
        "/accounts/login/", {"username": "officer@dong-nai.vn", "password": password}
    )
    assert login.status_code == 200


def test_admin_cannot_deactivate_themselves(world: World, db: None, client_a: Client) -> None:
    response = client_a.post(f"/accounts/users/{world.admin_a.pk}/active/", {"active": "0"}, follow=True)
    assert "Bạn không thể tự thay đổi tài khoản" in response.text
    with schema_context(world.province_a.schema_name):
        assert User.objects.get(pk=world.admin_a.pk).is_active


def test_unknown_role_is_refused(world: World, db: None, client_a: Client) -> None:
    response = client_a.post(f"/accounts/users/{world.staff_a.pk}/role/", {"role": "superuser"}, follow=True)
    assert "Hãy chọn một vai trò trong danh sách" in response.text
    with schema_context(world.province_a.schema_name):
        assert User.objects.get(pk=world.staff_a.pk).role == Role.PROVINCE_STAFF


@pytest.mark.parametrize(
    "path",
    ["/accounts/users/", "/accounts/users/invite/", "/audit/"],
)
def test_officer_without_rights_gets_not_found(world: World, db: None, path: str) -> None:
    assert client_for(world.province_a, world.staff_a).get(path).status_code == 404


def test_officer_cannot_change_anyone(world: World, db: None) -> None:
    client = client_for(world.province_a, world.staff_a)
    assert client.post(f"/accounts/users/{world.admin_a.pk}/active/", {"active": "0"}).status_code == 404
    with schema_context(world.province_a.schema_name):
        assert User.objects.get(pk=world.admin_a.pk).is_active


def test_every_province_has_the_role_groups_and_public_has_the_national_ones(world: World, db: None) -> None:
    with schema_context(world.province_b.schema_name):
        assert set(Group.objects.values_list("name", flat=True)) == set(Role.values)
        admin = Group.objects.get(name=Role.PROVINCE_ADMIN)
        assert {"manage_users", "view_auditentry"} <= set(admin.permissions.values_list("codename", flat=True))
        assert not Group.objects.get(name=Role.ASSOCIATION).permissions.exists()
    assert set(Group.objects.values_list("name", flat=True)) == {"ministry_viewer"}


def test_user_factory_makes_users_in_the_current_province(world: World, db: None) -> None:
    with schema_context(world.province_b.schema_name):
        user = UserFactory.create(role=Role.ENTERPRISE)
        assert user.role == Role.ENTERPRISE
    with schema_context(world.province_a.schema_name):
        assert not User.objects.filter(email=user.email).exists()


def test_an_invitation_can_be_sent_again_until_a_password_is_chosen(
    world: World, db: None, client_a: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with schema_context(world.province_a.schema_name):
        invited = User.objects.create_user("late@example.vn", full_name="Người đến muộn")
        invited.groups.set([Group.objects.get(name=Role.EXPERT)])
    assert "Gửi lại lời mời" in client_a.get(f"/accounts/users/{invited.pk}/").text
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post(f"/accounts/users/{invited.pk}/reinvite/")
    assert len(mail.outbox) == 1
    assert "/accounts/invite/" in str(mail.outbox[0].body)
    # Someone who already has a password is pointed to the reset page instead.
    response = client_a.post(f"/accounts/users/{world.staff_a.pk}/reinvite/", follow=True)
    assert "Quên mật khẩu" in response.text
    assert len(mail.outbox) == 1


def test_user_search_ignores_accents_and_the_role_filter_narrows(world: World, db: None, client_a: Client) -> None:
    with schema_context(world.province_a.schema_name):
        UserFactory.create(email="huong@dong-nai.vn", full_name="Đặng Thị Hường", role=Role.EXPERT)
        UserFactory.create(email="thanh@dong-nai.vn", full_name="Trần Văn Thành", role=Role.PROVINCE_STAFF)
    page = client_a.get("/accounts/users/", {"q": "dang thi huong"}).text
    assert "huong@dong-nai.vn" in page
    assert "thanh@dong-nai.vn" not in page
    assert "1 người dùng" in page
    assert "thanh@dong-nai.vn" in client_a.get("/accounts/users/", {"q": "THANH@"}).text  # e-mail, any case
    experts = client_a.get("/accounts/users/", {"role": Role.EXPERT}).text
    assert "huong@dong-nai.vn" in experts
    assert "thanh@dong-nai.vn" not in experts
    bad = client_a.get("/accounts/users/", {"role": "superuser", "q": "huong"})
    assert bad.status_code == 200
    assert "Đã bỏ qua vì không hợp lệ: Vai trò" in bad.text
    assert "huong@dong-nai.vn" in bad.text  # the valid search still applies
    assert "thanh@dong-nai.vn" not in bad.text
    other = client_for(world.province_b, world.admin_b).get("/accounts/users/", {"q": "huong"}).text
    assert "huong@dong-nai.vn" not in other
