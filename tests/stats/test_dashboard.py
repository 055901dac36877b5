"""The department's home page: key numbers against last year, charts, the reporting calendar."""

from __future__ import annotations

import re

from django_tenants.utils import schema_context

from accounts.roles import Role
from tenants.models import Province
from tests.conftest import World, client_for
from tests.factories import UserFactory
from tests.stats.scene import Scene


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
