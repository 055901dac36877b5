"""The department's home page: key numbers against last year, charts, the reporting calendar."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.roles import Role
from campaigns.models import Agency, Plan, Task, TaskUpdate
from tenants.models import Province
from tests.conftest import World, client_for
from tests.factories import UserFactory
from tests.reporting.statistics.scene import Scene


def _numbers(page: str) -> list[str]:
    block = page.split('data-testid="key-numbers"', 1)[1].split("</div>\n</div>", 1)[0]
    return re.findall(r'<div class="fs-4 fw-semibold">([^<]+)</div>', block)


def test_staff_see_key_numbers_charts_and_deadlines(world: World, scene: Scene) -> None:
    Province.objects.filter(pk=world.province_a.pk).update(ministry_report_day=31, ministry_report_month=12)
    page = client_for(world.province_a, world.staff_a).get("/?year=2026").content.decode()
    # registry 4, assessed 4, validated 4, average level 1,5, level ≥ 3: 1, trained 1, reached 2
    assert _numbers(page) == ["4", "4", "4", "1,50", "1", "1", "2"]
    assert page.count('src="data:image/svg+xml;base64,') == 4  # levels, pillars, trend, sectors (no target)
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
