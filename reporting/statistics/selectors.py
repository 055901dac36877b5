"""Every figure of a province's programme, for a period: one source for the dashboard, the KPI
page, the yearly report and its annex, the REST API, the registry's levels and the national rollup
(nothing else counts).

Figures come from the stored records and from each assessment's stored result, never rescored.
Assessment figures count, per enterprise, its latest assessment submitted in the period in a state
the province counts (`Province.counted_states`), under any version of one model family (the
province's published model: v1 and v2 of a family after a band correction count together; two
families never do); each answer carries that `basis`. Every function runs in the current
province's schema and returns plain JSON-ready data, so that a yearly report can keep the exact
numbers it printed.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from time import time as now_seconds
from typing import Any, TypeVar

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL

from assessments.models import Assessment, AssessmentKind, AssessmentState, ModelVersion
from campaigns.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    AttendanceStatus,
    Honour,
    Participant,
    Provider,
    Support,
)
from core.cache import FIGURES_STAMP, stamp
from enterprises.models import SIZE_CHOICES, Enterprise
from reference.models import VsicCode, Ward
from reporting.statistics import counting
from reporting.statistics import targets as programme_targets
from reporting.statistics.budget import Totals as BudgetTotals
from reporting.statistics.budget import by_source as budget_by_source
from reporting.statistics.budget import lines as budget_lines_of
from reporting.statistics.counting import Filters as Filters
from reporting.statistics.counting import Period as Period
from reporting.statistics.counting import basis as basis
from reporting.statistics.counting import counted_sql, positional, sql_rows
from reporting.statistics.counting import filters_for as filters_for
from reporting.statistics.counting import province_family as province_family

T = TypeVar("T")
LEVELS = range(6)


# --- The registry ---------------------------------------------------------------------------------


def _registry(f: Filters) -> Any:
    """Enterprises in the registry at the end of the period (merged duplicates never count)."""
    _start, end = f.period.bounds()
    queryset = Enterprise.objects.filter(merged_into__isnull=True, created_at__lt=end).filter(
        Q(archived_at__isnull=True) | Q(archived_at__gte=end)
    )
    if f.section:
        queryset = queryset.filter(section=f.section)
    if f.size:
        queryset = queryset.filter(size=f.size)
    if f.ward:
        queryset = queryset.filter(ward__code=f.ward)
    return queryset


def registry(f: Filters, *, wards: int = 15) -> dict[str, Any]:
    """Enterprises by VSIC section, by size and by ward (the `wards` largest, the rest summed)."""
    queryset = _registry(f)
    sections = dict(queryset.values("section").annotate(n=Count("pk")).values_list("section", "n"))
    sizes = dict(queryset.values("size").annotate(n=Count("pk")).values_list("size", "n"))
    by_ward = list(queryset.values("ward_id").annotate(n=Count("pk")).order_by("-n", "ward_id"))
    names = _section_names()
    shown = by_ward[:wards]
    ward_names = {w.pk: w for w in Ward.objects.filter(pk__in=[row["ward_id"] for row in shown if row["ward_id"]])}
    ward_rows = [
        {
            "code": ward_names[row["ward_id"]].code if row["ward_id"] else "",
            "name": ward_names[row["ward_id"]].name if row["ward_id"] else "",
            "count": row["n"],
        }
        for row in shown
    ]
    if rest := sum(row["n"] for row in by_ward[wards:]):
        ward_rows.append({"code": "*", "name": "", "count": rest})
    return {
        "total": sum(sections.values()),
        "by_section": [
            {"code": code, "name": names.get(code, ""), "count": count}
            for code, count in sorted(sections.items(), key=lambda item: (item[0] == "", item[0]))
        ],
        "by_size": [{"code": code, "count": sizes.get(code, 0)} for code, _label in SIZE_CHOICES]
        + ([{"code": "", "count": sizes[""]}] if sizes.get("") else []),
        "by_ward": ward_rows,
    }


def _section_names() -> dict[str, str]:
    rows = VsicCode.objects.filter(level=1).order_by("section", "-edition").values_list("section", "name")
    names: dict[str, str] = {}
    for section, name in rows:
        names.setdefault(section, name)
    return names


# --- Assessments ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountedRow:
    """What the figures need of one enterprise's latest counted assessment of the period."""

    level: int
    total: int
    pillars: list[dict[str, Any]]  # the stored result's [{code, points, max, level}]
    barriers: list[str]  # Part C codes
    support: list[str]  # Part D support codes
    section: str
    size: str
    ward: int | None = None  # the enterprise's current ward, as the registry stores it


