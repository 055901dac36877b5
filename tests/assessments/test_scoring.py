"""The scoring engine on the shipped QĐ 1970 model: hand-worked examples and properties."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments.modelfile import model_file_path, model_file_read
from assessments.scoring import (
    Answer,
    AnswerError,
    Criterion,
    Ratio,
    ScoringModel,
    answers_parse,
    compile_model,
    score,
)

MODEL = compile_model(model_file_read(model_file_path("qd1970-sme")))


def ratio_for(criterion: Criterion, points: int) -> Ratio:
    """A ratio answer that scores exactly `points` (the middle of that band)."""
    for index, (above, band_points) in enumerate(criterion.bands):
        if band_points == points:
            upper = criterion.bands[index + 1][0] if index + 1 < len(criterion.bands) else 100.0
            return Ratio((above + upper) / 2, 100)
    raise AssertionError(f"{criterion.code} has no band worth {points}")


def fill(model: ScoringModel, pillar_code: str, points: int) -> dict[str, Answer]:
    """Answers giving exactly `points` in a pillar (greedy over its criteria)."""
    answers: dict[str, Answer] = {}
    pillar = next(index for index, part in enumerate(model.pillars) if part.code == pillar_code)
    remaining = points
    for criterion in (item for item in model.criteria if item.pillar == pillar):
        if remaining <= 0:
            break
        if criterion.kind == "graded":
            choices = [(n, p) for n, p in enumerate(criterion.option_points, start=1) if p <= remaining]
            if choices:
                answers[criterion.code], taken = choices[-1]
                remaining -= taken
        else:
            reachable = [p for _above, p in criterion.bands if p <= remaining]
            if reachable:
                answers[criterion.code] = ratio_for(criterion, reachable[-1])
                remaining -= reachable[-1]
    assert remaining == 0, f"cannot reach {points} in pillar {pillar_code}"
    return answers


def test_the_shipped_model_has_the_official_shape() -> None:
    assert MODEL.max_points == 320
    assert len(MODEL.criteria) == 60
    assert [(part.code, part.max_points) for part in MODEL.pillars] == [
        ("1", 65), ("2", 25), ("3", 80), ("4", 65), ("5", 50), ("6", 35),
    ]  # fmt: skip
    counts = {code: sum(c.code.startswith(code + ".") for c in MODEL.criteria) for code in ("1.1", "1.2", "3.2", "6.1")}
    assert counts == {"1.1": 9, "1.2": 4, "3.2": 14, "6.1": 7}
    assert MODEL.by_code["2.1.1"].max_points == 25


def test_no_answers_score_level_0() -> None:
    result = score(MODEL, {})
    assert (result.total, result.overall_level, result.rule) == (0, 0, None)
    assert [pillar.level for pillar in result.pillars] == [0] * 6


def test_pillar_1_with_39_of_65_is_level_3() -> None:
    result = score(MODEL, fill(MODEL, "1", 39))
    assert (result.pillars[0].points, result.pillars[0].max_points, result.pillars[0].level) == (39, 65, 3)


@pytest.mark.parametrize(
    ("points", "level"),
    [(0, 0), (8, 0), (9, 1), (16, 1), (17, 2), (32, 2), (33, 3), (48, 3), (49, 4), (64, 4), (65, 5), (80, 5)],
)
def test_pillar_levels_at_each_boundary(points: int, level: int) -> None:
    """Pillar 3 (80 points): 10 % is 8 points — exactly 10 % is still level 0, 9 points is level 1."""
    assert score(MODEL, fill(MODEL, "3", points)).pillars[2].level == level


def test_200_points_with_only_3_pillars_at_level_4_is_level_3() -> None:
    answers = {**fill(MODEL, "1", 52), **fill(MODEL, "3", 64), **fill(MODEL, "4", 52)}  # 80 %: level 4
    answers |= {**fill(MODEL, "2", 15), **fill(MODEL, "5", 17)}  # 60 %: level 3, 34 %: level 2
    result = score(MODEL, answers)
    assert result.total == 200
    assert result.pillars_at_level(4) == 3
    assert result.overall_level == 3
    assert result.rule is not None
    assert (result.rule.total_above, result.rule.pillars_at_level) == (128, 4)
    assert result.next_rule is not None
    assert result.next_rule.pillars_at_level == 5


def test_the_total_alone_does_not_make_the_level() -> None:
    """300 points but one pillar empty: level 5 needs all six pillars at level 5."""
    answers = {code: n for code, n in _maximum().items() if not code.startswith("6.")}
    result = score(MODEL, answers)
    assert result.total == 285
    assert result.overall_level == 4


def test_everything_at_the_top_is_level_5_with_320_points() -> None:
    result = score(MODEL, _maximum())
    assert (result.total, result.overall_level) == (320, 5)
    assert MODEL.level_names[5]["vi"] == "Dẫn dắt"


def test_a_gate_answered_no_scores_0_and_strategy_counts_five_times() -> None:
    result = score(MODEL, answers_parse(MODEL, {"1.1.1": 0, "2.1.1": 4}))
    assert result.criterion_points["1.1.1"] == 0
    assert result.criterion_points["2.1.1"] == 20


def _maximum() -> dict[str, Answer]:
    return {
        criterion.code: len(criterion.option_points) if criterion.kind == "graded" else Ratio(100, 100)
        for criterion in MODEL.criteria
    }


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ({"9.9.9": 1}, "9.9.9"),
        ({"1.1.1": 6}, "1.1.1"),
        ({"1.1.1": -1}, "1.1.1"),
        ({"1.1.1": "3"}, "1.1.1"),
        ({"1.1.3": {"numerator": 3, "denominator": 0}}, "1.1.3"),
        ({"1.1.3": {"numerator": 30, "denominator": 10}}, "1.1.3"),
        ({"1.1.3": 3}, "1.1.3"),
    ],
)
def test_invalid_answers_name_the_criterion(raw: dict[str, Any], fragment: str) -> None:
    with pytest.raises(AnswerError) as caught:
        answers_parse(MODEL, raw)
    assert fragment in caught.value.in_language("vi")
    assert fragment in caught.value.in_language("en")


def _answer(criterion: Criterion) -> st.SearchStrategy[Answer]:
    if criterion.kind == "graded":
        return st.integers(min_value=0, max_value=len(criterion.option_points))
    return st.builds(
        lambda denominator, share: Ratio(denominator * share, denominator),
        st.floats(min_value=0.5, max_value=1e9),
        st.floats(min_value=0, max_value=1),
    )


ANSWERS = st.fixed_dictionaries({}, optional={c.code: _answer(c) for c in MODEL.criteria})


@given(ANSWERS)
def test_totals_add_up_and_stay_within_the_maximum(answers: dict[str, Answer]) -> None:
    result = score(MODEL, answers)
    assert 0 <= result.total <= 320
    assert result.total == sum(pillar.points for pillar in result.pillars) == sum(result.criterion_points.values())
    assert all(0 <= pillar.points <= pillar.max_points for pillar in result.pillars)


@given(ANSWERS)
def test_the_overall_level_satisfies_its_rule_and_not_the_next(answers: dict[str, Answer]) -> None:
    result = score(MODEL, answers)
    if result.rule is not None:
        assert result.total > result.rule.total_above
        assert result.pillars_at_level(result.rule.level) >= result.rule.pillars_at_level
    for rule in MODEL.overall_levels:
        if rule.level > result.overall_level:
            assert result.total <= rule.total_above or result.pillars_at_level(rule.level) < rule.pillars_at_level


@given(ANSWERS, st.sampled_from([c for c in MODEL.criteria if c.kind == "graded"]))
def test_more_points_never_lower_a_level(answers: dict[str, Answer], criterion: Criterion) -> None:
    before = score(MODEL, answers)
    current = answers.get(criterion.code, 0)
    assert isinstance(current, int)
    if current == len(criterion.option_points):
        return
    after = score(MODEL, {**answers, criterion.code: current + 1})
    assert after.total > before.total
    assert after.overall_level >= before.overall_level
    assert all(a.level >= b.level for a, b in zip(after.pillars, before.pillars, strict=True))


def _by_the_rules(model: ScoringModel, answers: dict[str, Answer]) -> tuple[list[int], list[int], list[int]]:
    """Criterion, indicator and pillar points worked out from the model's parts, one by one, without
    the compiled sums."""
    criteria = []
    for criterion in model.criteria:
        answer = answers.get(criterion.code)
        if criterion.kind == "graded":
            criteria.append(criterion.option_points[answer - 1] if answer else 0)  # type: ignore[operator]
        else:
            share = answer.numerator * 100 / answer.denominator if answer else None
            criteria.append(max((p for above, p in criterion.bands if share is not None and share > above), default=0))
    indicators = [
        sum(points for points, c in zip(criteria, model.criteria, strict=True) if c.indicator == index)
        for index in range(len(model.indicators))
    ]
    pillars = [
        sum(points for points, c in zip(criteria, model.criteria, strict=True) if c.pillar == index)
        for index in range(len(model.pillars))
    ]
    return criteria, indicators, pillars


@given(ANSWERS)
def test_the_compiled_sums_give_what_the_rules_give(answers: dict[str, Answer]) -> None:
    result = score(MODEL, answers)
    criteria, indicators, pillars = _by_the_rules(MODEL, answers)
    assert list(result.criterion_totals) == criteria
    assert list(result.indicator_totals) == indicators
    assert list(result.pillar_points) == pillars
