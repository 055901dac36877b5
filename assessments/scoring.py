"""The DBI scoring engine: plain functions from a model definition and answers to a frozen result.

No ORM, no request. A definition (the checked content of a model file, see modelfile.py) is compiled
once into a `ScoringModel`; `answers_parse` turns raw answers into typed ones or raises AnswerError
naming the criterion; `score` is the hot path (tens of thousands of assessments a second).

Rules (QĐ 1970, SME set): a graded criterion scores its chosen option's points (0 when the gate is
answered "no" or it is unanswered); a ratio criterion the points of the last band its percentage
exceeds. A pillar's level comes from its share of its maximum (the first `up_to` the share does not
exceed, so exactly 10 % is still level 0); the overall level is the highest level whose total and
pillar-count conditions both hold.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.utils.translation import gettext_lazy as _

from core.errors import ApplicationError

GRADED, RATIO = "graded", "ratio"


@dataclass(frozen=True, slots=True)
class Ratio:
    numerator: float
    denominator: float


Answer = int | Ratio
# The compiled sums of a model: from `answers.get` to the points of each criterion, indicator and pillar.
Totals = Callable[[Callable[..., Any]], tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]]


@dataclass(frozen=True, slots=True)
class Criterion:
    code: str
    kind: str
    pillar: int  # index in ScoringModel.pillars
    indicator: int  # index in ScoringModel.indicators
    option_points: tuple[int, ...]  # graded: the points of option 1, 2, …
    bands: tuple[tuple[float, int], ...]  # ratio: (above percent, points), rising
    max_points: int


@dataclass(frozen=True, slots=True)
class Part:
    code: str
    max_points: int


@dataclass(frozen=True, slots=True)
class OverallRule:
    level: int
    total_above: int
    pillars_at_level: int


@dataclass(frozen=True)
class ScoringModel:
    key: str
    max_points: int
    criteria: tuple[Criterion, ...]
    by_code: Mapping[str, Criterion]
    pillars: tuple[Part, ...]
    indicators: tuple[Part, ...]
    indicator_codes: tuple[str, ...]
    criterion_codes: tuple[str, ...]
    pillar_levels: tuple[tuple[float, int], ...]  # (up_to percent, level), rising
    overall_levels: tuple[OverallRule, ...]  # level 1, 2, …
    level_names: Mapping[int, Mapping[str, str]]  # level → {"vi": …, "en": …}
    # Precomputed for `score`: per criterion (code, (0, *option points), None) when graded, (code, (),
    # (band bounds, band points)) when a ratio.
    plan: tuple[tuple[str, tuple[int, ...], tuple[tuple[float, ...], tuple[int, ...]] | None], ...]
    indicator_slices: tuple[tuple[int, int], ...]  # criteria of each indicator: criteria[start:end]
    pillar_indicator_slices: tuple[tuple[int, int], ...]  # indicators of each pillar
    pillar_bounds: tuple[tuple[float, ...], ...]  # per pillar: up_to × its max points, rising
    pillar_level_values: tuple[int, ...]  # the level of each bound
    totals: Totals  # `plan` and the slices as one straight-line function (see _compile_totals)


@dataclass(frozen=True, slots=True)
class PillarResult:
    code: str
    points: int
    max_points: int
    level: int


class Result(NamedTuple):
    """Immutable (a named tuple: built tens of thousands of times a second, faster than a frozen
    dataclass, whose __init__ goes through object.__setattr__ for every field)."""

    total: int
    max_points: int
    overall_level: int
    rule: OverallRule | None  # the rule that gave the overall level; None for level 0
    next_rule: OverallRule | None  # the next level's rule, which did not hold (None at the top)
    # Raw figures in the model's order; the properties below name them (built only when read,
    # which keeps scoring itself fast).
    model: ScoringModel
    pillar_points: tuple[int, ...]
    pillar_levels: tuple[int, ...]
    indicator_totals: tuple[int, ...]
    criterion_totals: tuple[int, ...]

    @property
    def pillars(self) -> tuple[PillarResult, ...]:
        return tuple(
            PillarResult(part.code, points, part.max_points, level)
            for part, points, level in zip(self.model.pillars, self.pillar_points, self.pillar_levels, strict=True)
        )

    @property
    def indicator_points(self) -> dict[str, int]:
        return dict(zip(self.model.indicator_codes, self.indicator_totals, strict=True))

    @property
    def criterion_points(self) -> dict[str, int]:
        return dict(zip(self.model.criterion_codes, self.criterion_totals, strict=True))

    def pillars_at_level(self, level: int) -> int:
        return sum(found >= level for found in self.pillar_levels)

    def as_json(self, language: str = "vi") -> dict[str, Any]:
        """The result as `dbi_score` and the API print it (and as assessments store it)."""
        return {
            "total": self.total,
            "max_points": self.max_points,
            "pillars": [
                {"code": pillar.code, "points": pillar.points, "max": pillar.max_points, "level": pillar.level}
                for pillar in self.pillars
            ],
            "overall_level": self.overall_level,
            "overall_level_name": self.model.level_names[self.overall_level][language],
            "rule": None if self.rule is None else _rule_json(self.rule),
            "indicators": self.indicator_points,
            "criteria": self.criterion_points,
        }


def _rule_json(rule: OverallRule) -> dict[str, int]:
    return {"level": rule.level, "total_above": rule.total_above, "pillars_at_level": rule.pillars_at_level}


class AnswerError(ApplicationError):
    """An answer the model cannot score; the message names the criterion."""


def compile_model(definition: Mapping[str, Any]) -> ScoringModel:
    """The engine's view of a checked definition (modelfile.definition_check has validated it)."""
    criteria: list[Criterion] = []
    pillars: list[Part] = []
    indicators: list[Part] = []
    indicator_pillars: list[int] = []
    for p_index, pillar in enumerate(definition["pillars"]):
        pillars.append(Part(pillar["code"], pillar["max_points"]))
        for indicator in pillar["indicators"]:
            i_index = len(indicators)
            indicators.append(Part(indicator["code"], indicator["max_points"]))
            indicator_pillars.append(p_index)
            for item in indicator["criteria"]:
                graded = item["kind"] == GRADED
                options = tuple(option["points"] for option in item["options"]) if graded else ()
                bands = () if graded else tuple((float(band["above"]), band["points"]) for band in item["bands"])
                maximum = max(options) if graded else max(points for _above, points in bands)
                criteria.append(Criterion(item["code"], item["kind"], p_index, i_index, options, bands, maximum))
    plan = tuple(
        (c.code, (0, *c.option_points), None)
        if c.kind == GRADED
        else (c.code, (), (tuple(above for above, _p in c.bands), tuple(p for _above, p in c.bands)))
        for c in criteria
    )
    indicator_slices = _slices([c.indicator for c in criteria], len(indicators))
    pillar_indicator_slices = _slices(indicator_pillars, len(pillars))
    return ScoringModel(
        key=definition["key"],
        max_points=definition["max_points"],
        criteria=tuple(criteria),
        by_code={criterion.code: criterion for criterion in criteria},
        pillars=tuple(pillars),
        indicators=tuple(indicators),
        indicator_codes=tuple(part.code for part in indicators),
        criterion_codes=tuple(criterion.code for criterion in criteria),
        pillar_levels=tuple((float(row["up_to"]), row["level"]) for row in definition["pillar_levels"]),
        overall_levels=tuple(
            OverallRule(row["level"], row["total_above"], row["pillars_at_level"])
            for row in definition["overall_levels"]
        ),
        level_names={row["level"]: row["name"] for row in definition["levels"]},
        plan=plan,
        indicator_slices=indicator_slices,
        pillar_indicator_slices=pillar_indicator_slices,
        pillar_bounds=tuple(
            tuple(float(row["up_to"]) * part.max_points for row in definition["pillar_levels"]) for part in pillars
        ),
        pillar_level_values=tuple(row["level"] for row in definition["pillar_levels"]),
        totals=_compile_totals(plan, indicator_slices, pillar_indicator_slices),
    )


