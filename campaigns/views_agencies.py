"""Agencies of the plans, and which accounts work for each (they then see its tasks and courses)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import User
from campaigns.forms import AgencyForm, MemberForm
from campaigns.models import Agency, Task
from campaigns.services import agency_create, agency_set_finance, agency_set_member
from core.decorators import permission_or_404
from core.errors import ApplicationError
from core.http import client_ip, is_uuid
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
    agency = Agency.objects.filter(uuid=agency_uuid).first()
    if agency is None:
        raise Http404
    form = MemberForm(request.POST or None)
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
    if request.method == "POST":
        removed = request.POST.get("remove", "")
        if removed:
            member = agency.members.filter(pk=removed).first() if is_uuid(removed) else None
            if member is not None:
                agency_set_member(agency=agency, member=member, add=False, user=request.user, ip=client_ip(request))
                messages.success(request, _("%(name)s removed.") % {"name": member.email})
            return redirect("programme:agency-detail", agency_uuid=agency.uuid)
        if form.is_valid():
            member = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
            if member is None:
                form.add_error("email", _("No account of this province has this e-mail; create it under Users first."))
            else:
                try:
                    agency_set_member(agency=agency, member=member, add=True, user=request.user, ip=client_ip(request))
                except ApplicationError as error:
                    form.add_error("email", error.message)
                else:
                    messages.success(request, _("%(name)s added.") % {"name": member.email})
                    return redirect("programme:agency-detail", agency_uuid=agency.uuid)
    context = {
        "agency": agency,
        "members": agency.members.order_by("email"),
        "form": form,
        "tasks": Task.objects.filter(Q(lead=agency) | Q(coordinating=agency)).select_related("plan").distinct(),
    }
    return render(request, "campaigns/agency_detail.html", context)
