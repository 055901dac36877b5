"""Targets against what the records show, the list behind each figure, and budget planned vs spent.

Every figure counts distinct enterprises or activities from the stored records, never rows typed in
by hand: an enterprise trained twice in a year counts once.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from campaigns.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    AttendanceStatus,
    Budget,
    Plan,
    Target,
    TargetUnit,
    Task,
)
from enterprises.models import Enterprise
from tenants.selectors import current_province

# Units the portal computes; "other" targets are described in words only.
COMPUTED = {
    TargetUnit.ENTERPRISES_TRAINED,
    TargetUnit.ENTERPRISES_ASSESSED,
    TargetUnit.WORKSHOPS_HELD,
    TargetUnit.COURSES_HELD,
    TargetUnit.OUTREACH_REACH,
    TargetUnit.ENTERPRISES_SUPPORTED,
    TargetUnit.ENTERPRISES_HONOURED,
}


Years = tuple[int, int]  # first and last year counted, both included


def _held(task: Task | None, years: Years) -> QuerySet[Activity]:
    activities = Activity.objects.filter(status=ActivityStatus.HELD, starts_on__year__range=years)
    return activities.filter(task=task) if task is not None else activities


def trained(task: Task | None, years: Years) -> QuerySet[Enterprise]:
    """Enterprises with someone who attended a training course (of the task) in those years."""
    courses = _held(task, years).filter(kind=ActivityKind.TRAINING)
    return Enterprise.objects.filter(
        participations__activity__in=courses, participations__status=AttendanceStatus.ATTENDED
    ).distinct()


def supported(task: Task | None, years: Years) -> QuerySet[Enterprise]:
    """Enterprises recorded as supported (visit, matchmaking, e-commerce help) by an activity of those years."""
    return Enterprise.objects.filter(supports__activity__in=_held(task, years)).distinct()


def honoured(years: Years) -> QuerySet[Enterprise]:
    return Enterprise.objects.filter(honours__year__range=years).distinct()


def assessed(years: Years) -> QuerySet[Enterprise]:
    """Enterprises with an assessment submitted in those years, in a state the province counts."""

    province = current_province()
    return Enterprise.objects.filter(
        assessments__submitted_at__year__range=years, assessments__state__in=province.counted_states
    ).distinct()


def counted_years(target: Target, year: int) -> Years:
    """The year itself for a yearly target; for a whole-plan target, the plan's years up to this one."""
    if target.per_year or not target.task.plan.start_year:
        return (year, year)
    return (target.task.plan.start_year, year)


@dataclass(frozen=True)
class Achievement:
    target: Target
    achieved: int | None  # None: not computed by the portal
    year: int

    @property
    def percent(self) -> int:
        if not self.achieved or not self.target.minimum:
            return 0
        return min(100, round(100 * self.achieved / self.target.minimum))

    @property
    def met(self) -> bool:
        return self.achieved is not None and self.achieved >= self.target.minimum


def achieved(target: Target, year: int) -> int | None:
    if target.unit not in COMPUTED:
        return None
    _kind, records = behind(target, year)
    if target.unit == TargetUnit.OUTREACH_REACH:
        return records.aggregate(total=Sum("reach"))["total"] or 0
    return records.count()


def behind(target: Target, year: int) -> tuple[str, QuerySet[Any]]:
    """The records a figure counts: ("enterprises", …) or ("activities", …)."""
    task, unit, years = target.task, target.unit, counted_years(target, year)
    if unit == TargetUnit.ENTERPRISES_TRAINED:
        return "enterprises", trained(task, years).order_by("name")
    if unit == TargetUnit.ENTERPRISES_ASSESSED:
        return "enterprises", assessed(years).order_by("name")
    if unit == TargetUnit.ENTERPRISES_SUPPORTED:
        return "enterprises", supported(task, years).order_by("name")
    if unit == TargetUnit.ENTERPRISES_HONOURED:
        return "enterprises", honoured(years).order_by("name")
    kinds = {
        TargetUnit.WORKSHOPS_HELD: ActivityKind.WORKSHOP,
        TargetUnit.COURSES_HELD: ActivityKind.TRAINING,
        TargetUnit.OUTREACH_REACH: ActivityKind.OUTREACH,
    }
    if unit in kinds:
        return "activities", _held(task, years).filter(kind=kinds[TargetUnit(unit)]).order_by("starts_on")
    return "activities", Activity.objects.none()


