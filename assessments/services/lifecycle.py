"""An assessment's life: started, filled step by step (saved each time), submitted and scored,
reviewed, validated or returned. Every transition is audited and kept as an AssessmentEvent."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.forms_fill import FormStep, answered_codes
from assessments.models import (
    EDITABLE_STATES,
    Assessment,
    AssessmentEvent,
    AssessmentKind,
    AssessmentState,
    Invitation,
)
from assessments.scoring import answers_parse, score
from assessments.selectors import model_version_published, scoring_model
from core.errors import ApplicationError
from core.services import audit_record

if TYPE_CHECKING:
    from accounts.models import User
    from enterprises.models import Enterprise

DEFAULT_MODEL = "qd1970-sme"


def assessment_start(*, enterprise: Enterprise, user: User, kind: str = AssessmentKind.SELF) -> Assessment:
    """The enterprise's open assessment (draft or returned), or a new draft under the province's
    current model version: an enterprise never has two assessments in progress."""
    if enterprise.archived_at is not None or enterprise.merged_into_id is not None:
        raise ApplicationError(_("This enterprise is archived; restore it before assessing it."))
    with transaction.atomic():
        open_one = (
            Assessment.objects.select_for_update()
            .filter(enterprise=enterprise, state__in=EDITABLE_STATES)
            .order_by("-created_at")
            .first()
        )
        if open_one is not None:
            return open_one
        today = timezone.localdate()
        running = Invitation.objects.filter(enterprise=enterprise, wave__starts_on__lte=today, wave__ends_on__gte=today)
        assessment = Assessment.objects.create(
            enterprise=enterprise,
            version=model_version_published(key=DEFAULT_MODEL),
            wave_id=running.order_by("-wave__starts_on").values_list("wave_id", flat=True).first(),
            kind=kind,
            created_by=user,
            expert=user if kind == AssessmentKind.EXPERT else None,
            respondent_name=user.full_name if kind == AssessmentKind.SELF else "",
            respondent_email=user.email if kind == AssessmentKind.SELF else enterprise.email,
            respondent_phone=user.phone if kind == AssessmentKind.SELF else enterprise.phone,
        )
        audit_record(actor=user, action="assessment.start", obj=assessment, changes={"kind": kind})
    return assessment


def _editable(assessment: Assessment) -> None:
    if not assessment.is_editable:
        raise ApplicationError(_("This assessment was submitted; its answers can no longer be changed."))


def assessment_save_step(*, assessment: Assessment, step: FormStep, values: dict[str, Any]) -> Assessment:
    """Store one step's cleaned answers (a draft may be incomplete; nothing is scored yet)."""
    _editable(assessment)
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _editable(locked)
        step.store(assessment, values)
        if step.key not in assessment.steps_done:
            assessment.steps_done = [*assessment.steps_done, step.key]
        assessment.save()
    return assessment


def assessment_missing(assessment: Assessment) -> list[str]:
    """Codes of the criteria not answered yet (a gate answered "no" counts as an answer)."""
    answered = answered_codes(assessment.answers)
    return [criterion["code"] for criterion in assessment.version.criteria() if criterion["code"] not in answered]


def _score(assessment: Assessment) -> None:
    model = scoring_model(assessment.version)
    result = score(model, answers_parse(model, assessment.answers))
    assessment.result = result.as_json()
    assessment.total, assessment.overall_level = result.total, result.overall_level


def _event(assessment: Assessment, action: str, user: User | None, **fields: Any) -> None:
    AssessmentEvent.objects.create(assessment=assessment, action=action, state=assessment.state, user=user, **fields)
    audit_record(
        actor=user, action=f"assessment.{action}", obj=assessment, changes={"state": assessment.state, **fields}
    )


