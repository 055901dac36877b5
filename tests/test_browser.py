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


@pytest.mark.parametrize(("label", "viewport"), [("desktop", (1280, 800)), ("phone", (390, 844))])
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

    page.goto(f"{base}/")
    assert page.url.startswith(f"{base}/accounts/login/")
    page.screenshot(path=str(ARTIFACTS / f"login-{label}.png"), full_page=True)
    page.get_by_label("Thư điện tử").fill("admin@dong-nai.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/")
    header = page.locator("header")
    assert "Tỉnh Đồng Nai" in header.inner_text()
    assert "Sở Khoa học và Công nghệ" in header.inner_text()
    page.screenshot(path=str(ARTIFACTS / f"home-vi-{label}.png"), full_page=True)

    if label == "phone":  # the menu is collapsed behind the toggler on a phone
        page.get_by_role("button", name="Trình đơn").click()
    with page.expect_navigation():
        page.get_by_role("button", name="EN").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Provincial plan").is_visible()
    assert "Provincial plan" in page.content()
    page.screenshot(path=str(ARTIFACTS / f"home-en-{label}.png"), full_page=True)

    if label == "phone":
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("button", name="Log out").click()
    try:
        page.wait_for_url(f"{base}/accounts/login/", timeout=10_000)
    except Exception:
        page.screenshot(path=str(ARTIFACTS / f"logout-failed-{label}.png"), full_page=True)
        raise
    page.goto(f"{base}/")
    assert "/accounts/login/" in page.url
    assert errors == [], errors  # no CSP violation, no missing script
