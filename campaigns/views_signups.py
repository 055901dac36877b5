"""Sign-ups for coming courses: an enterprise account's page of open courses and its people, and the
organiser's list (confirm, cancel, export, and attendance from the sign-ups on the day)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.roles import Role
from assessments.selectors import enterprise_of
from campaigns.forms import SignupForm
from campaigns.models import SignupStatus
from campaigns.selectors import (
    activity_get_for_user,
    activity_signups,
    course_get_for_enterprise,
    course_offers,
    courses_open,
    signup_get_for_enterprise,
    signup_get_for_organiser,
    signups_of,
)
from campaigns.signups import signup_add, signup_cancel, signups_attendance, signups_confirm
from core.errors import ApplicationError
from core.exports import export_job_redirect
from core.http import client_ip
from core.types import AuthenticatedRequest
from enterprises.models import Enterprise


def _enterprise_or_404(request: AuthenticatedRequest) -> Enterprise:
    enterprise = enterprise_of(request.user) if request.user.role == Role.ENTERPRISE else None
    if enterprise is None:
        raise Http404
    return enterprise


@login_required
def course_list_view(request: AuthenticatedRequest) -> HttpResponse:
    """An enterprise's page: the courses open to sign-ups, and the people it signed up."""
    enterprise = _enterprise_or_404(request)
    mine = list(signups_of(enterprise))
    by_course: dict[int, list[Any]] = {}
    for signup in mine:
        by_course.setdefault(signup.activity_id, []).append(signup)
    offers = courses_open(today=timezone.localdate())
    shown = {offer.activity.pk for offer in offers}
    context = {
        "enterprise": enterprise,
        "offers": [(offer, by_course.get(offer.activity.pk, [])) for offer in offers],
        "others": [signup for signup in mine if signup.activity_id not in shown],
    }
    return render(request, "campaigns/course_list.html", context)


@login_required
def course_signup_view(request: AuthenticatedRequest, activity_uuid: Any) -> HttpResponse:
    """One course: its details, the enterprise's people signed up, and the form to add one."""
    enterprise = _enterprise_or_404(request)
    today = timezone.localdate()
    offer = course_get_for_enterprise(enterprise=enterprise, activity_uuid=activity_uuid, today=today)
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            signup = signup_add(
                activity=offer.activity, enterprise=enterprise, person=form.cleaned_data, user=request.user,
                ip=client_ip(request), today=today,
            )  # fmt: skip
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("%(name)s is signed up.") % {"name": signup.person_name})
            return redirect("programme:course-signup", activity_uuid=offer.activity.uuid)
    context = {
        "offer": course_offers([offer.activity], today=today)[0],
        "activity": offer.activity,
        "signups": signups_of(enterprise).filter(activity=offer.activity),
        "form": form,
        "may_cancel": today < offer.activity.starts_on,
    }
    return render(request, "campaigns/course_signup.html", context)


@login_required
def course_signup_cancel_view(request: AuthenticatedRequest, course_signup_uuid: Any) -> HttpResponse:
    enterprise = _enterprise_or_404(request)
    signup = signup_get_for_enterprise(enterprise=enterprise, signup_uuid=course_signup_uuid)
    if request.method == "POST":
        try:
            signup_cancel(signup=signup, user=request.user, by_organiser=False, ip=client_ip(request))
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The sign-up of %(name)s is cancelled.") % {"name": signup.person_name})
    return redirect("programme:course-signup", activity_uuid=signup.activity.uuid)


@login_required
def signup_list_view(request: AuthenticatedRequest, activity_uuid: Any) -> HttpResponse:
    """The organiser's list: who signed up, to confirm or cancel, and on the day the sheet to tick."""
    activity = activity_get_for_user(user=request.user, activity_uuid=activity_uuid)
    if not activity.keeps_attendance:
        raise Http404
    today = timezone.localdate()
    signups = list(activity_signups(activity))
    context = {
        "activity": activity,
        "offer": course_offers([activity], today=today)[0],
        "signups": signups,
        "requested": sum(signup.status == SignupStatus.REQUESTED for signup in signups),
        "active": [signup for signup in signups if signup.status != SignupStatus.CANCELLED],
        "may_mark": today >= activity.starts_on and activity.status != "cancelled",
    }
    return render(request, "campaigns/signup_list.html", context)


@login_required
def signup_decide_view(request: AuthenticatedRequest, activity_uuid: Any) -> HttpResponse:
    """Confirm one sign-up, every requested one, or cancel one."""
    activity = activity_get_for_user(user=request.user, activity_uuid=activity_uuid)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "cancel":
                signup = signup_get_for_organiser(activity=activity, signup_uuid=request.POST.get("signup", ""))
                signup_cancel(signup=signup, user=request.user, by_organiser=True, ip=client_ip(request))
                messages.success(request, _("The sign-up of %(name)s is cancelled.") % {"name": signup.person_name})
            elif action in ("confirm", "confirm_all"):
                if action == "confirm":
                    chosen = [
                        str(
                            signup_get_for_organiser(activity=activity, signup_uuid=request.POST.get("signup", "")).uuid
                        )
                    ]
                else:
                    chosen = [str(uuid) for uuid in activity.signups.values_list("uuid", flat=True)]
                count = signups_confirm(
                    activity=activity, signup_uuids=chosen, user=request.user, ip=client_ip(request)
                )
                messages.success(request, _("%(count)s sign-ups confirmed.") % {"count": number_format(count)})
        except ApplicationError as error:
            messages.error(request, error.message)
    return redirect("programme:signup-list", activity_uuid=activity.uuid)


@login_required
def signup_attendance_view(request: AuthenticatedRequest, activity_uuid: Any) -> HttpResponse:
    """On the day: the ticked people came; the attendance is written from the sign-ups."""
    activity = activity_get_for_user(user=request.user, activity_uuid=activity_uuid)
    if request.method == "POST":
        try:
            counts = signups_attendance(
                activity=activity, present=request.POST.getlist("present"), user=request.user, ip=client_ip(request)
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Attendance recorded: %(attended)s attended, %(absent)s absent.")
                % {name: number_format(value) for name, value in counts.items()},
            )
            return redirect("programme:activity-detail", activity_uuid=activity.uuid)
    return redirect("programme:signup-list", activity_uuid=activity.uuid)


@login_required
def signup_export_view(request: AuthenticatedRequest, activity_uuid: Any) -> HttpResponse:
    activity = activity_get_for_user(user=request.user, activity_uuid=activity_uuid)
    if request.method != "POST":
        return redirect("programme:signup-list", activity_uuid=activity.uuid)
    return export_job_redirect(request, kind="signup_export", params={"activity": str(activity.uuid)})
