"""What leaves the department hides small cells: no count of 1–4 enterprises, no average over fewer than 5."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product
from typing import Any

from reporting.statistics.api.views import FIGURES
from tests.api.test_api import _api, _key
from tests.conftest import World, client_for
from tests.reporting.statistics.scene import Scene

# Keys whose numbers count enterprises (or assessments, one per enterprise here).
COUNTS = {
    "count", "total", "counted", "enterprises", "trained", "supported", "reassessed", "up", "same", "down",
    "level_3_or_more", "submitted", "self_assessed", "expert_assisted", "validated", "value", "previous",
    "assessed",
}  # fmt: skip
AVERAGES = {"average", "percent", "average_points", "average_level"}


def _walk(data: Any, path: str = "") -> Iterator[tuple[str, str, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, dict | list):
                yield from _walk(value, f"{path}.{key}")
            else:
                yield path, key, value
    elif isinstance(data, list):
        for index, value in enumerate(data):
            if isinstance(value, dict | list):
                yield from _walk(value, f"{path}[{index}]")
            else:
                yield path, f"[{index}]", value


def _small(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 5


def _small_cells(answer: dict[str, Any]) -> list[str]:
    """Every place an answer shows 1–4 enterprises or an average over so few (the scene counts at most
    4 enterprises, so no average may be shown at all)."""
    found = []
    for path, key, value in _walk(answer):
        if "basis" in path or "budget" in path:
            continue
        average = key in AVERAGES and value is not None and "targets" not in path  # a target's % is progress
        average_level = key in {"value", "previous"} and isinstance(value, float)
        count = (key in COUNTS or path.endswith(("levels", "by_category"))) and _small(value)
        if average or average_level or count:
            found.append(f"{path}.{key}={value}")
    return found


def test_no_statistics_answer_shows_a_small_cell_under_any_filters(world: World, scene: Scene) -> None:
    client = _api(world, _key(world, "statistics"))
    wards = ["", scene.w1.code, scene.w2.code]
    for year, section, size, ward in product(["2025", "2026"], ["", "C", "G"], ["", "micro", "small", "large"], wards):
        query = {"year": year, "section": section, "size": size, "ward": ward}
        answer = client.get("/api/v1/statistics/", {k: v for k, v in query.items() if v}).json()
        assert _small_cells(answer) == [], query
    for name in FIGURES:
        answer = client.get(f"/api/v1/statistics/{name}/", {"year": "2026"}).json()
        assert _small_cells(answer["data"]) == [], name
        assert answer["basis"]["small_cells"] == "<5"
    levels = client.get("/api/v1/statistics/levels/", {"year": "2026"}).json()["data"]
    assert [row["count"] for row in levels] == ["<5", "<5", "<5", "<5", 0, 0]
    pillars = client.get("/api/v1/statistics/pillars/", {"year": "2026"}).json()["data"]
    assert {row["average"] for row in pillars} == {None}  # 4 enterprises: no one's points leak through


def test_the_departments_own_dashboard_shows_small_cells(world: World, scene: Scene) -> None:
    page = client_for(world.province_a, world.staff_a).get("/?year=2026")
    assert [row["count"] for row in page.context["overview"]["levels"]] == [1, 1, 1, 1, 0, 0]


def test_a_ward_by_level_grid_hides_until_no_hidden_cell_can_be_subtracted_out() -> None:
    from reporting.statistics.disclosure import _hide_grid

    grid = [
        [40, 30, 3],  # 3 is small; alone in its row, so 30, the next smallest there, goes too
        [50, 20, 10],
        [0, 7, 9],  # then columns 2 and 3 each have one hidden cell: their next smallest, 7 and 9, go
    ]
    assert _hide_grid(grid) == [[40, "<5", "<5"], [50, 20, 10], [0, "<5", "<5"]]
    hidden = _hide_grid(grid)
    for line in [*hidden, *zip(*hidden, strict=True)]:
        assert list(line).count("<5") != 1  # no row or column with a single hidden cell
    assert _hide_grid([[0, 0, 12]]) == [[0, 0, 12]]  # zero stays zero; nothing small, nothing hidden
