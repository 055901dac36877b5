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
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import cached_property
from time import time as now_seconds
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL
from django.utils import timezone

from assessments.models import Assessment, AssessmentKind, AssessmentState, ModelStatus, ModelVersion
from campaigns import kpi
from campaigns.models import Activity, ActivityKind, ActivityStatus, AttendanceStatus, Honour, Participant
from core.cache import FIGURES_STAMP, stamp
from enterprises.models import SIZE_CHOICES, Enterprise
from reference.models import VsicCode, Ward
from tenants.selectors import current_province

T = TypeVar("T")
LEVELS = range(6)


@dataclass(frozen=True)
class Period:
    """From `start` to `end`, both days included."""

    start: date
    end: date

    @classmethod
    def of_year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def is_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31) and (
            self.start.year == self.end.year
        )

    @property
    def years(self) -> tuple[int, int]:
        return (self.start.year, self.end.year)

    def previous(self) -> Period:
        """The same days one year earlier (29 February becomes the 28th)."""
        return Period(_year_earlier(self.start), _year_earlier(self.end))

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as [from, to) instants in the portal's time zone."""
        zone = ZoneInfo(settings.TIME_ZONE)
        return (
            datetime.combine(self.start, time.min, tzinfo=zone),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone),
        )

    def as_json(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Filters:
    """What a figure is computed over. Enterprise filters (section, size, ward) narrow the registry and
    assessment figures; programme figures (activities, targets, budget) are the whole province's.
    Assessments count under every version of `family`, or only version `number` when asked."""

    period: Period
    section: str = ""
    size: str = ""
    ward: str = ""
    family: str = ""  # a scoring model's key, e.g. qd1970-sme ("": the province has no model yet)
    number: int | None = None
    states: tuple[str, ...] = ()

    def with_period(self, period: Period) -> Filters:
        return replace(self, period=period)

    @cached_property
    def versions(self) -> list[ModelVersion]:
        """The family's versions counted, newest first (their definitions are read on demand)."""
        queryset = ModelVersion.objects.filter(key=self.family).exclude(status=ModelStatus.DRAFT)
        if self.number is not None:
            queryset = queryset.filter(number=self.number)
        return list(queryset.order_by("-number"))

    @property
    def version(self) -> ModelVersion | None:
        """The version whose names and maxima label the figures: the newest counted."""
        return self.versions[0] if self.versions else None


def province_family() -> str:
    """The model family the province assesses with: that of its latest published version."""
    key = (
        ModelVersion.objects.filter(status=ModelStatus.PUBLISHED)
        .order_by("-published_at", "-number")
        .values_list("key", flat=True)
        .first()
    )
    return key or ""


def filters_for(
    period: Period,
    *,
    section: str = "",
    size: str = "",
    ward: str = "",
    family: str = "",
    version_number: int | None = None,
) -> Filters:
    """Filters with the province's counted states and model family (or the family asked for)."""
    province = current_province()
    return Filters(
        period, section.upper(), size, ward, family or province_family(), version_number, province.counted_states
    )


def basis(f: Filters) -> dict[str, Any]:
    """What the assessment figures count, said with every answer: the family and the versions of it
    in force during the period (published before it ended)."""
    _start, end = f.period.bounds()
    in_force = sorted(v.number for v in f.versions if v.published_at is None or v.published_at < end)
    return {
        "period": f.period.as_json(),
        "model": f.family or None,
        "model_version": f.number,
        "model_versions": in_force,
        "states": list(f.states),
        "filters": {"section": f.section, "size": f.size, "ward": f.ward},
    }


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


def _counted_sql(f: Filters, *, per_year: bool = False, only: list[int] | None = None) -> tuple[str, dict[str, Any]]:
    """The one selector of what assessment figures count: SQL of each enterprise's latest assessment
    submitted in the period, in a counted state, under the family (merged duplicates excluded);
    with `per_year`, its latest of each calendar year; with `only`, of those enterprises alone."""
    start, end = f.period.bounds()
    enterprises = Enterprise._meta.db_table
    conditions = [
        "a.state = ANY(%(states)s)",
        f"a.version_id IN (SELECT id FROM {ModelVersion._meta.db_table} WHERE key = %(family)s"
        + (" AND number = %(number)s)" if f.number is not None else ")"),
        "a.submitted_at >= %(start)s",
        "a.submitted_at < %(end)s",
        # Merging moves assessments to the record kept; this only guards against stragglers, through
        # the index on merged_into (a join with the whole registry would cost more than the rest).
        f"NOT EXISTS (SELECT 1 FROM {enterprises} m WHERE m.id = a.enterprise_id AND m.merged_into_id IS NOT NULL)",
    ]
    params: dict[str, Any] = {
        "states": list(f.states),
        "family": f.family,
        "number": f.number,
        "start": start,
        "end": end,
        "zone": settings.TIME_ZONE,
    }
    narrowing = []
    if f.section:
        narrowing.append("section = %(section)s")
        params["section"] = f.section
    if f.size:
        narrowing.append("size = %(size)s")
        params["size"] = f.size
    if f.ward:
        narrowing.append(f"ward_id = (SELECT id FROM {Ward._meta.db_table} WHERE code = %(ward)s)")
        params["ward"] = f.ward
    if narrowing:
        conditions.append(f"a.enterprise_id IN (SELECT id FROM {enterprises} WHERE {' AND '.join(narrowing)})")
    if only is not None:
        conditions.append("a.enterprise_id = ANY(%(only)s)")
        params["only"] = only
    year = "extract(year FROM a.submitted_at AT TIME ZONE %(zone)s)"
    sql = f"""
        SELECT DISTINCT ON (a.enterprise_id{f", {year}" if per_year else ""})
            a.id, a.enterprise_id, a.overall_level, a.total, a.result, a.part_c, a.part_d, a.submitted_at,
            {year} AS year
        FROM {Assessment._meta.db_table} a
        WHERE {" AND ".join(conditions)}
        ORDER BY a.enterprise_id, {f"{year}, " if per_year else ""}a.submitted_at DESC
    """
    return sql, params


def _rows(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


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


def counted(f: Filters) -> list[CountedRow]:
    """Each enterprise's latest counted assessment of the period, read once: the level, pillar,
    sector × size, barrier and support figures are all computed from this one list."""
    if f.version is None:
        return []
    sql, params = _counted_sql(f)
    rows = _rows(
        f"""SELECT c.overall_level, c.total, c.result -> 'pillars', c.part_c, c.part_d -> 'support', e.section, e.size
        FROM ({sql}) c JOIN {Enterprise._meta.db_table} e ON e.id = c.enterprise_id""",
        params,
    )
    return [
        CountedRow(level or 0, total or 0, _json(pillars), _json(barriers), _json(support), section, size)
        for level, total, pillars, barriers, support, section, size in rows
    ]


def _json(value: Any) -> Any:
    """jsonb from a raw cursor comes as text (Django leaves decoding to the model field)."""
    return (json.loads(value) if isinstance(value, str) else value) or []


def assessment_counts(f: Filters, rows: list[CountedRow] | None = None) -> dict[str, int]:
    """Assessments submitted in the period (any state but draft), by kind, and how many are validated;
    `counted` is the number of enterprises the level figures count."""
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
    counts = queryset.aggregate(
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
    sql, params = _counted_sql(f)
    rows = _rows(
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
    """Year by year up to the period's last year: counted enterprises, their average level and how
    many reached level 3 or more (each year counts each enterprise's latest assessment of that year)."""
    last = f.period.end.year
    span = f.with_period(Period(date(last - years + 1, 1, 1), date(last, 12, 31)))
    sql, params = _counted_sql(span, per_year=True)
    found = {
        int(year): (count, average, high)
        for year, count, average, high in _rows(
            f"""SELECT year, count(*), avg(overall_level), count(*) FILTER (WHERE overall_level >= 3)
            FROM ({sql}) c GROUP BY 1""",
            params,
        )
    }
    result = []
    for year in range(last - years + 1, last + 1):
        count, average, high = found.get(year, (0, None, 0))
        result.append({
            "year": year,
            "counted": count,
            "average_level": round(float(average), 2) if average is not None else None,
            "level_3_or_more": high,
        })  # fmt: skip
    return result


# --- The programme --------------------------------------------------------------------------------


def activities(f: Filters) -> list[dict[str, Any]]:
    """Activities starting in the period, by kind: held, planned, people who attended, distinct
    enterprises they came from, outreach reach, and the cost of those held (million VND)."""
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
    people: dict[str, dict[str, Any]] = {
        row["activity__kind"]: dict(row)
        for row in Participant.objects.filter(
            activity__in=queryset.filter(status=ActivityStatus.HELD), status=AttendanceStatus.ATTENDED
        )
        .values("activity__kind")
        .annotate(people=Count("pk"), enterprises=Count("enterprise", distinct=True))
    }
    empty: dict[str, Any] = {}
    return [
        {
            "kind": kind.value,
            "held": counts.get(kind.value, empty).get("held", 0),
            "planned": counts.get(kind.value, empty).get("planned", 0),
            "participants": people.get(kind.value, empty).get("people", 0),
            "enterprises": people.get(kind.value, empty).get("enterprises", 0),
            "reach": counts.get(kind.value, empty).get("reach") or 0,
            "cost": _money(counts.get(kind.value, empty).get("cost")),
        }
        for kind in ActivityKind
    ]


def reached(f: Filters) -> dict[str, int]:
    """Distinct enterprises reached by any held activity of the period (attended or supported), and
    the reach of outreach."""
    held = Activity.objects.filter(starts_on__range=(f.period.start, f.period.end), status=ActivityStatus.HELD)
    attended = Enterprise.objects.filter(
        participations__activity__in=held, participations__status=AttendanceStatus.ATTENDED
    ).values("pk")
    supported = Enterprise.objects.filter(supports__activity__in=held).values("pk")
    trained = Enterprise.objects.filter(
        participations__activity__in=held.filter(kind=ActivityKind.TRAINING),
        participations__status=AttendanceStatus.ATTENDED,
    ).values("pk")
    return {
        "enterprises": Enterprise.objects.filter(Q(pk__in=attended) | Q(pk__in=supported)).count(),
        "trained": Enterprise.objects.filter(pk__in=trained).count(),
        "supported": Enterprise.objects.filter(pk__in=supported).count(),
        "outreach": held.filter(kind=ActivityKind.OUTREACH).aggregate(total=Sum("reach"))["total"] or 0,
    }


def targets(year: int) -> list[dict[str, Any]]:
    """The targets of the plans in force that year against what the records show."""
    return [
        {
            "plan": achievement.target.task.plan.number,
            "task": achievement.target.task.number,
            "task_title": achievement.target.task.title,
            "text": achievement.target.text,
            "unit": achievement.target.unit,
            "minimum": achievement.target.minimum,
            "maximum": achievement.target.maximum,
            "per_year": achievement.target.per_year,
            "achieved": achievement.achieved,
            "percent": achievement.percent if achievement.achieved is not None else None,
            "met": achievement.met,
        }
        for achievement in kpi.achievements(year)
    ]


def budget(year: int) -> dict[str, Any]:
    lines = kpi.budget_lines(year)
    return {
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
    }


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
    year = f.period.end.year
    rows = counted(f)
    return {
        "basis": basis(f),
        "key_numbers": key_numbers(f, rows),
        "registry": registry(f),
        "assessments": assessment_counts(f, rows),
        "levels": levels(f, rows),
        "pillars": pillars(f, rows),
        "sector_size": sector_size(f, rows),
        "progress": progress(f),
        "barriers": barriers(f, rows),
        "support_demand": support_demand(f, rows),
        "trend": trend(f),
        "activities": activities(f),
        "reached": reached(f),
        "targets": targets(year),
        "budget": budget(year),
        "honours": honours(f),
    }


def cache_key(f: Filters, part: str) -> str:
    """The cache key of a part of the figures for these filters (the key function adds the schema,
    so provinces never share an entry; the stamp changes with any write that moves a figure)."""
    return f"stats:3:{part}:{stamp(FIGURES_STAMP)}:" + ":".join([  # 3: with the figures' stamp
        f.period.start.isoformat(), f.period.end.isoformat(), f.section, f.size, f.ward,
        f.family, str(f.number or ""), ",".join(f.states),
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


def _until_today() -> Filters:
    """Everything submitted so far: the period the registry's "current level" looks at."""
    return filters_for(Period(date(1970, 1, 1), timezone.localdate()))


def _positional(sql: str, params: dict[str, Any]) -> tuple[str, list[Any]]:
    """The named-parameter SQL in the positional form a queryset's RawSQL takes."""
    order: list[Any] = []

    def take(match: re.Match[str]) -> str:
        order.append(params[match.group(1)])
        return "%s"

    return re.sub(r"%\((\w+)\)s", take, sql), order


class RegistryLevels:
    """Each enterprise's current DBI level for the registry's list, filter and API: the level of
    its latest counted assessment to date (registered with the registry, which cannot import this)."""

    def of(self, enterprise_ids: Iterable[int]) -> dict[int, int]:
        ids = list(enterprise_ids)
        if not ids:
            return {}
        f = _until_today()
        sql, params = _counted_sql(f, only=ids)
        return dict(_rows(f"SELECT enterprise_id, overall_level FROM ({sql}) c", params))

    def narrow(self, queryset: QuerySet[Enterprise], level: str) -> QuerySet[Enterprise]:
        sql, params = _counted_sql(_until_today())
        if level == "none":
            return queryset.exclude(pk__in=RawSQL(*_positional(f"SELECT enterprise_id FROM ({sql}) c", params)))
        if level not in {str(n) for n in LEVELS}:
            return queryset.none()
        params["level"] = int(level)
        at_level = f"SELECT enterprise_id FROM ({sql}) c WHERE overall_level = %(level)s"
        return queryset.filter(pk__in=RawSQL(*_positional(at_level, params)))


# --- The lists behind the counts (for the report's annex; enterprise-level, never leaves the province)


def assessed_list(f: Filters) -> list[tuple[Any, ...]]:
    """Each counted enterprise: tax code, name, section, size, ward, level, points, date submitted."""
    sql, params = _counted_sql(f)
    return _rows(
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
    """Each enterprise that attended a held activity of the period: tax code, name, people, activities."""
    rows = (
        Participant.objects.filter(
            activity__starts_on__range=(f.period.start, f.period.end),
            activity__status=ActivityStatus.HELD,
            status=AttendanceStatus.ATTENDED,
        )
        .values("enterprise__tax_code", "enterprise__name")
        .annotate(people=Count("pk"), activities=Count("activity", distinct=True))
        .order_by("enterprise__name", "enterprise__tax_code")
    )
    return [(row["enterprise__tax_code"], row["enterprise__name"], row["people"], row["activities"]) for row in rows]


def activity_list(f: Filters) -> list[tuple[Any, ...]]:
    """The activities held in the period: date, kind, title, people who attended, reach, cost."""
    rows = (
        Activity.objects.filter(starts_on__range=(f.period.start, f.period.end), status=ActivityStatus.HELD)
        .annotate(people=Count("participants", filter=Q(participants__status=AttendanceStatus.ATTENDED)))
        .order_by("starts_on", "title")
        .values_list("starts_on", "kind", "title", "people", "reach", "cost")
    )
    return list(rows)
