from __future__ import annotations

import re
import socket
from typing import Any

from django.core import mail
from django.test import Client
from django_tenants.utils import schema_context

from accounts.middleware import SESSION_SCHEMA_KEY
from core.models import AuditEntry
from tests.conftest import World, client_for, host


def _login(client: Client, email: str, password: str) -> Any:
    return client.post("/accounts/login/", {"username": email, "password": password})


def test_user_logs_in_by_email_and_sees_the_province_home(world: World, db: None, password: str) -> None:
    client = Client(HTTP_HOST=host(world.province_a))
    response = _login(client, "Admin@Dong-Nai.vn", password)
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert "Tỉnh Đồng Nai" in home.text
    with schema_context(world.province_a.schema_name):
        assert AuditEntry.objects.filter(action="auth.login", actor_email="admin@dong-nai.vn").exists()


def test_wrong_password_shows_a_vietnamese_message(world: World, db: None) -> None:
    response = _login(Client(HTTP_HOST=host(world.province_a)), "admin@dong-nai.vn", "wrong-password")
    assert response.status_code == 200
    assert "Thư điện tử hoặc mật khẩu không đúng" in response.text


def test_user_of_one_province_cannot_log_into_another(world: World, db: None, password: str) -> None:
    client = Client(HTTP_HOST=host(world.province_b))
    response = _login(client, "admin@dong-nai.vn", password)
    assert response.status_code == 200  # the form again, with an error
    assert client.get("/enterprises/").status_code == 302


def test_session_cookie_copied_to_another_province_is_not_accepted(world: World, db: None) -> None:
    session_a = client_for(world.province_a, world.admin_a).cookies["sessionid"].value
    intruder = Client(HTTP_HOST=host(world.province_b))
    intruder.cookies["sessionid"] = session_a
    response = intruder.get("/enterprises/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_session_carrying_another_schema_is_refused_even_when_the_user_id_exists(world: World, db: None) -> None:
    """User ids repeat across schemas: a session must name its own province to be accepted."""
    client = client_for(world.province_b, world.admin_b)
    with schema_context(world.province_b.schema_name):
        session = client.session
        session[SESSION_SCHEMA_KEY] = world.province_a.schema_name
        session.save()
    response = client.get("/enterprises/")
    assert response.status_code == 302
    assert client_for(world.province_b, world.admin_b).get("/").status_code == 200


def test_csrf_token_from_another_province_is_rejected(world: World, db: None, password: str) -> None:
    """The CSRF cookie is host-only: a token read on one province's page fails on another's."""
    browser_a = Client(HTTP_HOST=host(world.province_a), enforce_csrf_checks=True)
    page = browser_a.get("/accounts/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token is not None
    browser_b = Client(HTTP_HOST=host(world.province_b), enforce_csrf_checks=True)
    browser_b.get("/accounts/login/")  # province B's own CSRF cookie
    response = browser_b.post(
        "/accounts/login/",
        {"username": "admin@thanh-hoa.vn", "password": password, "csrfmiddlewaretoken": token.group(1)},
    )
    assert response.status_code == 403
    # The same token on its own province works.
    ok = browser_a.post(
        "/accounts/login/",
        {"username": "admin@dong-nai.vn", "password": password, "csrfmiddlewaretoken": token.group(1)},
    )
    assert ok.status_code == 302


def test_five_failures_lock_the_account_with_a_vietnamese_message(world: World, db: None, password: str) -> None:
    client = Client(HTTP_HOST=host(world.province_a))
    statuses = [_login(client, "officer@dong-nai.vn", "nope").status_code for _ in range(5)]
    assert statuses[:4] == [200, 200, 200, 200]
    assert statuses[4] == 429
    locked = _login(client, "officer@dong-nai.vn", password)
    assert locked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in locked.text
    # The lockout is the province's own: the other province's login is untouched.
    other = _login(Client(HTTP_HOST=host(world.province_b)), "admin@thanh-hoa.vn", password)
    assert other.status_code == 302


def test_logout_ends_the_session(world: World, db: None) -> None:
    client = client_for(world.province_a, world.admin_a)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/enterprises/").status_code == 302


def test_password_reset_mails_a_link_on_the_province_site_that_sets_a_new_password(
    world: World, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    client = Client(HTTP_HOST=host(world.province_a))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password-reset/", {"email": "officer@dong-nai.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://dong-nai\.localhost(/accounts/reset/\S+)", str(mail.outbox[0].body))
    assert link is not None
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "a-brand-new-pass-2026", "new_password2": "a-brand-new-pass-2026"}
    )
    assert done.status_code == 302
    assert (
        _login(Client(HTTP_HOST=host(world.province_a)), "officer@dong-nai.vn", "a-brand-new-pass-2026").status_code
        == 302
    )


def test_password_reset_for_an_address_of_another_province_sends_nothing(
    world: World, db: None, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        Client(HTTP_HOST=host(world.province_b)).post("/accounts/password-reset/", {"email": "officer@dong-nai.vn"})
    assert mail.outbox == []


def test_password_reset_answers_alike_for_known_and_unknown_addresses_even_with_the_mail_server_down(
    world: World, db: None, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """The mail is queued, not sent in the request: a known address neither waits for the server
    nor fails when it is down, so the answer does not tell which addresses have an account."""
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed
    answers = []
    for email in ("officer@dong-nai.vn", "khong-co@dong-nai.vn"):
        with django_capture_on_commit_callbacks(execute=True):
            response = Client(HTTP_HOST=host(world.province_a)).post("/accounts/password-reset/", {"email": email})
        answers.append((response.status_code, response["Location"]))
    assert answers[0] == answers[1] == (302, "/accounts/password-reset/sent/")


def test_changing_the_letter_case_of_the_email_does_not_escape_the_lockout(world: World, db: None) -> None:
    client = Client(HTTP_HOST=host(world.province_a))
    variants = [
        "officer@dong-nai.vn",
        "Officer@dong-nai.vn",
        "OFFICER@dong-nai.vn",
        " officer@Dong-Nai.vn",
        "oFFicer@dong-nai.vn",
    ]
    statuses = [_login(client, email, "nope").status_code for email in variants]
    assert statuses[-1] == 429
    assert _login(client, "OfFiCeR@dong-nai.vn", "anything").status_code == 429


def test_failed_login_is_audited_without_the_password(world: World, db: None) -> None:
    _login(Client(HTTP_HOST=host(world.province_a)), "Officer@dong-nai.vn", "secret-guess")
    with schema_context(world.province_a.schema_name):
        entry = AuditEntry.objects.get(action="auth.login_failed")
    assert entry.changes == {"email": "officer@dong-nai.vn"}
    assert entry.ip_address == "127.0.0.1"
    assert "secret-guess" not in str(entry.changes)


def test_national_site_has_login_but_no_province_user_management(world: World, db: None) -> None:
    national = Client(HTTP_HOST="localhost")
    assert national.get("/accounts/login/").status_code == 200
    assert national.get("/accounts/users/").status_code == 404
    assert national.get("/accounts/users/invite/").status_code == 404
