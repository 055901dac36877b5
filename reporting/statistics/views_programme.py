"""The programme's figures for a year: targets against the records and the records behind each, the
activities, the support asked for and who asked, the budget, and the honours with their candidates."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaigns.forms import HonourDecisionForm
from campaigns.honours import honour_decision_set, honour_grant, honour_withdraw, honours
from campaigns.models import ActivityKind, Honour, HonourCategory, Target
from core.decorators import permission_or_404
from core.errors import ApplicationError
from core.exports import export_job_redirect
from core.http import client_ip, is_uuid
from core.types import AuthenticatedRequest
from enterprises.models import Enterprise
from reporting.statistics import selectors as stats
from reporting.statistics.counting import Filters, Period, basis, filters_for
from reporting.statistics.demand import demand, enterprises_wanting, support_items
from reporting.statistics.exports import TABLES
from reporting.statistics.forms import recent_years, requested_year
from reporting.statistics.honours import MIN_LEVEL, candidates
from reporting.statistics.targets import COMPUTED, achieved, achievements, behind, budget_lines, unlinked


def _year(request: AuthenticatedRequest) -> int:
    this_year = timezone.localdate().year
    return requested_year(request, years=range(this_year + 1, 1999, -1), default=this_year)


SHOWN_CANDIDATES = 50  # the page lists the highest ranked; it says how many there are


def _of_year(year: int) -> Filters:
    return filters_for(Period.of_year(year))


@permission_or_404("programme.view_plan")
def kpi_view(request: AuthenticatedRequest) -> HttpResponse:
    year = _year(request)
    f = _of_year(year)
    context = {
        "year": year,
        "years": recent_years(),
        "basis": basis(f),
        "achievements": achievements(f),
        "unlinked": unlinked(f.period),
        "activities": [{**row, "label": ActivityKind(row["kind"]).label} for row in stats.activities(f)],
        "budgets": budget_lines(f.period),
        "demand": demand(f),
    }
    return render(request, "statistics/kpi.html", context)


@permission_or_404("programme.view_plan")
def kpi_behind_view(request: AuthenticatedRequest, target_uuid: Any) -> HttpResponse:
    """The enterprises or activities a target's figure counts."""
    try:
        target = Target.objects.select_related("task__plan").get(uuid=target_uuid)
    except (Target.DoesNotExist, ValidationError) as exc:
        raise Http404 from exc
    if target.unit not in COMPUTED:
        raise Http404
    year = _year(request)
    f = _of_year(year)
    kind, records = behind(target, f)
    page = Paginator(records, 100).get_page(request.GET.get("page"))
    context = {
        "target": target,
        "year": year,
        "kind": kind,
        "page": page,
        "figure": achieved(target, f),
        "query": f"year={year}",
    }
    return render(request, "statistics/kpi_behind.html", context)


@permission_or_404("programme.view_plan")
def demand_view(request: AuthenticatedRequest) -> HttpResponse:
    """The enterprises that asked for one kind of support (?code=D1…, ?year=) in their assessment."""
    year = _year(request)
    f = _of_year(year)
    code = request.GET.get("code", "")
    items = support_items(f)
    if code not in items:
        raise Http404
    enterprises = enterprises_wanting(f, code)
    page = Paginator(enterprises, 100).get_page(request.GET.get("page"))
    context = {
        "code": code,
        "text": items[code],
        "year": year,
        "page": page,
        "count": page.paginator.count,
        "query": f"code={code}&year={year}",
    }
    return render(request, "statistics/demand.html", context)


@permission_or_404("programme.view_plan")
def honour_list_view(request: AuthenticatedRequest) -> HttpResponse:
    """The year's honoured enterprises, and candidates from validated results and courses attended."""
    year = _year(request)
    if request.method == "POST":
        if not request.user.has_perm("programme.change_plan"):
            raise Http404
        withdrawn, decided = request.POST.get("withdraw", ""), request.POST.get("decision", "")
        if decided:
            honour = Honour.objects.filter(uuid=decided).first() if is_uuid(decided) else None
            if honour is None:
                raise Http404
            form = HonourDecisionForm(request.POST)
            try:
                if not form.is_valid():
                    raise ApplicationError(" ".join(str(m) for errors in form.errors.values() for m in errors))
                honour_decision_set(
                    honour=honour, number=form.cleaned_data["decision_number"],
                    day=form.cleaned_data["decision_date"], user=request.user, ip=client_ip(request),
                )  # fmt: skip
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Saved."))
        elif withdrawn:
            honour = Honour.objects.filter(uuid=withdrawn).first() if is_uuid(withdrawn) else None
            if honour is None:
                raise Http404
            honour_withdraw(honour=honour, user=request.user, ip=client_ip(request))
            messages.success(request, _("Withdrawn."))
        else:
            raw = request.POST.get("enterprise", "")
            enterprise = Enterprise.objects.filter(uuid=raw).first() if is_uuid(raw) else None
            if enterprise is None:
                raise Http404
            try:
                honour_grant(
                    year=year, enterprise=enterprise, category=request.POST.get("category", ""),
                    criteria=request.POST.get("criteria", ""), user=request.user, ip=client_ip(request),
                )  # fmt: skip
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("%(name)s honoured.") % {"name": enterprise.name})
        return redirect(f"{reverse('programme:honour-list')}?year={year}")
    found = candidates(_of_year(year))
    context = {
        "year": year,
        "years": recent_years(),
        "honours": honours(year),
        "candidates": [(candidate, candidate.criteria(year)) for candidate in found[:SHOWN_CANDIDATES]],
        "candidate_count": len(found),
        "categories": HonourCategory.choices,
        "min_level": MIN_LEVEL,
    }
    return render(request, "statistics/honour_list.html", context)


@permission_or_404("programme.view_plan")
def table_export_view(request: AuthenticatedRequest) -> HttpResponse:
    """One of the programme's tables (POST table=targets, budget, honours, providers) as XLSX or CSV, by a job."""
    table = request.POST.get("table", "")
    if table not in TABLES or request.method != "POST":
        raise Http404
    return export_job_redirect(request, kind="programme_table_export", params={"table": table, "year": _year(request)})
