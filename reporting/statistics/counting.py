"""What the figures count: the period and filters, the province's model family, and the one
selector of the assessments counted (`counted_sql`), which every assessment figure reads."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from assessments.models import Assessment, ModelStatus, ModelVersion
from campaigns.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    AttendanceStatus,
    Honour,
    Participant,
    Support,
    Task,
)
from enterprises.models import Enterprise
from reference.models import Ward
from tenants.selectors import current_province


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
    wave: int | None = None  # only the assessments of this invitation wave

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


def until_today(**filters: Any) -> Filters:
    """Everything submitted so far (the registry's current level, a wave, a result's peers)."""
    return filters_for(Period(date(1970, 1, 1), timezone.localdate()), **filters)


def basis(f: Filters) -> dict[str, Any]:
    """What the assessment figures count, said with every answer: the family, and the versions of it
    in force during the period (published before it ended) or under which an assessment of the
    period was submitted (a province may load its model after the assessments it records)."""
    start, end = f.period.bounds()
    in_force = {v.number for v in f.versions if v.published_at is None or v.published_at < end}
    used = set(
        Assessment.objects.filter(version__in=f.versions, submitted_at__gte=start, submitted_at__lt=end)
        .values_list("version__number", flat=True)
        .distinct()
    )
    return {
        "period": f.period.as_json(),
        "model": f.family or None,
        "model_version": f.number,
        "model_versions": sorted(in_force | used),
        "states": list(f.states),
        "filters": {"section": f.section, "size": f.size, "ward": f.ward},
    }


# --- The one selector ------------------------------------------------------------------------------


def counted_sql(f: Filters, *, only: list[int] | None = None) -> tuple[str, dict[str, Any]]:
    """The one selector of what assessment figures count: SQL of each enterprise's latest assessment
    submitted in the period, in a counted state, under the family (merged duplicates excluded);
    with `only`, of those enterprises alone."""
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
    if f.wave is not None:
        conditions.append("a.wave_id = %(wave)s")
        params["wave"] = f.wave
    sql = f"""
        SELECT DISTINCT ON (a.enterprise_id)
            a.id, a.enterprise_id, a.overall_level, a.total, a.result, a.part_c, a.part_d, a.submitted_at
        FROM {Assessment._meta.db_table} a
        WHERE {" AND ".join(conditions)}
        ORDER BY a.enterprise_id, a.submitted_at DESC
    """
    return sql, params


def sql_rows(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def positional(sql: str, params: dict[str, Any]) -> tuple[str, list[Any]]:
    """The named-parameter SQL in the positional form a queryset's RawSQL takes."""
    order: list[Any] = []

    def take(match: re.Match[str]) -> str:
        order.append(params[match.group(1)])
        return "%s"

    return re.sub(r"%\((\w+)\)s", take, sql), order


def counted_enterprises(f: Filters) -> QuerySet[Enterprise]:
    """The enterprises whose latest counted assessment of the period the figures count."""
    sql, params = counted_sql(f)
    return Enterprise.objects.filter(pk__in=RawSQL(*positional(f"SELECT enterprise_id FROM ({sql}) c", params)))


# --- What the programme's figures count ------------------------------------------------------------


def held(period: Period, task: Task | None = None) -> QuerySet[Activity]:
    """Activities held (not planned, not cancelled) that started in the period; of one task if given."""
    activities = Activity.objects.filter(status=ActivityStatus.HELD, starts_on__range=(period.start, period.end))
    return activities.filter(task=task) if task is not None else activities


def attended(activities: QuerySet[Activity]) -> QuerySet[Enterprise]:
    """Enterprises someone of which attended one of these activities (registered is not enough)."""
    return Enterprise.objects.filter(
        pk__in=Participant.objects.filter(activity__in=activities, status=AttendanceStatus.ATTENDED).values(
            "enterprise_id"
        )
    )


def trained(period: Period, task: Task | None = None) -> QuerySet[Enterprise]:
    """Enterprises someone of which attended a training course held in the period."""
    return attended(held(period, task).filter(kind=ActivityKind.TRAINING))


def supported(period: Period, task: Task | None = None) -> QuerySet[Enterprise]:
    """Enterprises recorded as supported (visit, matchmaking, e-commerce help) by an activity held in
    the period."""
    return Enterprise.objects.filter(
        pk__in=Support.objects.filter(activity__in=held(period, task)).values("enterprise_id")
    )


def reached(period: Period) -> QuerySet[Enterprise]:
    """Enterprises that attended or were supported by any activity held in the period."""
    activities = held(period)
    return Enterprise.objects.filter(
        Q(pk__in=attended(activities).values("pk"))
        | Q(pk__in=Support.objects.filter(activity__in=activities).values("enterprise_id"))
    )


def honoured(period: Period) -> QuerySet[Enterprise]:
    """Enterprises honoured in the period's years (an honour is given for a year)."""
    return Enterprise.objects.filter(pk__in=Honour.objects.filter(year__range=period.years).values("enterprise_id"))
