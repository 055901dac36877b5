"""Kept figures are never stale after a write: an import or a validation shows in the statistics
API, every figure endpoint and the dashboard on the very next request."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.test import Client
from django_tenants.utils import schema_context

from api.services import api_key_issue
from assessments.models import Assessment, AssessmentState
from assessments.services.lifecycle import assessment_validate
from reporting.statistics.api.views import FIGURES
from tests.campaigns.test_programme import code
from tests.conftest import World, client_for, host
from tests.enterprises.test_import import csv_file, run
from tests.reporting.statistics.scene import Scene


def _answers(world: World, raw: str) -> dict[str, Any]:
    api = Client(HTTP_HOST=host(world.province_a), HTTP_AUTHORIZATION=f"Api-Key {raw}")
    answers = {"overview": api.get("/api/v1/statistics/?year=2026").json()}
    for name in FIGURES:
        response = api.get(f"/api/v1/statistics/{name}/?year=2026")
        assert response.status_code == 200, name
        answers[name] = response.json()["data"]
    return answers


def _dashboard(world: World) -> str:
    page = client_for(world.province_a, world.staff_a).get("/?year=2026").content.decode()
    return page.split('data-testid="key-numbers"', 1)[-1][:4000]


def test_an_import_and_a_validation_show_on_the_next_request(
    world: World, scene: Scene, tmp_path: Path, settings: Any
) -> None:
    settings.STATS_CACHE_SECONDS = 300  # figures are kept, as in production
    settings.STATS_MIN_CELL = 1  # the scene is all small cells: show them
    with schema_context(world.province_a.schema_name):
        _key, raw = api_key_issue(name="Bảng tin", scope="statistics", user=world.admin_a)
    before, page_before = _answers(world, raw), _dashboard(world)
    assert _answers(world, raw) == before  # asked again: the kept answer

    path = csv_file(
        tmp_path / "new.csv", ["Mã số thuế", "Tên doanh nghiệp"], [[code("360047514"), "Công ty Mới Thêm"]], "utf-8"
    )
    assert run(world, path).created == 1
    after_import = _answers(world, raw)
    assert after_import["registry"]["total"] == before["registry"]["total"] + 1
    assert after_import["overview"]["registry"]["total"] == before["registry"]["total"] + 1
    registry_now = {row["key"]: row["value"] for row in after_import["key-numbers"]}["registry"]
    assert registry_now == before["registry"]["total"] + 1
    assert _dashboard(world) != page_before

    with schema_context(world.province_a.schema_name):
        submitted = Assessment.objects.get(enterprise=scene.e3, state=AssessmentState.SUBMITTED)
        assessment_validate(assessment=submitted, user=world.staff_a)
    after_validation = _answers(world, raw)
    levels = {row["level"]: row["count"] for row in after_validation["levels"]}
    assert (levels[4], levels[0]) == (1, 0)  # e3 counts at its validated level 4 now, not at 0
    overview_levels = {row["level"]: row["count"] for row in after_validation["overview"]["levels"]}
    assert overview_levels == levels
    assert after_validation["assessments"]["validated"] == after_import["assessments"]["validated"] + 1
