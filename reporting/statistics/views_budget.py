"""The budget pages: a task's lines by year and source (where the department sets estimates and the
finance department approves), and the province's budget for a year, task by task and source by
source. What was spent comes from `reporting.statistics.budget`, so these pages live here."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.forms import BudgetLineForm
from campaigns.selectors import budget_may_approve, budget_may_view, task_get
from campaigns.services import budget_line_save
from core.errors import ApplicationError
from core.http import client_ip
from core.types import AuthenticatedRequest
from reporting.statistics import budget as budget_figures
from reporting.statistics.counting import Period
from reporting.statistics.forms import recent_years, requested_year

SHOWN_YEARS = 6  # the task page shows the lines of this year, next year and the four before


def _may_view_or_404(request: AuthenticatedRequest) -> None:
    if not budget_may_view(request.user):
        raise Http404


@login_required
def task_budget_view(request: AuthenticatedRequest, task_uuid: Any) -> HttpResponse:
    _may_view_or_404(request)
    task = task_get(task_uuid=task_uuid)
    this_year = timezone.localdate().year
    may_plan, may_approve = request.user.has_perm("programme.change_plan"), budget_may_approve(request.user)
    form = None
    if may_plan or may_approve:
        form = BudgetLineForm(
            request.POST or None, initial={"year": this_year}, may_plan=may_plan, may_approve=may_approve
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            # An empty field leaves the line's figure as it is (an officer correcting the estimate
            # does not clear what the finance department approved).
            values = {name: data[name] for name in ("estimate", "approved", "settlement") if data.get(name) is not None}
            try:
                budget_line_save(
                    task=task, year=data["year"], source=data["source"], values=values, user=request.user,
                    ip=client_ip(request),
                )  # fmt: skip
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Budget saved."))
                return redirect("programme:task-budget", task_uuid=task.uuid)
    period = Period(date(this_year - SHOWN_YEARS + 2, 1, 1), date(this_year + 1, 12, 31))
    found = budget_figures.lines(period, task)
    context = {
        "task": task,
        "form": form,
        "lines": found,
        "totals": budget_figures.Totals.of(found),
        "may_approve": may_approve,
    }
    return render(request, "statistics/task_budget.html", context)


@login_required
def budget_overview_view(request: AuthenticatedRequest) -> HttpResponse:
    """The year's budget: every task's lines (estimate, approved, spent, settlement) and per source."""
    _may_view_or_404(request)
    this_year = timezone.localdate().year
    year = requested_year(request, years=range(this_year + 1, 1999, -1), default=this_year)
    found = budget_figures.lines(Period.of_year(year))
    context = {
        "year": year,
        "years": [this_year + 1, *recent_years()],
        "tasks": budget_figures.by_task(found),
        "sources": [(budget_figures.source_label(s), totals) for s, totals in budget_figures.by_source(found)],
        "totals": budget_figures.Totals.of(found),
    }
    return render(request, "statistics/budget_overview.html", context)