def counted(f: Filters) -> list[CountedRow]:
    """Each enterprise's latest counted assessment of the period, read once: the level, pillar,
    sector × size, barrier and support figures are all computed from this one list."""
    if f.version is None:
        return []
    sql, params = counted_sql(f)
    rows = sql_rows(
        f"""SELECT c.overall_level, c.total, c.result -> 'pillars', c.part_c, c.part_d -> 'support', e.section, e.size,
            e.ward_id
        FROM ({sql}) c JOIN {Enterprise._meta.db_table} e ON e.id = c.enterprise_id""",
        params,
    )
    return [
        CountedRow(level or 0, total or 0, _json(pillars), _json(barriers), _json(support), section, size, ward)
        for level, total, pillars, barriers, support, section, size, ward in rows
    ]


def _json(value: Any) -> Any:
    """jsonb from a raw cursor comes as text (Django leaves decoding to the model field)."""
    return (json.loads(value) if isinstance(value, str) else value) or []


def _submitted(f: Filters) -> QuerySet[Assessment]:
    """Assessments submitted in the period (any state but draft) of the enterprises the filters keep
    (merged duplicates never count)."""
    start, end = f.period.bounds()
    merged = Enterprise.objects.filter(pk=OuterRef("enterprise_id"), merged_into__isnull=False)
    queryset = Assessment.objects.filter(submitted_at__gte=start, submitted_at__lt=end).filter(~Exists(merged))
    if f.section or f.size or f.ward:
        narrowed = Enterprise.objects.all()
        if f.section:
            narrowed = narrowed.filter(section=f.section)
        if f.size:
            narrowed = narrowed.filter(size=f.size)
        if f.ward:
            narrowed = narrowed.filter(ward__code=f.ward)
        queryset = queryset.filter(enterprise_id__in=narrowed.values("pk"))
    return queryset


def assessment_counts(f: Filters, rows: list[CountedRow] | None = None) -> dict[str, int]:
    """Assessments submitted in the period (any state but draft), by kind, and how many are validated;
    `counted` is the number of enterprises the level figures count."""
    counts = _submitted(f).aggregate(
        submitted=Count("pk"),
        self_assessed=Count("pk", filter=Q(kind=AssessmentKind.SELF)),
        expert_assisted=Count("pk", filter=Q(kind=AssessmentKind.EXPERT)),
        validated=Count("pk", filter=Q(state=AssessmentState.VALIDATED)),
        enterprises=Count("enterprise", distinct=True),
    )
    counts["counted"] = len(rows if rows is not None else counted(f))
    return counts


def levels(f: Filters, rows: list[CountedRow] | None = None) -> list[dict[str, Any]]:
    """Counted enterprises by overall DBI level 0–5, with the level's name in both languages."""
    counts = Counter(row.level for row in (rows if rows is not None else counted(f)))
    names = _level_names(f)
    return [{"level": level, "name": names[level], "count": counts.get(level, 0)} for level in LEVELS]


def _level_names(f: Filters) -> dict[int, dict[str, str]]:
    if f.version is None:
        return {level: {"vi": str(level), "en": str(level)} for level in LEVELS}
    return {row["level"]: row["name"] for row in _definition(f)["levels"]}


def _definition(f: Filters) -> dict[str, Any]:
    assert f.version is not None
    if "content" in f.version.get_deferred_fields():
        f.version.refresh_from_db(fields=["content"])
    return f.version.definition


