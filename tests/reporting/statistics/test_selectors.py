"""Every statistic on a small hand-built province whose answers were worked out by hand (see each
assertion's comment)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django_tenants.utils import schema_context

from reporting.statistics import selectors as stats
from reporting.statistics.selectors import Filters, Period, filters_for
from tests.conftest import World
from tests.reporting.statistics.scene import Scene


def _filters(world: World, year: int = 2026, section: str = "", size: str = "", ward: str = "") -> Filters:
    return filters_for(Period.of_year(year), section=section, size=size, ward=ward)


def test_levels_count_each_enterprises_latest_validated_assessment_of_the_period(world: World, scene: Scene) -> None:
    with schema_context(world.province_a.schema_name):
        f = _filters(world)
        levels = {row["level"]: row["count"] for row in stats.levels(f)}
        counts = stats.assessment_counts(f)
        basis = stats.basis(f)
    # e1 → 3, e2 → 2, e3 → 0 (its level 4 is only submitted), e4 → 1; the merged e5 never counts.
    assert levels == {0: 1, 1: 1, 2: 1, 3: 1, 4: 0, 5: 0}
    # Submitted in 2026: e1, e2, e3 twice, e4 = 5; one expert-assisted (e4); four validated.
    assert counts == {
        "submitted": 5, "self_assessed": 4, "expert_assisted": 1, "validated": 4, "enterprises": 4, "counted": 4,
    }  # fmt: skip
    assert basis["states"] == ["validated"]
    assert (basis["model"], basis["model_version"], basis["model_versions"]) == ("qd1970-sme", None, [1])
    assert basis["period"] == {"from": "2026-01-01", "to": "2026-12-31"}


def test_counting_submitted_assessments_is_the_provinces_choice(world: World, scene: Scene) -> None:
    with schema_context(world.province_a.schema_name):
        f = _filters(world)
        f = Filters(f.period, family=f.family, states=("validated", "submitted", "under_review"))
        levels = {row["level"]: row["count"] for row in stats.levels(f)}
    assert levels == {0: 0, 1: 1, 2: 1, 3: 1, 4: 1, 5: 0}  # e3's later submitted level 4 now counts


def test_pillars_average_the_stored_points_and_count_levels(world: World, scene: Scene) -> None:
    with schema_context(world.province_a.schema_name):
        pillars = stats.pillars(_filters(world))
    first, second = pillars[0], pillars[1]
    # Pillar 1: (24 + 20 + 0 + 10) / 4 = 13.5 of 65 → 20.8 %; pillar 2 caps e1 at its maximum 25 → (24+20+0+10)/4.
    assert (first["average"], first["max"], first["percent"]) == (13.5, 65, 20.8)
    assert first["levels"] == [1, 1, 1, 1, 0, 0]
    assert second["average"] == 13.5
    assert len(pillars) == 6


def test_progress_compares_with_the_previous_counted_assessment(world: World, scene: Scene) -> None:
    with schema_context(world.province_a.schema_name):
        progress = stats.progress(_filters(world))
    assert progress == {"reassessed": 3, "up": 1, "same": 1, "down": 1}  # e1 up, e2 same, e4 down; e3 is new


def test_barriers_and_support_are_ranked_with_their_share(world: World, scene: Scene) -> None:
    with schema_context(world.province_a.schema_name):
        f = _filters(world)
        barriers = [(row["code"], row["count"], row["percent"]) for row in stats.barriers(f)]
        support = [(row["code"], row["count"]) for row in stats.support_demand(f)]
        text = stats.barriers(f)[0]["text"]["vi"]
    assert barriers == [("C1", 3, 75.0), ("C2", 1, 25.0), ("C3", 1, 25.0)]  # of 4 counted enterprises
    assert support == [("D4", 2), ("D5", 1)]
    assert text == "Chi phí đầu tư cho chuyển đổi số cao"


def test_filters_narrow_the_assessment_and_registry_figures(world: World, scene: Scene) -> None:
    with schema_context(world.province_a.schema_name):
        manufacturing = _filters(world, section="c")
        levels = {row["level"]: row["count"] for row in stats.levels(manufacturing)}
        registry = stats.registry(manufacturing)
        ward = stats.registry(_filters(world, ward=scene.w1.code))
        micro = stats.sector_size(_filters(world, size="micro"))
    assert levels == {0: 0, 1: 0, 2: 1, 3: 1, 4: 0, 5: 0}  # e1 and e2
    assert registry["total"] == 2  # e1, e2 (e5 is merged)
    assert ward["total"] == 2
    assert ward["by_ward"][0]["code"] == scene.w1.code
    assert [(row["section"], row["count"], row["average_points"]) for row in micro] == [("C", 1, 120.0), ("G", 1, 0.0)]


def test_registry_by_section_size_and_ward(world: World, scene: Scene) -> None:
    with schema_context(world.province_a.schema_name):
        registry = stats.registry(_filters(world))
    assert registry["total"] == 4
    assert [(row["code"], row["count"]) for row in registry["by_section"]] == [("C", 2), ("G", 2)]
    assert {row["code"]: row["count"] for row in registry["by_size"]} == {
        "micro": 2, "small": 1, "medium": 1, "large": 0,
    }  # fmt: skip
    assert [row["count"] for row in registry["by_ward"]] == [2, 1, 1]  # w1, w2, no ward


def test_trend_year_by_year(world: World, scene: Scene) -> None:
    with schema_context(world.province_a.schema_name):
        trend = {row["year"]: row for row in stats.trend(_filters(world))}
    assert sorted(trend) == [2022, 2023, 2024, 2025, 2026]
    # 2025: e1 → 1, e2 → 2, e4 → 2; 2026: 3, 2, 0, 1.
    assert (trend[2025]["counted"], trend[2025]["average_level"], trend[2025]["level_3_or_more"]) == (3, 1.67, 0)
    assert (trend[2026]["counted"], trend[2026]["average_level"], trend[2026]["level_3_or_more"]) == (4, 1.5, 1)
    assert trend[2024]["counted"] == 0
    assert trend[2024]["average_level"] is None


def test_activities_people_and_distinct_enterprises_reached(world: World, scene: Scene) -> None:
    with schema_context(world.province_a.schema_name):
        f = _filters(world)
        kinds = {row["kind"]: row for row in stats.activities(f)}
        reached = stats.reached(f)
    training = kinds["training"]
    # One course held in 2026 (the other was cancelled): two people of e1 came, e3's was absent.
    assert (training["held"], training["participants"], training["enterprises"]) == (1, 2, 1)
    assert (kinds["workshop"]["held"], kinds["workshop"]["enterprises"]) == (1, 1)
    assert kinds["outreach"]["reach"] == 500
    assert reached == {"enterprises": 2, "trained": 1, "supported": 0, "outreach": 500}


def test_key_numbers_say_last_years_value(world: World, scene: Scene) -> None:
    with schema_context(world.province_a.schema_name):
        numbers = {row["key"]: (row["value"], row["previous"]) for row in stats.key_numbers(_filters(world))}
    assert numbers["assessed"] == (4, 3)
    assert numbers["average_level"] == (1.5, 1.67)
    assert numbers["level_3_or_more"] == (1, 0)
    assert numbers["trained"] == (1, 0)  # the 2025 course had nobody


def test_a_date_range_period(world: World, scene: Scene) -> None:
    with schema_context(world.province_a.schema_name):
        spring = filters_for(Period(date(2026, 3, 1), date(2026, 4, 30)))
        levels = {row["level"]: row["count"] for row in stats.levels(spring)}
    assert levels == {0: 0, 1: 0, 2: 1, 3: 1, 4: 0, 5: 0}  # e1 on 1 March, e2 on 1 April


def test_the_overview_is_json_ready_and_province_b_sees_none_of_it(world: World, scene: Scene) -> None:
    import json

    with schema_context(world.province_a.schema_name):
        a = stats.overview(_filters(world))
    with schema_context(world.province_b.schema_name):
        b = stats.overview(_filters(world))
    assert json.loads(json.dumps(a))["assessments"]["counted"] == 4
    assert b["assessments"]["counted"] == 0
    assert b["registry"]["total"] == 0
    assert sum(row["participants"] for row in b["activities"]) == 0


def test_stale_figures_are_computed_again_by_one_request_while_the_others_get_the_kept_ones(
    world: World, db: None, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core.cache import cache

    settings.STATS_CACHE_SECONDS = 300
    clock = [1_800_000_000.0]
    monkeypatch.setattr(stats, "now_seconds", lambda: clock[0])
    with schema_context(world.province_a.schema_name):
        f = _filters(world)
        assert stats.cached(f, "test", lambda: "first") == "first"
        assert stats.cached(f, "test", lambda: "second") == "first"  # kept
        clock[0] += 301
        cache.add(stats.cache_key(f, "test") + ":computing", True, 120)  # another request is computing
        assert stats.cached(f, "test", lambda: "third") == "first"  # stale, not waited for
        cache.delete(stats.cache_key(f, "test") + ":computing")
        assert stats.cached(f, "test", lambda: "fourth") == "fourth"  # this request computes
        assert stats.cached(f, "test", lambda: "fifth") == "fourth"
    with schema_context(world.province_b.schema_name):
        assert stats.cached(_filters(world), "test", lambda: "province B") == "province B"
