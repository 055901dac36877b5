"""The consulting network (solution providers and consultants) and the support enterprises received."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from campaigns.forms import ProviderForm, SupportForm
from campaigns.models import Provider, Support
from campaigns.selectors import (
    activity_get_for_user,
    activity_list,
    may_use_programme_or_404,
    sees_everything,
)
from campaigns.services import provider_save, support_record
from core.decorators import permission_or_404
from core.errors import ApplicationError
from core.http import client_ip
from core.types import AuthenticatedRequest
from enterprises.selectors import enterprise_match, match_message


@login_required
def provider_list_view(request: AuthenticatedRequest) -> HttpResponse:
    """The network, for the department and the agencies that organise support."""
    may_use_programme_or_404(request.user)
    providers = Provider.objects.annotate(
        supported=Count("supports__enterprise", distinct=True), activity_count=Count("activities", distinct=True)
    ).order_by("-active", "name")
    return render(request, "campaigns/provider_list.html", {"providers": providers})


def _edit(request: AuthenticatedRequest, provider: Provider | None) -> HttpResponse:
    form = ProviderForm(request.POST or None, instance=provider)
    if request.method == "POST" and form.is_valid():
        saved = provider_save(provider=form.save(commit=False), user=request.user, ip=client_ip(request))
        messages.success(request, _("Saved."))
        return redirect("programme:provider-detail", provider_uuid=saved.uuid)
    return render(request, "campaigns/provider_form.html", {"form": form, "provider": provider})


@permission_or_404("programme.change_plan")
def provider_create_view(request: AuthenticatedRequest) -> HttpResponse:
    return _edit(request, None)


@permission_or_404("programme.change_plan")
def provider_update_view(request: AuthenticatedRequest, provider_uuid: Any) -> HttpResponse:
    provider = Provider.objects.filter(uuid=provider_uuid).first()
    if provider is None:
        raise Http404
    return _edit(request, provider)


@login_required
def provider_detail_view(request: AuthenticatedRequest, provider_uuid: Any) -> HttpResponse:
    may_use_programme_or_404(request.user)
    provider = Provider.objects.filter(uuid=provider_uuid).first()
    if provider is None:
        raise Http404
    supports = Support.objects.filter(provider=provider).select_related("enterprise", "activity")
    if not sees_everything(request.user):  # an agency sees the enterprises of its own activities only
        supports = supports.filter(activity__in=activity_list(user=request.user).values("pk"))
    return render(request, "campaigns/provider_detail.html", {"provider": provider, "supports": supports[:200]})


@login_required
def support_add_view(request: AuthenticatedRequest, activity_uuid: Any) -> HttpResponse:
    activity = activity_get_for_user(user=request.user, activity_uuid=activity_uuid)
    if request.method == "POST":
        form = SupportForm(request.POST)
        if form.is_valid():
            match = enterprise_match(form.cleaned_data["tax_code"])
            if match.enterprise is None:
                messages.error(request, match_message(match))
            else:
                try:
                    support_record(
                        activity=activity, enterprise=match.enterprise, provider=form.cleaned_data["provider"],
                        outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"], user=request.user,
                        ip=client_ip(request),
                    )  # fmt: skip
                except ApplicationError as error:
                    messages.error(request, error.message)
                else:
                    messages.success(request, _("Saved."))
        else:
            messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    return redirect("programme:activity-detail", activity_uuid=activity.uuid)