def _compile_totals(
    plan: tuple[tuple[str, tuple[int, ...], tuple[tuple[float, ...], tuple[int, ...]] | None], ...],
    indicator_slices: tuple[tuple[int, int], ...],
    pillar_indicator_slices: tuple[tuple[int, int], ...],
) -> Totals:
    """The model's sums as one function of straight-line code, written once per model: a line per
    criterion (a table lookup, or a band search for a ratio), then each indicator and pillar as a
    plain addition. Scoring then runs no loop, slice or call per criterion, which is what makes it
    fast; the rules are `_ratio_points` and the slices, spelled out (tests compare both on random
    answers). The source holds only the criterion codes, as string literals, and numbered names."""
    tables: dict[str, Any] = {"bisect_left": bisect_left}
    lines = ["def totals(get):"]
    for index, (code, table, bands) in enumerate(plan):
        if bands is None:
            tables[f"t{index}"] = table
            lines.append(f"    c{index} = t{index}[get({code!r}, 0)]")
        else:
            tables[f"b{index}"], tables[f"p{index}"] = bands
            lines += [
                f"    answer = get({code!r})",
                "    if answer:",
                f"        passed = bisect_left(b{index}, answer.numerator * 100 / answer.denominator)",
                f"        c{index} = p{index}[passed - 1] if passed else 0",
                "    else:",
                f"        c{index} = 0",
            ]
    for index, (start, end) in enumerate(indicator_slices):
        lines.append(f"    i{index} = " + (" + ".join(f"c{k}" for k in range(start, end)) or "0"))
    for index, (start, end) in enumerate(pillar_indicator_slices):
        lines.append(f"    s{index} = " + (" + ".join(f"i{k}" for k in range(start, end)) or "0"))

    def names(prefix: str, count: int) -> str:
        return "(" + "".join(f"{prefix}{k}, " for k in range(count)) + ")"

    lines.append(
        f"    return {names('c', len(plan))}, {names('i', len(indicator_slices))}, "
        f"{names('s', len(pillar_indicator_slices))}"
    )
    exec(compile("\n".join(lines), "<dbi totals>", "exec"), tables)  # our own source, written above
    return tables["totals"]