def achievements(year: int) -> list[Achievement]:
    """The targets of the plans in force that year, each against what the records show."""
    targets = Target.objects.select_related("task__plan").order_by("task__plan", "task__position", "pk")
    return [
        Achievement(target, achieved(target, year), year) for target in targets if _in_period(target.task.plan, year)
    ]


def _in_period(plan: Plan, year: int) -> bool:
    return not plan.start_year or (plan.start_year <= year <= (plan.end_year or year))


@dataclass(frozen=True)
class KindSummary:
    kind: str
    label: str
    held: int
    planned: int
    participants: int  # people marked attended
    enterprises: int  # distinct enterprises among them
    reach: int
    cost: Decimal


def activity_summary(year: int) -> list[KindSummary]:
    """Activities of the year by kind: how many held, people and distinct enterprises that attended,
    outreach reach, cost."""
    rows = (
        Activity.objects.filter(starts_on__year=year)
        .exclude(status=ActivityStatus.CANCELLED)
        .values("kind")
        .annotate(
            held=Count("pk", filter=Q(status=ActivityStatus.HELD), distinct=True),
            planned=Count("pk", filter=Q(status=ActivityStatus.PLANNED), distinct=True),
        )
    )
    counts: dict[str, dict[str, int]] = {row["kind"]: {"held": row["held"], "planned": row["planned"]} for row in rows}
    attended = Q(participants__status=AttendanceStatus.ATTENDED)
    people = dict(
        Activity.objects.filter(starts_on__year=year, status=ActivityStatus.HELD)
        .values("kind")
        .annotate(people=Count("participants", filter=attended))
        .values_list("kind", "people")
    )
    firms = dict(
        Activity.objects.filter(starts_on__year=year, status=ActivityStatus.HELD)
        .values("kind")
        .annotate(firms=Count("participants__enterprise", filter=attended, distinct=True))
        .values_list("kind", "firms")
    )
    money = dict(
        Activity.objects.filter(starts_on__year=year)
        .exclude(status=ActivityStatus.CANCELLED)
        .values("kind")
        .annotate(cost=Sum("cost"))
        .values_list("kind", "cost")
    )
    reach = dict(
        Activity.objects.filter(starts_on__year=year, status=ActivityStatus.HELD)
        .values("kind")
        .annotate(total=Sum("reach"))
        .values_list("kind", "total")
    )
    return [
        KindSummary(
            kind=kind.value,
            label=str(kind.label),
            held=counts.get(kind.value, {"held": 0})["held"],
            planned=counts.get(kind.value, {"planned": 0})["planned"],
            participants=people.get(kind.value) or 0,
            enterprises=firms.get(kind.value) or 0,
            reach=reach.get(kind.value) or 0,
            cost=money.get(kind.value) or Decimal(0),
        )
        for kind in ActivityKind
    ]


@dataclass(frozen=True)
class BudgetLine:
    task: Task
    planned: Decimal
    spent: Decimal

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.spent / self.planned)) if self.planned else 0


def budget_lines(year: int) -> list[BudgetLine]:
    """Per task: planned for the year (all sources) against the costs of its activities held that
    year (a planned activity's cost is not spent yet)."""
    planned = dict(
        Budget.objects.filter(year=year).values("task").annotate(total=Sum("amount")).values_list("task", "total")
    )
    spent = dict(
        Activity.objects.filter(starts_on__year=year, task__isnull=False, status=ActivityStatus.HELD)
        .values("task")
        .annotate(total=Sum("cost"))
        .values_list("task", "total")
    )
    tasks = Task.objects.filter(pk__in={*planned, *spent}).select_related("plan").order_by("plan", "position")
    return [BudgetLine(task, planned.get(task.pk) or Decimal(0), spent.get(task.pk) or Decimal(0)) for task in tasks]