def pillars(f: Filters, rows: list[CountedRow] | None = None) -> list[dict[str, Any]]:
    """Per pillar of the model version: average points, its maximum, the average as a percentage of
    the maximum, and counted enterprises by pillar level 0–5."""
    if f.version is None:
        return []
    rows = rows if rows is not None else counted(f)
    result = []
    for index, pillar in enumerate(_definition(f)["pillars"]):
        scores = [row.pillars[index] for row in rows if len(row.pillars) > index]
        average = round(sum(score["points"] for score in scores) / len(scores), 1) if scores else None
        by_level = Counter(score["level"] for score in scores)
        result.append({
            "code": pillar["code"],
            "name": pillar["name"],
            "max": pillar["max_points"],
            "average": average,
            "percent": round(100 * average / pillar["max_points"], 1) if average is not None else None,
            "levels": [by_level.get(level, 0) for level in LEVELS],
        })  # fmt: skip
    return result


def wards(f: Filters, rows: list[CountedRow] | None = None) -> list[dict[str, Any]]:
    """Per current ward (as the registry stores it; code "" for enterprises without one): enterprises
    that submitted an assessment in the period, of them those with a validated one, and the counted
    enterprises by level 0–5. Wards with none of these are left out; ordered by name."""
    rows = rows if rows is not None else counted(f)
    submitted: dict[int | None, tuple[int, int]] = {
        ward: (assessed, validated)
        for ward, assessed, validated in _submitted(f)
        .values("enterprise__ward")
        .annotate(
            assessed=Count("enterprise", distinct=True),
            validated=Count("enterprise", distinct=True, filter=Q(state=AssessmentState.VALIDATED)),
        )
        .values_list("enterprise__ward", "assessed", "validated")
    }
    by_level: dict[int | None, Counter[int]] = defaultdict(Counter)
    for row in rows:
        by_level[row.ward][row.level] += 1
    ids = {*submitted, *by_level}
    names = {ward.pk: ward for ward in Ward.objects.filter(pk__in=[pk for pk in ids if pk is not None])}
    result = [
        {
            "code": names[pk].code if pk is not None else "",
            "name": names[pk].name if pk is not None else "",
            "unit": names[pk].unit_type if pk is not None else "",
            "assessed": submitted.get(pk, (0, 0))[0],
            "validated": submitted.get(pk, (0, 0))[1],
            "levels": [by_level[pk].get(level, 0) for level in LEVELS],
        }
        for pk in ids
    ]
    return sorted(result, key=lambda row: (row["code"] == "", row["name"], row["code"]))


def certificates(f: Filters) -> dict[str, Any]:
    """DBI-level certificates issued in the period: validated results given their verification code,
    dated by their validation (the day the certificate states), by level 0–5."""
    start, end = f.period.bounds()
    issued = (
        _submitted(f.with_period(Period(date(1970, 1, 1), f.period.end)))
        .filter(state=AssessmentState.VALIDATED, certificate_code__isnull=False)
        .filter(validated_at__gte=start, validated_at__lt=end)
    )
    counts = dict(issued.values("overall_level").annotate(n=Count("pk")).values_list("overall_level", "n"))
    names = _level_names(f)
    by_level = [{"level": level, "name": names[level], "count": counts.get(level, 0)} for level in LEVELS]
    return {"count": sum(row["count"] for row in by_level), "by_level": by_level}


def sector_size(f: Filters, rows: list[CountedRow] | None = None) -> list[dict[str, Any]]:
    """Counted enterprises by VSIC section × size: how many, average points and average level."""
    groups: dict[tuple[str, str], list[CountedRow]] = defaultdict(list)
    for row in rows if rows is not None else counted(f):
        groups[(row.section, row.size)].append(row)
    return [
        {
            "section": section,
            "size": size,
            "count": len(group),
            "average_points": round(sum(row.total for row in group) / len(group), 1),
            "average_level": round(sum(row.level for row in group) / len(group), 2),
        }
        for (section, size), group in sorted(groups.items())
    ]


