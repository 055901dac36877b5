"""The department's home page: key numbers against last year, charts, the reporting calendar."""

from __future__ import annotations

import html
import re
from datetime import date
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.roles import Role
from campaigns.models import Agency, Plan, Task, TaskUpdate
from enterprises.models import Enterprise
from enterprises.services import enterprise_save
from tenants.models import Province
from tests.campaigns.test_programme import code
from tests.conftest import World, client_for
from tests.factories import UserFactory
from tests.reporting.statistics.scene import Scene


def _charts(page: str) -> list[tuple[str, str, str]]:
    """(name, variant, URL) of each chart image the page links, in the page's order."""
    found = re.findall(r'(?:src|srcset)="(/statistics/charts/(\w+)/(\w+)\.svg\?[^"]+)"', page)
    return [(name, variant, html.unescape(url)) for url, name, variant in found]


def _numbers(page: str) -> list[str]:
    block = page.split('data-testid="key-numbers"', 1)[1].split("</div>\n</div>", 1)[0]
    return re.findall(r'<div class="fs-4 fw-semibold">([^<]+)</div>', block)


def test_staff_see_key_numbers_charts_and_deadlines(world: World, scene: Scene) -> None:
    Province.objects.filter(pk=world.province_a.pk).update(ministry_report_day=31, ministry_report_month=12)
    page = client_for(world.province_a, world.staff_a).get("/?year=2026").content.decode()
    # registry 4, assessed 4, validated 4, average level 1,5, level ≥ 3: 1, trained 1, reached 2
    assert _numbers(page) == ["4", "4", "4", "1,50", "1", "1", "2"]
    charts = _charts(page)  # levels, pillars, trend, sectors (no target), each wide and for a phone
    assert [(name, variant) for name, variant, _url in charts] == [
        (name, variant) for name in ("levels", "pillars", "trend", "sectors") for variant in ("phone", "wide")
    ]
    assert "data:image/svg+xml" not in page  # the page does not carry its charts
    assert "31/12/" in page


def test_the_filters_narrow_the_figures_and_bad_input_falls_back(world: World, scene: Scene) -> None:
    client = client_for(world.province_a, world.staff_a)
    manufacturing = client.get("/?year=2026&section=C").content.decode()
    assert _numbers(manufacturing)[:2] == ["2", "2"]  # e1 and e2
    fallback = client.get("/?year=abc&size=huge")
    assert fallback.status_code == 200  # an unknown value shows this year's figures, unfiltered


def test_other_roles_and_other_provinces_do_not_see_the_figures(world: World, scene: Scene) -> None:
    with schema_context(world.province_a.schema_name):
        association = UserFactory.create(email="hh@dong-nai.vn", role=Role.ASSOCIATION)
    page = client_for(world.province_a, association).get("/").content.decode()
    assert 'data-testid="key-numbers"' not in page
    other = client_for(world.province_b, world.admin_b).get("/?year=2026").content.decode()
    assert _numbers(other)[:3] == ["0", "0", "0"]


def test_a_page_shown_again_is_kept_until_its_records_change(
    world: World, scene: Scene, settings: Any, monkeypatch: pytest.MonkeyPatch, django_assert_max_num_queries: Any
) -> None:
    settings.STATS_CACHE_SECONDS = 300
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 11, 24))
    Province.objects.filter(pk=world.province_a.pk).update(agency_report_day=15, agency_report_month=11)
    with schema_context(world.province_a.schema_name):
        lead = Agency.objects.create(key="so-ct", name="Sở Công Thương", kind="department")
        plan = Plan.objects.create(number="133/KH-UBND", title="Kế hoạch", start_year=2022, end_year=2026)
        task = Task.objects.create(plan=plan, number="4", title="Hỗ trợ thương mại điện tử", lead=lead)
    client = client_for(world.province_a, world.staff_a)
    first = client.get("/?year=2026").content.decode()
    assert "Hỗ trợ thương mại điện tử" in first.split('data-testid="overdue"')[1]

    with django_assert_max_num_queries(5):  # the session's user, role and permissions: no figure, no task
        again = client.get("/?year=2026").content.decode()
    assert _numbers(again) == _numbers(first) == ["4", "4", "4", "1,50", "1", "1", "2"]

    with schema_context(world.province_a.schema_name):
        TaskUpdate.objects.create(task=task, agency=lead, year=2026, progress=60, narrative="Đã làm")
    after_update = client.get("/?year=2026").content.decode()
    assert "Hỗ trợ thương mại điện tử" not in after_update.split('data-testid="overdue"')[1]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/?year=2026").content.decode()
    assert "Enterprises in the registry" in english  # kept per language
    assert _numbers(english)[3] == "1.50"
    other = client_for(world.province_b, world.admin_b).get("/?year=2026").content.decode()
    assert _numbers(other)[:3] == ["0", "0", "0"]  # province B's own figures, not A's kept page


