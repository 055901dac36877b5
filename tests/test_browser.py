"""A person in Debian's chromium, driven by Playwright, against a live server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test.testcases import LiveServerThread
from django_tenants.utils import schema_context

from core.models import AuditEntry
from tests.conftest import World, committed
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def live_server_port(world: World, db: None) -> Iterator[int]:
    """A threaded server with its own database connections: it sees only committed data."""
    server = LiveServerThread("127.0.0.1", lambda handler: handler, port=0)  # type: ignore[arg-type]
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    yield server.port
    server.terminate()


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-background-networking", "--disable-gpu"]
        )
        yield chromium
        chromium.close()


@pytest.fixture
def forget_browser_sessions(world: World) -> Iterator[None]:
    """The live server commits what the browser does; remove it so other tests start clean."""
    schema = world.province_a.schema_name

    def last_entry_id() -> int:
        with schema_context(schema):
            return AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0

    before = committed(last_entry_id)
    yield

    def clean_up() -> None:
        with schema_context(schema):
            AuditEntry.objects.filter(id__gt=before).delete()
            Session.objects.all().delete()

    committed(clean_up)


def open_menu(page: Any, name: str) -> None:
    """Open the phone menu and wait for Bootstrap's collapse to finish: a click on a button that is
    still sliding into place can land where it was (it did, about one run in ten)."""
    page.get_by_role("button", name=name).click()
    page.locator("#portal-nav.show:not(.collapsing)").wait_for()


@pytest.mark.parametrize(("label", "viewport"), [("desktop", (1440, 900)), ("phone", (390, 844))])
def test_administrator_logs_in_sees_the_province_switches_language_and_logs_out(
    world: World,
    live_server_port: int,
    browser: Any,
    forget_browser_sessions: None,
    label: str,
    viewport: tuple[int, int],
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    base = f"http://dong-nai.localhost:{live_server_port}"

    page.goto(f"{base}/")  # a visitor lands on the province's public page, with a way to log in
    assert page.get_by_role("heading", name="Chỉ số đánh giá mức độ chuyển đổi số doanh nghiệp (DBI)").is_visible()
    page.locator("main").get_by_role("link", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/accounts/login/")
    page.screenshot(path=str(ARTIFACTS / f"login-{label}.png"), full_page=True)
    page.get_by_label("Thư điện tử").fill("admin@dong-nai.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")
    header = page.locator("header")
    assert "Tỉnh Đồng Nai" in header.inner_text()
    assert "Sở Khoa học và Công nghệ" in header.inner_text()
    page.screenshot(path=str(ARTIFACTS / f"home-vi-{label}.png"), full_page=True)
    # The administrator's whole menu fits the screen: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]

    if label == "phone":  # the menu is collapsed behind the toggler on a phone
        open_menu(page, "Trình đơn")
    with page.expect_navigation():
        page.get_by_role("button", name="EN", exact=True).click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Reporting calendar").is_visible()  # the department's dashboard
    assert "Enterprises in the registry" in page.content()
    page.screenshot(path=str(ARTIFACTS / f"home-en-{label}.png"), full_page=True)

    if label == "phone":
        open_menu(page, "Menu")
    page.locator(".portal-user").click()  # the account's menu holds the log-out button
    page.get_by_role("button", name="Log out").click()
    try:
        page.wait_for_url(f"{base}/accounts/login/", timeout=10_000)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"logout-failed-{label}.png"), full_page=True)
        raise
    page.goto(f"{base}/enterprises/")
    assert "/accounts/login/" in page.url
    assert errors == [], errors  # no CSP violation, no missing script


@pytest.fixture
def enterprise_login(world: World) -> Iterator[str]:
    """An enterprise account of province A, committed so the live server sees it."""
    from accounts.models import User
    from accounts.roles import Role
    from assessments.models import Assessment
    from enterprises.models import Enterprise, EnterpriseAccount
    from enterprises.services import enterprise_save
    from tests.factories import UserFactory

    schema = world.province_a.schema_name

    def create() -> None:
        with schema_context(schema):
            enterprise = enterprise_save(
                enterprise=Enterprise(tax_code="0100233583", name="Công ty Trình Duyệt"), user=world.admin_a
            )
            user = UserFactory.create(email="browser@trinhduyet.vn", full_name="Vũ Thị Hoa", role=Role.ENTERPRISE)
            EnterpriseAccount.objects.create(user=user, enterprise=enterprise)

    def clean_up() -> None:
        with schema_context(schema):
            Assessment.objects.filter(enterprise__tax_code="0100233583").delete()
            EnterpriseAccount.objects.filter(enterprise__tax_code="0100233583").delete()
            User.objects.filter(email="browser@trinhduyet.vn").delete()
            Enterprise.objects.filter(tax_code="0100233583").delete()
            AuditEntry.objects.filter(actor_email="browser@trinhduyet.vn").delete()

    committed(create)
    yield "browser@trinhduyet.vn"
    committed(clean_up)


def test_an_enterprise_answer_is_autosaved_and_survives_a_reload(
    world: World, live_server_port: int, browser: Any, forget_browser_sessions: None, enterprise_login: str
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    base = f"http://dong-nai.localhost:{live_server_port}"
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Thư điện tử").fill(enterprise_login)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/assessments/mine/")
    page.get_by_role("button", name="Bắt đầu đánh giá").click()
    page.get_by_label("Chức vụ").fill("Giám đốc")
    page.get_by_label("Thư điện tử").fill("hoa@trinhduyet.vn")
    page.get_by_role("button", name="Lưu và tiếp tục").click()
    page.wait_for_url("**/fill/p1/")

    criterion = page.locator("#crit-1_1_1")
    weekly = criterion.get_by_label("Ít nhất 1 lần mỗi tuần")
    assert not weekly.is_visible()  # the graded question waits for a "yes"
    criterion.get_by_label("Có").check()
    weekly.wait_for(state="visible")
    weekly.check()
    page.locator("#save-status", has_text="Đã trả lời 1/60 tiêu chí").wait_for()  # saved with the option
    page.screenshot(path=str(ARTIFACTS / "assessment-step-phone.png"), full_page=True)

    page.reload()
    assert page.locator("#crit-1_1_1").get_by_label("Ít nhất 1 lần mỗi tuần").is_checked()
    assert page.locator("#crit-1_1_1").get_by_label("Có").is_checked()
    assert "Đã trả lời 1/60 tiêu chí" in page.locator("#save-status").inner_text()
    assert errors == [], errors