def progress(f: Filters) -> dict[str, int]:
    """Re-assessed enterprises: the level of their latest counted assessment of the period against
    their previous counted assessment of the same family (levels mean the same in every version)."""
    sql, params = counted_sql(f)
    rows = sql_rows(
        f"""
        SELECT
            count(*) FILTER (WHERE c.overall_level > prev.overall_level),
            count(*) FILTER (WHERE c.overall_level = prev.overall_level),
            count(*) FILTER (WHERE c.overall_level < prev.overall_level)
        FROM ({sql}) c
        CROSS JOIN LATERAL (
            SELECT b.overall_level FROM {Assessment._meta.db_table} b
            WHERE b.enterprise_id = c.enterprise_id AND b.state = ANY(%(states)s)
              AND b.version_id IN (SELECT id FROM {ModelVersion._meta.db_table} WHERE key = %(family)s)
              AND b.submitted_at < c.submitted_at
            ORDER BY b.submitted_at DESC LIMIT 1
        ) prev
        """,
        params,
    )
    up, same, down = rows[0]
    return {"reassessed": up + same + down, "up": up, "same": same, "down": down}


def barriers(f: Filters, rows: list[CountedRow] | None = None) -> list[dict[str, Any]]:
    """Part C: the barriers counted enterprises ticked, most ticked first."""
    if f.version is None:
        return []
    rows = rows if rows is not None else counted(f)
    return _ranked(Counter(code for row in rows for code in set(row.barriers)), len(rows), _definition(f)["part_c"])


def support_demand(f: Filters, rows: list[CountedRow] | None = None) -> list[dict[str, Any]]:
    """Part D: the support counted enterprises asked for, most asked first."""
    if f.version is None:
        return []
    rows = rows if rows is not None else counted(f)
    items = _definition(f)["part_d"]["support"]
    return _ranked(Counter(code for row in rows for code in set(row.support)), len(rows), items)


def _ranked(counts: Counter[str], total: int, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    texts = {item["code"]: item["text"] for item in items}
    return [
        {
            "code": code,
            "text": texts.get(code, {"vi": code, "en": code}),
            "count": count,
            "percent": round(100 * count / total, 1) if total else 0.0,
        }
        for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]


def trend(f: Filters, *, years: int = 5) -> list[dict[str, Any]]:
    """The period and the same days of the years before it (calendar years for a year): counted
    enterprises, their average level and how many reached level 3 or more, each period counting each
    enterprise's latest assessment of that period."""
    periods = [f.period]
    while len(periods) < years:
        periods.insert(0, periods[0].previous())
    result = []
    for period in periods:
        sql, params = counted_sql(f.with_period(period))
        [(count, average, high)] = sql_rows(
            f"SELECT count(*), avg(overall_level), count(*) FILTER (WHERE overall_level >= 3) FROM ({sql}) c", params
        )
        result.append({
            "year": period.end.year,
            "period": period.as_json(),
            "label": str(period.end.year) if period.is_year else f"{period.start:%m/%Y}–{period.end:%m/%Y}",
            "counted": count,
            "average_level": round(float(average), 2) if average is not None else None,
            "level_3_or_more": high,
        })  # fmt: skip
    return result


# --- The programme --------------------------------------------------------------------------------


def activities(f: Filters) -> list[dict[str, Any]]:
    """Activities starting in the period, by kind: held, planned, people who attended, distinct
    enterprises reached (that attended, or were supported), outreach reach, and the cost of those
    held (million VND)."""
    queryset = Activity.objects.filter(starts_on__range=(f.period.start, f.period.end)).exclude(
        status=ActivityStatus.CANCELLED
    )
    counts: dict[str, dict[str, Any]] = {
        row["kind"]: dict(row)
        for row in queryset.values("kind").annotate(
            held=Count("pk", filter=Q(status=ActivityStatus.HELD)),
            planned=Count("pk", filter=Q(status=ActivityStatus.PLANNED)),
            reach=Sum("reach", filter=Q(status=ActivityStatus.HELD)),
            cost=Sum("cost", filter=Q(status=ActivityStatus.HELD)),
        )
    }
    held = counting.held(f.period)
    attendance = Participant.objects.filter(activity__in=held, status=AttendanceStatus.ATTENDED)
    people = dict(attendance.values("activity__kind").annotate(n=Count("pk")).values_list("activity__kind", "n"))
    pairs = attendance.values_list("activity__kind", "enterprise_id").union(  # UNION: each pair once
        Support.objects.filter(activity__in=held).values_list("activity__kind", "enterprise_id")
    )
    enterprises = Counter(kind for kind, _enterprise in pairs)
    empty: dict[str, Any] = {}
    return [
        {
            "kind": kind.value,
            "held": counts.get(kind.value, empty).get("held", 0),
            "planned": counts.get(kind.value, empty).get("planned", 0),
            "participants": people.get(kind.value, 0),
            "enterprises": enterprises.get(kind.value, 0),
            "reach": counts.get(kind.value, empty).get("reach") or 0,
            "cost": _money(counts.get(kind.value, empty).get("cost")),
        }
        for kind in ActivityKind
    ]


def task_figures(f: Filters) -> dict[int, dict[str, Any]]:
    """Per plan task (by id), what its activities held in the period did: activities by kind, people
    who attended, distinct enterprises reached (attended or supported), outreach reach, and its
    targets against the records. One query per figure for all tasks at once (a province has dozens);
    a task with no activity and no target is absent."""
    held = counting.held(f.period).filter(task__isnull=False)
    result: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"activities": {}, "participants": 0, "enterprises": 0, "reach": 0, "targets": []}
    )
    for task, kind, count, reach in (
        held.values("task", "kind")
        .annotate(n=Count("pk"), reach=Sum("reach"))
        .values_list("task", "kind", "n", "reach")
    ):
        result[task]["activities"][kind] = count
        if kind == ActivityKind.OUTREACH:
            result[task]["reach"] += reach or 0
    attendance = Participant.objects.filter(activity__in=held, status=AttendanceStatus.ATTENDED)
    for task, people in attendance.values("activity__task").annotate(n=Count("pk")).values_list("activity__task", "n"):
        result[task]["participants"] = people
    pairs = attendance.values_list("activity__task", "enterprise_id").union(  # UNION: each pair once
        Support.objects.filter(activity__in=held).values_list("activity__task", "enterprise_id")
    )
    for task, enterprises in Counter(task for task, _enterprise in pairs).items():
        result[task]["enterprises"] = enterprises
    for achievement in programme_targets.achievements(f):
        result[achievement.target.task_id]["targets"].append(_target_row(achievement))
    return {task: {**figures, "activities": _by_kind(figures["activities"])} for task, figures in result.items()}


