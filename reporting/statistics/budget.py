"""The budget per task, year and source: estimate, approved and settlement as the lines keep them,
and what was spent, counted here from the costs of the task's activities held that year.

An activity's cost names no source, so what a task spent in a year is put on its budget line only
when the task has a single line (one source) that year; otherwise, or when it has none, it stays
"not attributed to a source" (source ""), and totals still add it in.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractYear

from campaigns.models import Budget, BudgetSource, Task
from reporting.statistics import counting
from reporting.statistics.counting import Period

UNATTRIBUTED = ""  # the source of spending no single budget line can take


@dataclass(frozen=True)
class Line:
    task: Task
    year: int
    source: str
    estimate: Decimal | None
    approved: Decimal | None
    settlement: Decimal | None
    spent: Decimal | None  # None: the task's spending that year is on the unattributed line
    budget: Budget | None = None

    @property
    def source_label(self) -> str:
        return source_label(self.source)


def source_label(source: str) -> str:
    """A source by its name; "" for spending not attributed to one."""
    return str(BudgetSource(source).label) if source else ""


@dataclass(frozen=True)
class Totals:
    estimate: Decimal
    approved: Decimal
    spent: Decimal
    settlement: Decimal

    @classmethod
    def of(cls, lines: Iterable[Line]) -> Totals:
        lines = list(lines)
        return cls(*(sum((getattr(line, name) or Decimal(0) for line in lines), Decimal(0)) for name in _FIGURES))


_FIGURES = ("estimate", "approved", "spent", "settlement")


def spent(period: Period, task: Task | None = None) -> dict[tuple[int, int], Decimal]:
    """(task id, year) → the costs of the task's activities held in the period that year (planned and
    cancelled activities have spent nothing)."""
    rows = (
        counting.held(period, task)
        .filter(task__isnull=False, cost__isnull=False)
        .annotate(year=ExtractYear("starts_on"))
        .values("task", "year")
        .annotate(total=Sum("cost"))
        .values_list("task", "year", "total")
    )
    return {(task_id, year): total for task_id, year, total in rows}


def lines(period: Period, task: Task | None = None) -> list[Line]:
    """Every budget line of the period's years (of one task if given), with what was spent, in the
    plan's order of tasks, then by year and source."""
    budgets = Budget.objects.filter(year__range=period.years).select_related("task__plan", "approved_by")
    if task is not None:
        budgets = budgets.filter(task=task)
    grouped: dict[tuple[int, int], list[Budget]] = defaultdict(list)
    for budget in budgets:
        grouped[(budget.task_id, budget.year)].append(budget)
    costs = spent(period, task)
    tasks = {t.pk: t for t in Task.objects.filter(pk__in={key[0] for key in [*grouped, *costs]}).select_related("plan")}
    order = list(BudgetSource.values)
    result = []
    for key in sorted({*grouped, *costs}, key=lambda k: (tasks[k[0]].plan_id, tasks[k[0]].position, k[1])):
        owner, year = tasks[key[0]], key[1]
        of_year = sorted(grouped.get(key, []), key=lambda b: order.index(b.source))
        cost = costs.get(key)
        single = len(of_year) == 1
        for budget in of_year:
            result.append(
                Line(owner, year, budget.source, budget.estimate, budget.approved, budget.settlement,
                     (cost or Decimal(0)) if single else None, budget)
            )  # fmt: skip
        if cost and not single:
            result.append(Line(owner, year, UNATTRIBUTED, None, None, None, cost))
    return result


def by_source(found: list[Line]) -> list[tuple[str, Totals]]:
    """The lines added up per source, in the sources' order; spending no line could take last."""
    result = []
    for source in [*BudgetSource.values, UNATTRIBUTED]:
        of_source = [line for line in found if line.source == source]
        if of_source:
            result.append((source, Totals.of(of_source)))
    return result


def by_task(found: list[Line]) -> list[tuple[Task, list[Line], Totals]]:
    """The lines grouped by task (kept in order), each with its totals."""
    groups: dict[int, list[Line]] = {}
    for line in found:
        groups.setdefault(line.task.pk, []).append(line)
    return [(group[0].task, group, Totals.of(group)) for group in groups.values()]
