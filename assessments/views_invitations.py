"""Invitations (from an enterprise's page, and the personal link an enterprise opens) and waves
(built from the registry's filters, with their report)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.password_validation import validate_password
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.models import User
from assessments import extensions
from assessments.models import Wave
from assessments.selectors import InviteeStatus, expert_from_form, experts, invitation_statuses
from assessments.services.experts import expert_assign
from assessments.services.invitations import (
    invitation_accept,
    invitation_for_token,
    invitation_send,
    wave_create,
    wave_remind,
)
from core.decorators import permission_or_404
from core.errors import ApplicationError
from core.exports import export_job_redirect
from core.forms import BootstrapFormMixin
from core.http import client_ip, site_base_url
from core.services import job_start
from core.types import AuthenticatedRequest
from enterprises.forms import EnterpriseFilterForm
from enterprises.selectors import enterprise_get_for_user, enterprise_list


@permission_or_404("assessments.add_assessment")
def invitation_send_view(request: AuthenticatedRequest) -> HttpResponse:
    enterprise = enterprise_get_for_user(user=request.user, enterprise_uuid=request.POST.get("enterprise", ""))
    if request.method == "POST":
        email = request.POST.get("email", "") or enterprise.email
        try:
            forms.EmailField().clean(email)
            invitation_send(enterprise=enterprise, email=email, user=request.user, base_url=site_base_url(request))
        except forms.ValidationError:
            messages.error(request, _("“%(email)s” is not an e-mail address.") % {"email": email})
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": email})
    return redirect("enterprises:enterprise-detail", enterprise_uuid=enterprise.uuid)


class AccountForm(BootstrapFormMixin, forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Your full name"), max_length=150)
    password1 = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label=gettext_lazy("Password again"), widget=forms.PasswordInput, strip=False)

    def __init__(self, *args: Any, email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.login_email = email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password1"):
            try:
                validate_password(data["password1"], User(email=self.login_email, full_name=data.get("full_name", "")))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


def invitation_open_view(request: Any, token: str) -> HttpResponse:
    """The personal link: choose a password (a new account) or log in (an existing one); then the
    account acts for the invited enterprise."""
    try:
        invitation = invitation_for_token(token)
    except ApplicationError as error:
        return render(request, "assessments/invitation_open.html", {"error": error.message}, status=404)
    existing = User.objects.filter(email__iexact=invitation.email).first()
    if existing is not None:
        try:
            invitation_accept(invitation=invitation)
        except ApplicationError as error:
            return render(request, "assessments/invitation_open.html", {"error": error.message}, status=400)
        if request.user.is_authenticated and request.user.pk == existing.pk:
            return redirect("assessments:assessment-mine")
        # Said on the login page from its address, not as a message: a message would open a session
        # for a visitor who has not signed in yet.
        return redirect(f"{reverse('accounts:login')}?next={reverse('assessments:assessment-mine')}&invited=1")
    form = AccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(
                invitation=invitation, full_name=form.cleaned_data["full_name"], password=form.cleaned_data["password1"]
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            login(request, user, backend="accounts.backends.CachedModelBackend")
            messages.success(request, _("Your account is ready. You can start the assessment now."))
            return redirect("assessments:assessment-mine")
    return render(request, "assessments/invitation_open.html", {"invitation": invitation, "form": form})


class WaveJobQuery(forms.Form):
    """?job=… names the job sending a wave's invitations (a link to follow it); a value that is not a
    job id only loses the link."""

    job = forms.UUIDField(required=False)


class WaveForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=200)
    starts_on = forms.DateField(label=gettext_lazy("Starts on"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=gettext_lazy("Ends on"), widget=forms.DateInput(attrs={"type": "date"}))


@permission_or_404("assessments.add_assessment")
def wave_list_view(request: AuthenticatedRequest) -> HttpResponse:
    waves = Wave.objects.all()
    return render(request, "assessments/wave_list.html", {"waves": waves, "today": timezone.localdate()})


@permission_or_404("assessments.add_assessment")
def wave_create_view(request: AuthenticatedRequest) -> HttpResponse:
    """A wave over the registry list as filtered (the filters come from the registry page)."""
    source = request.POST if request.method == "POST" else request.GET
    filters_form = EnterpriseFilterForm(source, province_code=request.tenant.code)
    filters = filters_form.filters()
    targets = enterprise_list(**filters)
    form = WaveForm(request.POST or None)
    filters_error = ""
    if not filters_form.is_valid():  # never let a stale filter widen the list to the whole registry
        filters_error = _("The registry filters are not valid any more; filter the registry again.")
        if form.is_bound:
            form.add_error(None, filters_error)
    elif request.method == "POST" and form.is_valid():
        try:
            wave = wave_create(**form.cleaned_data, filters=filters, user=request.user)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            params = {"wave": wave.pk, "base_url": site_base_url(request)}
            job = job_start(kind="wave_invite", user=request.user, params=params, ip=client_ip(request))
            messages.success(request, _("Wave created: the invitations are being sent."))
            return redirect(f"{reverse('assessments:wave-detail', kwargs={'wave_uuid': wave.uuid})}?job={job.uuid}")
    context = {
        "form": form,
        "filters_form": filters_form,
        "filters_error": filters_error if not form.is_bound else "",
        "count": targets.count() if filters_form.is_valid() else 0,
        "with_email": targets.exclude(email="").count(),
        "hidden_filters": [(name, value) for name, value in source.items() if name in filters_form.fields and value],
    }
    return render(request, "assessments/wave_form.html", context)


@permission_or_404("assessments.add_assessment")
def wave_detail_view(request: AuthenticatedRequest, wave_uuid: Any) -> HttpResponse:
    """The wave's funnel and results, its list with each enterprise's status, and its experts."""
    wave = _wave_or_404(wave_uuid)
    if request.method == "POST" and request.POST.get("expert"):
        expert = expert_from_form(request.POST["expert"])
        if expert is None:
            messages.error(request, _("Choose an expert."))
        else:
            expert_assign(expert=expert, wave=wave, user=request.user)
            messages.success(request, _("%(name)s can now review the enterprises of this wave.") % {"name": expert})
        return redirect("assessments:wave-detail", wave_uuid=wave.uuid)
    query = WaveJobQuery(request.GET)
    status = request.GET.get("status", "")
    if status and status not in InviteeStatus.FILTERS:
        messages.warning(request, _("Unknown status filter: every enterprise of the list is shown."))
        status = ""
    page = Paginator(invitation_statuses(wave=wave, status=status), 50).get_page(request.GET.get("page"))
    context = {
        "wave": wave,
        "report": extensions.wave_report(wave),
        "invitees": [(invitation, InviteeStatus.LABELS[invitation.stage]) for invitation in page],  # type: ignore[attr-defined]
        "page": page,
        "status": status,
        "query": f"status={status}" if status else "",
        "status_filters": STATUS_FILTERS,
        "expert_choices": experts(),
        "assigned": wave.expert_assignments.select_related("expert"),
        "job_uuid": query.cleaned_data["job"] if query.is_valid() else None,
    }
    return render(request, "assessments/wave_detail.html", context)


STATUS_FILTERS = [
    ("", gettext_lazy("Everyone on the list")),
    ("pending", gettext_lazy("Not yet responded")),
    ("submitted", gettext_lazy("Submitted")),
    ("no_email", gettext_lazy("No e-mail address")),
]


def _wave_or_404(wave_uuid: Any) -> Wave:
    wave = Wave.objects.filter(uuid=wave_uuid).first()
    if wave is None:
        raise Http404
    return wave


@permission_or_404("assessments.add_assessment")
def wave_remind_view(request: AuthenticatedRequest, wave_uuid: Any) -> HttpResponse:
    """Remind now the enterprises that have not responded (each once, however often clicked)."""
    wave = _wave_or_404(wave_uuid)
    if request.method == "POST":
        count = wave_remind(wave=wave, user=request.user, base_url=site_base_url(request))
        if count:
            message = ngettext(
                "A reminder was sent to %(count)s enterprise.", "Reminders were sent to %(count)s enterprises.", count
            )
            messages.success(request, message % {"count": number_format(count)})
        else:
            messages.info(request, _("Nobody to remind: every enterprise not yet responded got a mail within a day."))
    return redirect(f"{reverse('assessments:wave-detail', kwargs={'wave_uuid': wave.uuid})}?status=pending")


@permission_or_404("assessments.add_assessment")
def wave_export_view(request: AuthenticatedRequest, wave_uuid: Any) -> HttpResponse:
    """The wave's list (as filtered on the page) as a spreadsheet; a job builds the file."""
    wave = _wave_or_404(wave_uuid)
    if request.method != "POST":
        return redirect("assessments:wave-detail", wave_uuid=wave.uuid)
    status = request.POST.get("status", "")
    params = {"wave": wave.pk, "status": status if status in InviteeStatus.FILTERS else ""}
    return export_job_redirect(request, kind="wave_invitee_export", params=params)