def _by_kind(counts: dict[str, int]) -> dict[str, int]:
    """Activity counts in ActivityKind's order, kinds with none left out."""
    return {kind.value: counts[kind.value] for kind in ActivityKind if counts.get(kind.value)}


def reached(f: Filters) -> dict[str, int]:
    """Distinct enterprises reached by any held activity of the period (attended or supported), of
    them those trained and those supported, and the reach of outreach."""
    return {
        "enterprises": counting.reached(f.period).count(),
        "trained": counting.trained(f.period).count(),
        "supported": counting.supported(f.period).count(),
        "outreach": counting.held(f.period).filter(kind=ActivityKind.OUTREACH).aggregate(total=Sum("reach"))["total"]
        or 0,
    }


def targets(f: Filters) -> list[dict[str, Any]]:
    """The targets of the plans in force in the period against what the records show."""
    return [_target_row(achievement) for achievement in programme_targets.achievements(f)]


def _target_row(achievement: programme_targets.Achievement) -> dict[str, Any]:
    return {
        "plan": achievement.target.task.plan.number,
        "task": achievement.target.task.number,
        "task_title": achievement.target.task.title,
        "text": achievement.target.text,
        "unit": achievement.target.unit,
        "minimum": achievement.target.minimum,
        "maximum": achievement.target.maximum,
        "per_year": achievement.target.per_year,
        "counted": achievement.period.as_json(),
        "achieved": achievement.achieved,
        "percent": achievement.percent if achievement.achieved is not None else None,
        "met": achievement.met,
    }


