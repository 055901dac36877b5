"""Agencies of the plans, and which accounts work for each (they then see its tasks and courses)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from campaigns.forms import AgencyForm, AgencyWardsForm, MemberForm
from campaigns.models import Agency, AgencyKind, Task
from campaigns.selectors import agency_reports, update_deadline
from campaigns.services import (
    agencies_remind_overdue,
    agency_create,
    agency_invite,
    agency_remind,
    agency_set_finance,
    agency_set_member,
    agency_set_wards,
)
from core.decorators import permission_or_404
from core.errors import ApplicationError
from core.http import client_ip, is_uuid, site_base_url
from core.types import AuthenticatedRequest


@permission_or_404("programme.change_plan")
def agency_list_view(request: AuthenticatedRequest) -> HttpResponse:
    form = AgencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = agency_create(
                name=form.cleaned_data["name"], kind=form.cleaned_data["kind"], user=request.user, ip=client_ip(request)
            )
        except ApplicationError as error:
            form.add_error("name", error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("programme:agency-detail", agency_uuid=agency.uuid)
    agencies = Agency.objects.annotate(
        member_count=Count("members", distinct=True),
        led=Count("tasks_led", distinct=True),
        organised=Count("activities_organised", distinct=True),
    ).order_by("kind", "name")
    return render(request, "campaigns/agency_list.html", {"agencies": agencies, "form": form})


@permission_or_404("programme.change_plan")
def agency_detail_view(request: AuthenticatedRequest, agency_uuid: Any) -> HttpResponse:
    """An agency: the people who work for it (the department invites them here), its wards if it is a
    commune, and its tasks."""
    agency = Agency.objects.filter(uuid=agency_uuid).first()
    if agency is None:
        raise Http404
    if request.method == "POST" and "finance" in request.POST:
        try:
            agency_set_finance(
                agency=agency, approves=request.POST["finance"] == "1", user=request.user, ip=client_ip(request)
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Saved."))
        return redirect("programme:agency-detail", agency_uuid=agency.uuid)
    is_post = request.method == "POST"
    action = request.POST.get("action", "invite") if is_post else ""
    form = MemberForm(request.POST if action == "invite" else None)
    wards_form = AgencyWardsForm(
        request.POST if action == "wards" else None,
        province_code=request.tenant.code,
        initial={"wards": agency.ward_codes},
    )
    if is_post:
        removed = request.POST.get("remove", "")
        if removed:
            member = agency.members.filter(pk=removed).first() if is_uuid(removed) else None
            if member is not None:
                agency_set_member(agency=agency, member=member, add=False, user=request.user, ip=client_ip(request))
                messages.success(request, _("%(name)s removed.") % {"name": member.email})
            return redirect("programme:agency-detail", agency_uuid=agency.uuid)
        if action == "wards" and wards_form.is_valid():
            try:
                agency_set_wards(
                    agency=agency, ward_codes=wards_form.cleaned_data["wards"], user=request.user, ip=client_ip(request)
                )
            except ApplicationError as error:
                wards_form.add_error("wards", error.message)
            else:
                messages.success(request, _("Saved."))
                return redirect("programme:agency-detail", agency_uuid=agency.uuid)
        if action == "invite" and form.is_valid():
            existed = User.objects.filter(email__iexact=form.cleaned_data["email"]).exists()
            try:
                member = agency_invite(
                    agency=agency, email=form.cleaned_data["email"], full_name=form.cleaned_data["full_name"],
                    user=request.user, base_url=site_base_url(request), ip=client_ip(request),
                )  # fmt: skip
            except ApplicationError as error:
                form.add_error("email", error.message)
            else:
                done = _("%(name)s added.") if existed else _("Invitation sent to %(email)s.")
                messages.success(request, done % {"name": member.email, "email": member.email})
                return redirect("programme:agency-detail", agency_uuid=agency.uuid)
    context = {
        "agency": agency,
        "members": agency.members.order_by("email"),
        "form": form,
        "wards_form": wards_form if agency.kind == AgencyKind.COMMUNE else None,
        "tasks": Task.objects.filter(Q(lead=agency) | Q(coordinating=agency)).select_related("plan").distinct(),
    }
    return render(request, "campaigns/agency_detail.html", context)


@permission_or_404("programme.change_plan")
def agency_reports_view(request: AuthenticatedRequest) -> HttpResponse:
    """For a year: every agency with tasks, whether it has sent its updates, and reminders."""
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or today.year)
    except ValueError:
        year = today.year
    if not 2000 <= year <= today.year + 1:
        year = today.year
    if request.method == "POST":
        try:
            if request.POST.get("agency") == "overdue":
                count = agencies_remind_overdue(year=year, user=request.user, today=today)
                messages.success(request, _("Reminders sent to %(count)s agencies.") % {"count": count})
            else:
                raw = request.POST.get("agency", "")
                agency = Agency.objects.filter(uuid=raw).first() if is_uuid(raw) else None
                if agency is None:
                    raise Http404
                if agency_remind(agency=agency, year=year, user=request.user, today=today):
                    messages.success(request, _("Reminder sent to %(agency)s.") % {"agency": agency.name})
                else:
                    messages.info(request, _("%(agency)s was already reminded today.") % {"agency": agency.name})
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect(f"{reverse('programme:agency-reports')}?year={year}")
    reports = agency_reports(year=year, today=today)
    context = {
        "year": year,
        "years": list(range(today.year, today.year - 5, -1)),
        "reports": reports,
        "deadline": update_deadline(year),
        "counts": {
            state: sum(1 for report in reports if report.state == state) for state in ("reported", "pending", "overdue")
        },
    }
    return render(request, "campaigns/agency_reports.html", context)