def test_a_chart_is_an_image_kept_by_the_browser_until_its_figures_change(world: World, scene: Scene) -> None:
    client = client_for(world.province_a, world.staff_a)
    charts = {(name, variant): url for name, variant, url in _charts(client.get("/?year=2026").content.decode())}
    wide = client.get(charts["sectors", "wide"])
    assert wide["Content-Type"].startswith("image/svg+xml")
    assert "immutable" in wide["Cache-Control"]
    assert 'viewBox="0 0 560 ' in wide.content.decode()[:2000]
    phone = client.get(charts["sectors", "phone"]).content.decode()
    assert 'viewBox="0 0 360 ' in phone[:2000]  # the compact drawing, whose labels a phone can read
    assert client.get(charts["sectors", "wide"], HTTP_IF_NONE_MATCH=wide["ETag"]).status_code == 304

    with schema_context(world.province_a.schema_name):  # a fifth enterprise of section G: the sectors move
        enterprise_save(
            enterprise=Enterprise(tax_code=code("010010919"), name="Công ty mới", section="G"), user=world.admin_a
        )
    stale = client.get(charts["sectors", "wide"])  # the URL of a page shown before the write
    assert stale.status_code == 302
    assert "immutable" not in stale["Cache-Control"]
    page = client.get("/?year=2026").content.decode()
    fresh = {(name, variant): url for name, variant, url in _charts(page)}
    assert stale["Location"] == fresh["sectors", "wide"] != charts["sectors", "wide"]
    assert client.get(stale["Location"]).content != wide.content
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switched: the English drawing
    english = client.get(fresh["sectors", "wide"], follow=True)
    assert "lang=en" in english.redirect_chain[0][0]
    assert "In the registry" in english.content.decode()
    assert "In the registry" not in wide.content.decode()


def test_a_chart_url_serves_only_its_own_province_to_its_own_staff(world: World, scene: Scene) -> None:
    with schema_context(world.province_b.schema_name):  # one enterprise in B: a sectors chart of its own
        enterprise_save(
            enterprise=Enterprise(tax_code=code("010010918"), name="Công ty B", section="C"), user=world.admin_b
        )
    page_a = client_for(world.province_a, world.staff_a).get("/?year=2026").content.decode()
    urls_a = {(name, variant): url for name, variant, url in _charts(page_a)}
    url_a = urls_a["sectors", "wide"]
    drawn_a = client_for(world.province_a, world.staff_a).get(url_a).content
    # Province B's staff given A's URL: sent to B's own stamp and B's own drawing, never A's.
    other = client_for(world.province_b, world.admin_b).get(url_a, follow=True)
    assert other.redirect_chain
    assert other.redirect_chain[0][0] != url_a
    assert other.status_code == 200
    assert other.content.startswith(b"<?xml")
    assert other.content != drawn_a
    page_b = client_for(world.province_b, world.admin_b).get("/?year=2026").content.decode()
    assert other.redirect_chain[0][0] == {(n, v): u for n, v, u in _charts(page_b)}["sectors", "wide"]
    # A level chart B has nothing to draw: not found, whatever A has.
    assert client_for(world.province_b, world.admin_b).get(urls_a["levels", "wide"], follow=True).status_code == 404
    with schema_context(world.province_a.schema_name):
        association = UserFactory.create(email="hh2@dong-nai.vn", role=Role.ASSOCIATION)
    assert client_for(world.province_a, association).get(url_a).status_code == 404  # not the department
    assert client_for(world.province_a).get(url_a).status_code == 302  # a visitor: the login form
    assert client_for(world.province_a, world.staff_a).get(url_a.replace("/wide.svg", "/huge.svg")).status_code == 404