def budget(f: Filters) -> dict[str, Any]:
    """Planned for the period's years against spent on activities held in the period, per task."""
    lines = programme_targets.budget_lines(f.period)
    per_line = budget_lines_of(f.period)
    return {
        "years": list(f.period.years),
        "lines": [
            {
                "task": line.task.number,
                "task_title": line.task.title,
                "planned": _money(line.planned),
                "spent": _money(line.spent),
            }
            for line in lines
        ],
        "planned": _money(sum((line.planned for line in lines), Decimal(0))),
        "spent": _money(sum((line.spent for line in lines), Decimal(0))),
        # Per source: estimate, approved, spent (see reporting.statistics.budget) and settlement.
        "by_source": [{"source": source, **_totals(totals)} for source, totals in budget_by_source(per_line)],
        "total": _totals(BudgetTotals.of(per_line)),
    }


def _totals(totals: BudgetTotals) -> dict[str, float]:
    return {name: _money(getattr(totals, name)) for name in ("estimate", "approved", "spent", "settlement")}


def honours(f: Filters) -> dict[str, Any]:
    queryset = Honour.objects.filter(year__range=f.period.years).select_related("enterprise")
    return {
        "count": queryset.count(),
        "by_category": dict(queryset.values("category").annotate(n=Count("pk")).values_list("category", "n")),
        "enterprises": [
            {"year": h.year, "name": h.enterprise.name, "tax_code": h.enterprise.tax_code, "category": h.category}
            for h in queryset.order_by("-year", "enterprise__name")
        ],
    }


def providers_with_supported() -> QuerySet[Provider]:
    """The active solution providers, each with the distinct enterprises it has supported so far."""
    return Provider.objects.filter(active=True).annotate(supported=Count("supports__enterprise", distinct=True))


def _money(value: Decimal | None) -> float:
    return float(value or 0)


# --- Together -------------------------------------------------------------------------------------


def key_numbers(f: Filters, rows: list[CountedRow] | None = None) -> list[dict[str, Any]]:
    """The dashboard's headline figures, each with last year's value for the same days."""
    now, before = _headline(f, rows), _headline(f.with_period(f.period.previous()))
    return [{"key": key, "value": value, "previous": before[key]} for key, value in now.items()]


def _headline(f: Filters, rows: list[CountedRow] | None = None) -> dict[str, Any]:
    rows = rows if rows is not None else counted(f)
    counts = assessment_counts(f, rows)
    distribution = levels(f, rows)
    assessed = len(rows)
    high = sum(row["count"] for row in distribution if row["level"] >= 3)
    average = sum(row["level"] * row["count"] for row in distribution) / assessed if assessed else None
    reach = reached(f)
    return {
        "registry": _registry(f).count(),
        "assessed": assessed,
        "validated": counts["validated"],
        "average_level": round(average, 2) if average is not None else None,
        "level_3_or_more": high,
        "trained": reach["trained"],
        "reached": reach["enterprises"],
    }


def overview(f: Filters) -> dict[str, Any]:
    """Every figure of the period at once, JSON-ready: what a yearly report snapshots."""
    rows = counted(f)
    return {
        "basis": basis(f),
        "key_numbers": key_numbers(f, rows),
        "registry": registry(f),
        "assessments": assessment_counts(f, rows),
        "levels": levels(f, rows),
        "pillars": pillars(f, rows),
        "sector_size": sector_size(f, rows),
        "wards": wards(f, rows),
        "certificates": certificates(f),
        "progress": progress(f),
        "barriers": barriers(f, rows),
        "support_demand": support_demand(f, rows),
        "trend": trend(f),
        "activities": activities(f),
        "reached": reached(f),
        "targets": targets(f),
        "budget": budget(f),
        "honours": honours(f),
    }


def cache_key(f: Filters, part: str) -> str:
    """The cache key of a part of the figures for these filters (the key function adds the schema,
    so provinces never share an entry; the stamp changes with any write that moves a figure)."""
    return f"stats:4:{part}:{stamp(FIGURES_STAMP)}:" + ":".join([  # 4: with wards and certificates
        f.period.start.isoformat(), f.period.end.isoformat(), f.section, f.size, f.ward,
        f.family, str(f.number or ""), ",".join(f.states), str(f.wave or ""),
    ])  # fmt: skip


