"""WCAG 2.1 AA, checked by axe-core: every page each role reaches from its menu in a seeded, demo-like
province, and the public pages, at phone and laptop width. A serious or critical violation fails."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django_tenants.utils import schema_context
from psycopg import sql

from tests.conftest import World, committed
from tests.factories import PASSWORD, ProvinceFactory, UserFactory
from tests.test_browser import CHROMIUM, browser, live_server_port  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe" / "axe.min.js"
SLUG, SCHEMA = "an-giang", "an_giang"
ROLES = ("province_admin", "province_staff", "expert", "enterprise", "association")
WIDTHS = ((390, 844), (1366, 768))
# Run axe in the page and keep what fails the bar: serious and critical violations, a few nodes each.
RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + " :: " + n.failureSummary.split("\\n")[1])}));
}"""


def _email(role: str) -> str:
    return f"{role.replace('_', '-')}@{SLUG}.a11y.vn"


def _clean() -> None:
    from tenants.models import Province
    from tenants.services import province_delete

    for province in Province.objects.filter(slug=SLUG):
        province_delete(province=province)
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(SCHEMA)))


@pytest.fixture
def demo_province(world: World, db: None) -> Iterator[str]:
    """A province seeded as `seed_demo` seeds one, smaller: registry, assessments, a wave, the plan,
    activities, honours, one account per role."""
    from accounts.models import User
    from assessments.services.versions import model_versions_install_shipped
    from demo.assessments import demo_assessments_ensure, demo_enterprise_account_ensure, demo_waves_ensure
    from demo.campaigns import (
        demo_activities_ensure,
        demo_budgets_ensure,
        demo_course_signups_ensure,
        demo_honours_ensure,
        demo_plan_ensure,
    )
    from demo.enterprises import demo_enterprises_ensure

    def seed() -> None:
        _clean()
        ProvinceFactory.create(name="An Giang", code="91", slug=SLUG, admin_email=_email("province_admin"))
        with schema_context(SCHEMA):
            users = {role: UserFactory.create(email=_email(role), role=role) for role in ROLES[1:]}
            users["province_admin"] = User.objects.get(email=_email("province_admin"))
            model_versions_install_shipped()
            demo_enterprises_ensure(province_code="91", count=60)
            demo_enterprise_account_ensure(user=users["enterprise"])
            demo_assessments_ensure(seed=SLUG, count=20)
            demo_waves_ensure(expert=users["expert"], staff=users["province_staff"])
            demo_plan_ensure(slug="dong-nai", association_user=users["association"])
            demo_activities_ensure(staff=users["province_staff"], seed=SLUG, count=8)
            demo_honours_ensure(staff=users["province_staff"])
            demo_budgets_ensure(approver=users["province_admin"])
            demo_course_signups_ensure(seed=SLUG)

    committed(seed)
    yield f"{SLUG}.localhost"
    committed(_clean)


def _violations(page: Any, url: str) -> list[str]:
    page.goto(url)
    page.add_script_tag(path=str(AXE))
    return [
        f"{url} [{page.viewport_size['width']}px] {v['impact']} {v['id']}: {v['help']} — {'; '.join(v['nodes'])}"
        for v in page.evaluate(RUN_AXE)
    ]


def _menu_links(page: Any, origin: str) -> list[str]:
    """Every page the menu offers (dropdown entries included), on this site, in menu order."""
    hrefs: list[str] = page.eval_on_selector_all("#portal-nav a[href]", "links => links.map(a => a.href)")
    return [href.split("#")[0] for href in hrefs if href.startswith(origin) and urlsplit(href).fragment == ""]


def test_every_page_of_every_role_passes_axe_at_phone_and_laptop_width(
    demo_province: str,
    live_server_port: int,  # noqa: F811
    browser: Any,  # noqa: F811
) -> None:
    origin = f"http://{demo_province}:{live_server_port}"
    found: list[str] = []
    seen: set[tuple[str, int]] = set()
    visited: dict[str, list[str]] = {}
    # The CSP forbids inline scripts; axe is injected as one, so this context bypasses it.
    for role in ("anonymous", *ROLES):
        context = browser.new_context(bypass_csp=True, viewport={"width": 1366, "height": 768})
        page = context.new_page()
        if role == "anonymous":
            pages = [
                f"{origin}/",
                f"{origin}/accounts/login/",
                f"{origin}/assessments/signup/",
                f"{origin}/verify/NO-SUCH/",
                f"{origin}/honours/",
            ]
        else:
            page.goto(f"{origin}/accounts/login/")
            page.locator("#id_username").fill(_email(role))
            page.locator("#id_password").fill(PASSWORD)
            page.locator("main form button[type=submit]").click()
            page.wait_for_url(lambda url: "/accounts/login/" not in url)
            pages = [page.url, *_menu_links(page, origin)]
        visited[role] = []
        for url in dict.fromkeys(pages):
            for width, height in WIDTHS:
                # A page two roles share (the registry for the admin and the officer) is checked once.
                if (url, width) in seen and url != f"{origin}/":
                    continue
                seen.add((url, width))
                page.set_viewport_size({"width": width, "height": height})
                found += _violations(page, url)
            visited[role].append(urlsplit(url).path)
        context.close()

    def forget_sessions() -> None:
        with schema_context(SCHEMA):
            Session.objects.all().delete()

    committed(forget_sessions)
    assert len(visited["province_admin"]) >= 12, visited  # the menu reached the department's pages
    assert found == [], "\n".join(found)
