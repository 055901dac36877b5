"""The plans' targets against what the records show, the records behind each figure, and the budget
planned against spent.

Every figure counts distinct enterprises or activities from the stored records, never rows typed in
by hand (an enterprise trained twice in a period counts once), with the rules of `counting`: an
assessed enterprise is one the assessment figures count. A yearly target counts the period; a target
over the whole plan counts from the plan's first year to the period's end.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum

from campaigns.models import Activity, ActivityKind, Budget, Plan, Target, TargetUnit, Task
from reporting.statistics import counting
from reporting.statistics.counting import Filters, Period

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
ACTIVITY_UNITS = {
    TargetUnit.WORKSHOPS_HELD: ActivityKind.WORKSHOP,
    TargetUnit.COURSES_HELD: ActivityKind.TRAINING,
    TargetUnit.OUTREACH_REACH: ActivityKind.OUTREACH,
}


def counted_period(target: Target, period: Period) -> Period:
    """The period itself for a yearly target; for a whole-plan target, from the plan's first year."""
    start_year = target.task.plan.start_year
    if target.per_year or not start_year or start_year > period.start.year:
        return period
    return Period(date(start_year, 1, 1), period.end)


@dataclass(frozen=True)
class Achievement:
    target: Target
    achieved: int | None  # None: not computed by the portal
    period: Period

    @property
    def percent(self) -> int:
        if not self.achieved or not self.target.minimum:
            return 0
        return min(100, round(100 * self.achieved / self.target.minimum))

    @property
    def met(self) -> bool:
        return self.achieved is not None and self.achieved >= self.target.minimum


def achieved(target: Target, f: Filters) -> int | None:
    if target.unit not in COMPUTED:
        return None
    _kind, records = behind(target, f)
    if target.unit == TargetUnit.OUTREACH_REACH:
        return records.aggregate(total=Sum("reach"))["total"] or 0
    return records.count()


def behind(target: Target, f: Filters) -> tuple[str, QuerySet[Any]]:
    """The records a target's figure counts: ("enterprises", …) or ("activities", …). Targets are the
    whole province's: the enterprise filters (section, size, ward) do not narrow them."""
    task, unit = target.task, target.unit
    period = counted_period(target, f.period)
    if unit == TargetUnit.ENTERPRISES_TRAINED:
        return "enterprises", counting.trained(period, task).order_by("name")
    if unit == TargetUnit.ENTERPRISES_ASSESSED:
        whole = replace(f, period=period, section="", size="", ward="")
        return "enterprises", counting.counted_enterprises(whole).order_by("name")
    if unit == TargetUnit.ENTERPRISES_SUPPORTED:
        return "enterprises", counting.supported(period, task).order_by("name")
    if unit == TargetUnit.ENTERPRISES_HONOURED:
        return "enterprises", counting.honoured(period).order_by("name")
    if unit in ACTIVITY_UNITS:
        kind = ACTIVITY_UNITS[TargetUnit(unit)]
        return "activities", counting.held(period, task).filter(kind=kind).order_by("starts_on", "title")
    return "activities", Activity.objects.none()


def in_force(plan: Plan, period: Period) -> bool:
    """Whether the plan's years meet the period's (a plan without years is always in force)."""
    if not plan.start_year:
        return True
    return plan.start_year <= period.end.year and (plan.end_year or period.end.year) >= period.start.year


def achievements(f: Filters) -> list[Achievement]:
    """The targets of the plans in force in the period, each against what the records show."""
    targets = Target.objects.select_related("task__plan").order_by("task__plan", "task__position", "pk")
    return [
        Achievement(target, achieved(target, f), counted_period(target, f.period))
        for target in targets
        if in_force(target.task.plan, f.period)
    ]


@dataclass(frozen=True)
class BudgetLine:
    task: Task
    planned: Decimal
    spent: Decimal

    @property
    def share(self) -> int | None:
        """Spent as a percentage of planned, over 100 when overspent (None: nothing planned)."""
        return round(100 * self.spent / self.planned) if self.planned else None

    @property
    def percent(self) -> int:
        """The share for a progress bar (full when overspent)."""
        return min(100, self.share or 0)


def budget_lines(period: Period) -> list[BudgetLine]:
    """Per task: planned for the period's years (all sources; a budget is set per year) against the
    costs of its activities held in the period (a planned activity's cost is not spent yet)."""
    planned = dict(
        Budget.objects.filter(year__range=period.years)
        .values("task")
        .annotate(total=Sum("estimate"))
        .values_list("task", "total")
    )
    spent = dict(
        counting.held(period)
        .filter(task__isnull=False)
        .values("task")
        .annotate(total=Sum("cost"))
        .values_list("task", "total")
    )
    tasks = Task.objects.filter(pk__in={*planned, *spent}).select_related("plan").order_by("plan", "position")
    return [BudgetLine(task, planned.get(task.pk) or Decimal(0), spent.get(task.pk) or Decimal(0)) for task in tasks]


def unlinked(period: Period) -> int:
    """Activities held in the period under no plan task: they count towards no task's target."""
    return counting.held(period).filter(task__isnull=True).count()