def cached(f: Filters, part: str, compute: Callable[[], T]) -> T:
    """`compute()`, kept for STATS_CACHE_SECONDS: the dashboard and the API read through this; a
    yearly report always computes its figures afresh.

    Once that time is up, one request computes the figures again while the others keep being
    answered with the kept ones (a province's overview takes about a second on 100,000
    enterprises: without this, every worker would compute it at once and every visitor wait)."""
    from django.core.cache import cache

    seconds = settings.STATS_CACHE_SECONDS
    if not seconds:
        return compute()
    key = cache_key(f, part)
    entry = cache.get(key)
    if entry is not None:
        fresh_until, data = entry
        if now_seconds() < fresh_until or not cache.add(f"{key}:computing", True, 120):
            return data  # fresh; or stale while another request computes it
    data = compute()
    cache.set(key, (now_seconds() + seconds, data), seconds * 12)  # a stale copy serves at most an hour
    cache.delete(f"{key}:computing")
    return data


def overview_cached(f: Filters) -> dict[str, Any]:
    return cached(f, "overview", lambda: overview(f))


# --- The registry's levels -------------------------------------------------------------------------


class RegistryLevels:
    """Each enterprise's current DBI level for the registry's list, filter and API: the level of
    its latest counted assessment to date (registered with the registry, which cannot import this)."""

    def of(self, enterprise_ids: Iterable[int]) -> dict[int, int]:
        ids = list(enterprise_ids)
        if not ids:
            return {}
        f = counting.until_today()
        sql, params = counted_sql(f, only=ids)
        return dict(sql_rows(f"SELECT enterprise_id, overall_level FROM ({sql}) c", params))

    def narrow(self, queryset: QuerySet[Enterprise], level: str) -> QuerySet[Enterprise]:
        sql, params = counted_sql(counting.until_today())
        if level == "none":
            return queryset.exclude(pk__in=RawSQL(*positional(f"SELECT enterprise_id FROM ({sql}) c", params)))
        if level not in {str(n) for n in LEVELS}:
            return queryset.none()
        params["level"] = int(level)
        at_level = f"SELECT enterprise_id FROM ({sql}) c WHERE overall_level = %(level)s"
        return queryset.filter(pk__in=RawSQL(*positional(at_level, params)))


# --- The lists behind the counts (for the report's annex; enterprise-level, never leaves the province)


def assessed_list(f: Filters) -> list[tuple[Any, ...]]:
    """Each counted enterprise: tax code, name, section, size, ward, level, points, date submitted."""
    sql, params = counted_sql(f)
    return sql_rows(
        f"""
        SELECT e.tax_code, e.name, e.section, e.size, COALESCE(w.name, ''), c.overall_level, c.total,
            (c.submitted_at AT TIME ZONE %(zone)s)::date
        FROM ({sql}) c JOIN {Enterprise._meta.db_table} e ON e.id = c.enterprise_id
        LEFT JOIN {Ward._meta.db_table} w ON w.id = e.ward_id
        ORDER BY e.name, e.tax_code
        """,
        params | {"zone": settings.TIME_ZONE},
    )


def reached_list(f: Filters) -> list[tuple[Any, ...]]:
    """Each enterprise reached by a held activity of the period (the `reached` figure counts these):
    tax code, name, people who attended, activities attended, times supported."""
    activities = counting.held(f.period)
    attended = Q(participations__activity__in=activities, participations__status=AttendanceStatus.ATTENDED)
    rows = (
        counting.reached(f.period)
        .annotate(
            people=Count("participations", filter=attended, distinct=True),
            attended=Count("participations__activity", filter=attended, distinct=True),
            supported=Count("supports", filter=Q(supports__activity__in=activities), distinct=True),
        )
        .order_by("name", "tax_code")
        .values_list("tax_code", "name", "people", "attended", "supported")
    )
    return list(rows)


def activity_list(f: Filters) -> list[tuple[Any, ...]]:
    """The activities held in the period: date, kind, title, people who attended, reach, cost."""
    rows = (
        Activity.objects.filter(starts_on__range=(f.period.start, f.period.end), status=ActivityStatus.HELD)
        .annotate(people=Count("participants", filter=Q(participants__status=AttendanceStatus.ATTENDED)))
        .order_by("starts_on", "title")
        .values_list("starts_on", "kind", "title", "people", "reach", "cost")
    )
    return list(rows)