def _ratio_points(answer: Ratio | None, bands: tuple[tuple[float, ...], tuple[int, ...]]) -> int:
    """The points of the last band whose lower bound the answer's percentage exceeds (0 below all)."""
    if not answer:
        return 0
    passed = bisect_left(bands[0], answer.numerator * 100 / answer.denominator)
    return bands[1][passed - 1] if passed else 0


def _slices(owners: list[int], count: int) -> tuple[tuple[int, int], ...]:
    """For each owner 0 … count-1, the (start, end) of its run in `owners` (which is sorted)."""
    return tuple((owners.index(owner), len(owners) - owners[::-1].index(owner)) for owner in range(count))


def answers_parse(model: ScoringModel, raw: Mapping[str, Any]) -> dict[str, Answer]:
    """Typed answers from JSON-like input, or AnswerError naming the first bad criterion.

    A graded answer is the chosen option (1 … number of options) or 0 for a gate answered "no";
    a ratio answer is {"numerator": n, "denominator": d} with 0 ≤ n ≤ d and d > 0.
    """
    if not isinstance(raw, Mapping):
        raise AnswerError(_("The answers must be an object mapping criterion codes to answers."))
    answers: dict[str, Answer] = {}
    for code, value in raw.items():
        criterion = model.by_code.get(str(code))
        if criterion is None:
            raise AnswerError(
                _("Criterion %(code)s is not in the model %(model)s."), {"code": code, "model": model.key}
            )
        answers[criterion.code] = _graded(criterion, value) if criterion.kind == GRADED else _ratio(criterion, value)
    return answers


def _graded(criterion: Criterion, value: Any) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= len(criterion.option_points):
        message = _("Criterion %(code)s: the answer must be an option number from 1 to %(count)s, or 0 for “no”.")
        raise AnswerError(message, {"code": criterion.code, "count": len(criterion.option_points)})
    return value


def _ratio(criterion: Criterion, value: Any) -> Ratio:
    numbers = (value.get("numerator"), value.get("denominator")) if isinstance(value, Mapping) else (None, None)
    if not all(isinstance(number, int | float) and not isinstance(number, bool) for number in numbers):
        raise AnswerError(
            _('Criterion %(code)s: the answer must be two numbers, {"numerator": …, "denominator": …}.'),
            {"code": criterion.code},
        )
    numerator, denominator = float(numbers[0]), float(numbers[1])  # type: ignore[arg-type]
    if denominator <= 0:
        raise AnswerError(_("Criterion %(code)s: the denominator must be above 0."), {"code": criterion.code})
    if not 0 <= numerator <= denominator:
        raise AnswerError(
            _("Criterion %(code)s: the numerator must be between 0 and the denominator."), {"code": criterion.code}
        )
    return Ratio(numerator, denominator)


def score(model: ScoringModel, answers: Mapping[str, Answer]) -> Result:
    """Points per criterion, indicator and pillar, each pillar's level and the overall level."""
    # The hot path (tens of thousands a second): the model's compiled sums, then six band searches.
    criterion_totals, by_indicator, by_pillar = model.totals(answers.get)
    pillar_levels, last = model.pillar_level_values, len(model.pillar_level_values) - 1
    # A pillar's level: the first share bound (× its maximum, so no division) it does not exceed.
    levels = tuple([
        pillar_levels[min(bisect_left(bounds, points * 100), last)]
        for points, bounds in zip(by_pillar, model.pillar_bounds, strict=True)
    ])  # fmt: skip
    total = sum(by_pillar)
    level, rule, next_rule = 0, None, model.overall_levels[0] if model.overall_levels else None
    for candidate in reversed(model.overall_levels):
        if total > candidate.total_above:
            reached = candidate.level
            if len([pillar_level for pillar_level in levels if pillar_level >= reached]) >= candidate.pillars_at_level:
                level, rule = reached, candidate
                next_rule = model.overall_levels[level] if level < len(model.overall_levels) else None
                break
    # tuple.__new__ skips the named tuple's generated __new__ (its fields are given in order here).
    return tuple.__new__(
        Result,
        (total, model.max_points, level, rule, next_rule, model, by_pillar, levels, by_indicator, criterion_totals),
    )
