"""The expert's side: the enterprises assigned to them, and the review of a submitted assessment
(accept it, or change an answer with the reason). Staff assign experts here too."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, F, IntegerField, OuterRef, Subquery, Value, When
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.models import Assessment, AssessmentState, ExpertAssignment, ReviewRecommendation
from assessments.selectors import (
    assessment_evidence,
    assessment_get_for_user,
    expert_enterprises,
    expert_from_form,
    scoring_model,
)
from assessments.services.experts import expert_assign, expert_unassign
from assessments.services.lifecycle import assessment_adjust, assessment_review_accept, assessment_review_start
from core.decorators import permission_or_404
from core.errors import ApplicationError
from core.types import AuthenticatedRequest
from enterprises.selectors import enterprise_get_for_user


@permission_or_404("assessments.review_assessment")
def expert_home_view(request: AuthenticatedRequest) -> HttpResponse:
    """The expert's queue: the assessments awaiting their review first, then the other enterprises
    assigned to them; filtered by the state of each one's latest assessment ("none": not assessed)."""
    latest = Assessment.objects.filter(enterprise=OuterRef("pk")).order_by("-created_at")
    enterprises = expert_enterprises(user=request.user).annotate(
        latest_uuid=Subquery(latest.values("uuid")[:1]),
        latest_state=Subquery(latest.values("state")[:1]),
        latest_level=Subquery(latest.values("overall_level")[:1]),
        latest_submitted=Subquery(latest.values("submitted_at")[:1]),
    )
    awaiting = enterprises.filter(latest_state__in=AWAITING_REVIEW)
    state = request.GET.get("state", "")
    if state == "none":
        enterprises = enterprises.filter(latest_state__isnull=True)
    elif state in AssessmentState.values:
        enterprises = enterprises.filter(latest_state=state)
    elif state:
        messages.warning(request, _("Unknown state filter: every enterprise assigned to you is shown."))
        state = ""
    queue = Case(When(latest_state__in=AWAITING_REVIEW, then=Value(0)), default=Value(1), output_field=IntegerField())
    enterprises = enterprises.order_by(queue, F("latest_submitted").asc(nulls_last=True), "name")
    page = Paginator(enterprises, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "states": dict(AssessmentState.choices),
        "state": state,
        "state_choices": [*AssessmentState.choices, ("none", _("Not assessed yet."))],
        "awaiting": awaiting.count(),
        "query": f"state={state}" if state else "",
    }
    return render(request, "assessments/expert_home.html", context)


AWAITING_REVIEW = (AssessmentState.SUBMITTED, AssessmentState.UNDER_REVIEW)


@login_required
def assessment_review_view(request: AuthenticatedRequest, assessment_uuid: Any) -> HttpResponse:
    """The expert's review: every answer with its points, a change form per criterion, and the
    recommendation to the department. The department itself decides on the result page, which
    shows the same evidence, so its staff are sent there instead of meeting a 404."""
    assessment = assessment_get_for_user(user=request.user, assessment_uuid=assessment_uuid)
    if not request.user.has_perm("assessments.review_assessment"):
        if request.user.has_perm("assessments.view_assessment"):
            return redirect(reverse("assessments:assessment-detail", args=[assessment.uuid]) + "#evidence")
        raise Http404
    if request.method == "POST":
        try:
            _review_action(request, assessment)
        except ApplicationError as error:
            messages.error(request, error.message)
        return redirect("assessments:assessment-review", assessment_uuid=assessment.uuid)
    context = {
        "assessment": assessment,
        "evidence": assessment_evidence(assessment),
        "events": assessment.events.select_related("user"),
        "reviewable": assessment.is_decidable,
        "recommendations": ReviewRecommendation.choices,
    }
    return render(request, "assessments/assessment_review.html", context)


def _review_action(request: AuthenticatedRequest, assessment: Assessment) -> None:
    action = request.POST.get("action")
    if action == "start":
        assessment_review_start(assessment=assessment, user=request.user)
    elif action == "accept":
        assessment_review_accept(
            assessment=assessment,
            user=request.user,
            recommendation=request.POST.get("recommendation", ""),
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("Review sent to the department with your recommendation; it decides now."))
    elif action == "adjust":
        code = request.POST.get("criterion", "")
        criterion = scoring_model(assessment.version).by_code.get(code)
        if criterion is None:
            raise Http404
        value: Any
        try:
            if criterion.kind == "ratio":
                value = {
                    "numerator": float(request.POST.get("numerator", "").replace(",", ".")),
                    "denominator": float(request.POST.get("denominator", "").replace(",", ".")),
                }
            else:
                value = int(request.POST.get("option", ""))
        except ValueError:
            raise ApplicationError(_("Criterion %(code)s: give the new answer."), {"code": code}) from None
        assessment_adjust(
            assessment=assessment, code=code, value=value, comment=request.POST.get("comment", ""), user=request.user
        )
        messages.success(request, _("Criterion %(code)s changed; the result was scored again.") % {"code": code})


@permission_or_404("assessments.add_assessment")
def expert_assign_view(request: AuthenticatedRequest) -> HttpResponse:
    """Staff give an expert an enterprise (from its page), or take it back."""
    enterprise = enterprise_get_for_user(user=request.user, enterprise_uuid=request.POST.get("enterprise", ""))
    back = redirect("enterprises:enterprise-detail", enterprise_uuid=enterprise.uuid)
    if request.method != "POST":
        return back
    expert = expert_from_form(request.POST.get("expert", ""))
    if expert is None:
        messages.error(request, _("Choose an expert."))
        return back
    if request.POST.get("remove"):
        assignment = ExpertAssignment.objects.filter(expert=expert, enterprise=enterprise).first()
        if assignment is not None:
            expert_unassign(assignment=assignment, user=request.user)
        return back
    try:
        expert_assign(expert=expert, enterprise=enterprise, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(name)s can now review this enterprise.") % {"name": expert.full_name or expert.email}
        )
    return back