def assessment_submit(*, assessment: Assessment, user: User) -> Assessment:
    """Freeze the answers and score them: the result page shows at once."""
    _editable(assessment)
    if not (assessment.respondent_name and (assessment.respondent_email or assessment.respondent_phone)):
        raise ApplicationError(_("Fill in who answered (name and an e-mail or phone) before submitting."))
    missing = assessment_missing(assessment)
    if missing:
        raise ApplicationError(
            _("%(count)s criteria are not answered yet: %(codes)s."),
            {"count": len(missing), "codes": ", ".join(missing)},
        )
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _editable(locked)
        _score(assessment)
        assessment.state, assessment.submitted_at = AssessmentState.SUBMITTED, timezone.now()
        assessment.save()
        _event(assessment, "submit", user)
    return assessment


def assessment_validate(*, assessment: Assessment, user: User) -> Assessment:
    """Staff approve the result: from now on it counts in statistics and never changes."""
    if assessment.state not in (AssessmentState.SUBMITTED, AssessmentState.UNDER_REVIEW):
        raise ApplicationError(_("Only a submitted or reviewed assessment can be validated."))
    with transaction.atomic():
        assessment.state, assessment.validated_at, assessment.validated_by = (
            AssessmentState.VALIDATED,
            timezone.now(),
            user,
        )
        assessment.save()
        _event(assessment, "validate", user)
    return assessment


def assessment_return(*, assessment: Assessment, reason: str, user: User) -> Assessment:
    """Send a submitted assessment back to the enterprise with the reasons; it can be corrected
    and submitted again."""
    if assessment.state not in (AssessmentState.SUBMITTED, AssessmentState.UNDER_REVIEW):
        raise ApplicationError(_("Only a submitted or reviewed assessment can be returned."))
    if not reason.strip():
        raise ApplicationError(_("Say why the assessment is returned."))
    with transaction.atomic():
        assessment.state, assessment.returned_reason = AssessmentState.RETURNED, reason.strip()
        assessment.save()
        _event(assessment, "return", user, comment=reason.strip())
    return assessment


def _reviewable(assessment: Assessment) -> None:
    if assessment.state not in (AssessmentState.SUBMITTED, AssessmentState.UNDER_REVIEW):
        raise ApplicationError(_("Only a submitted assessment can be reviewed."))


def assessment_review_start(*, assessment: Assessment, user: User) -> Assessment:
    """An expert takes a submitted assessment into review (the enterprise sees "under review")."""
    _reviewable(assessment)
    if assessment.state == AssessmentState.UNDER_REVIEW:
        return assessment
    with transaction.atomic():
        assessment.state = AssessmentState.UNDER_REVIEW
        assessment.save()
        _event(assessment, "review", user)
    return assessment


def assessment_adjust(*, assessment: Assessment, code: str, value: Any, comment: str, user: User) -> Assessment:
    """An expert changes one answer, with the reason; the result is scored again."""
    _reviewable(assessment)
    if not comment.strip():
        raise ApplicationError(_("Explain the change to criterion %(code)s."), {"code": code})
    model = scoring_model(assessment.version)
    answers_parse(model, {code: value})  # AnswerError names the criterion
    before = assessment.answers.get(code)
    if before == value:
        raise ApplicationError(_("Criterion %(code)s already has this answer."), {"code": code})
    with transaction.atomic():
        locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _reviewable(locked)
        assessment.answers = {**locked.answers, code: value}
        assessment.state = AssessmentState.UNDER_REVIEW
        _score(assessment)
        assessment.save()
        _event(assessment, "adjust", user, criterion=code, before=before, after=value, comment=comment.strip())
    return assessment


def assessment_review_accept(*, assessment: Assessment, user: User) -> Assessment:
    """The expert's review is done: the department can validate the result."""
    _reviewable(assessment)
    with transaction.atomic():
        assessment.state, assessment.reviewed_at, assessment.reviewed_by = (
            AssessmentState.UNDER_REVIEW,
            timezone.now(),
            user,
        )
        assessment.save()
        _event(assessment, "accept", user)
    return assessment
