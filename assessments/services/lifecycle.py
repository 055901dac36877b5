"""An assessment's life: started, filled step by step (saved each time), submitted and scored,
reviewed, validated or returned. Every transition is audited and kept as an AssessmentEvent."""

from __future__ import annotations

from datetime import datetime
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
    ReviewRecommendation,
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
    from enterprises.models import Enterprise

    if enterprise.archived_at is not None or enterprise.merged_into_id is not None:
        raise ApplicationError(_("This enterprise is archived; restore it before assessing it."))
    with transaction.atomic():
        # Lock the enterprise: two "Start" clicks at once must not open two drafts.
        Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()
        today = timezone.localdate()
        running = Invitation.objects.filter(enterprise=enterprise, wave__starts_on__lte=today, wave__ends_on__gte=today)
        wave_id = running.order_by("-wave__starts_on").values_list("wave_id", flat=True).first()
        if wave_id is not None:  # starting implies having opened the wave's invitation, by link or not
            running.filter(wave_id=wave_id, accepted_at__isnull=True).update(accepted_at=timezone.now())
        open_one = Assessment.objects.filter(enterprise=enterprise, state__in=EDITABLE_STATES).order_by("-created_at")
        if (found := open_one.first()) is not None:
            if found.wave_id is None and wave_id is not None:  # resumed during a wave: it counts there
                found.wave_id = wave_id
                found.save(update_fields=["wave", "updated_at"])
            return found
        assessment = Assessment.objects.create(
            enterprise=enterprise,
            version=model_version_published(key=DEFAULT_MODEL),
            wave_id=wave_id,
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


def _locked(assessment: Assessment) -> Assessment:
    """The assessment's row, locked until the transaction ends: every change starts from it, so two
    people (the enterprise and its expert, two tabs, two clicks) never overwrite each other."""
    return (
        Assessment.objects.select_for_update().select_related("version").defer("version__content").get(pk=assessment.pk)
    )


def assessment_save_step(*, assessment: Assessment, step: FormStep, values: dict[str, Any]) -> Assessment:
    """Store one step's cleaned answers (a draft may be incomplete; nothing is scored yet)."""
    with transaction.atomic():
        locked = _locked(assessment)
        _editable(locked)
        step.store(locked, values)
        if step.key not in locked.steps_done:
            locked.steps_done = [*locked.steps_done, step.key]
        locked.save()
    return locked


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


def assessment_submit(*, assessment: Assessment, user: User | None, submitted_at: datetime | None = None) -> Assessment:
    """Freeze the answers and score them: the result page shows at once. `submitted_at` is the day
    a survey answered outside the portal was answered (an import); by default, now."""
    with transaction.atomic():
        locked = _locked(assessment)
        _editable(locked)
        if not (locked.respondent_name and (locked.respondent_email or locked.respondent_phone)):
            raise ApplicationError(_("Fill in who answered (name and an e-mail or phone) before submitting."))
        missing = assessment_missing(locked)
        if missing:
            raise ApplicationError(
                _("%(count)s criteria are not answered yet: %(codes)s."),
                {"count": len(missing), "codes": ", ".join(missing)},
            )
        _score(locked)
        locked.state, locked.submitted_at = AssessmentState.SUBMITTED, submitted_at or timezone.now()
        locked.save()
        _event(locked, "submit", user)
    return locked


def _decidable(assessment: Assessment, message: Any) -> None:
    if not assessment.is_decidable:
        raise ApplicationError(message)


def assessment_validate(*, assessment: Assessment, user: User | None) -> Assessment:
    """Staff approve the result: from now on it counts in statistics and never changes."""
    with transaction.atomic():
        locked = _locked(assessment)
        _decidable(locked, _("Only a submitted or reviewed assessment can be validated."))
        locked.state, locked.validated_at, locked.validated_by = AssessmentState.VALIDATED, timezone.now(), user
        locked.save()
        _event(locked, "validate", user)
    return locked


def assessment_return(*, assessment: Assessment, reason: str, user: User) -> Assessment:
    """Send a submitted assessment back to the enterprise with the reasons; it can be corrected
    and submitted again."""
    if not reason.strip():
        raise ApplicationError(_("Say why the assessment is returned."))
    with transaction.atomic():
        locked = _locked(assessment)
        _decidable(locked, _("Only a submitted or reviewed assessment can be returned."))
        locked.state, locked.returned_reason = AssessmentState.RETURNED, reason.strip()
        locked.save()
        _event(locked, "return", user, comment=reason.strip())
    return locked


REVIEW_REFUSED = _("Only a submitted assessment can be reviewed.")


def assessment_review_start(*, assessment: Assessment, user: User) -> Assessment:
    """An expert takes a submitted assessment into review (the enterprise sees "under review")."""
    with transaction.atomic():
        locked = _locked(assessment)
        _decidable(locked, REVIEW_REFUSED)
        if locked.state in (AssessmentState.UNDER_REVIEW, AssessmentState.REVIEWED):
            return locked
        locked.state = AssessmentState.UNDER_REVIEW
        locked.save()
        _event(locked, "review", user)
    return locked


def assessment_adjust(*, assessment: Assessment, code: str, value: Any, comment: str, user: User) -> Assessment:
    """An expert changes one answer, with the reason; the result is scored again. A review already
    accepted opens again: its recommendation was about the answers before the change."""
    if not comment.strip():
        raise ApplicationError(_("Explain the change to criterion %(code)s."), {"code": code})
    with transaction.atomic():
        locked = _locked(assessment)
        _decidable(locked, REVIEW_REFUSED)
        model = scoring_model(locked.version)
        answers_parse(model, {code: value})  # AnswerError names the criterion
        before = locked.answers.get(code)
        if before == value:
            raise ApplicationError(_("Criterion %(code)s already has this answer."), {"code": code})
        locked.answers = {**locked.answers, code: value}
        locked.state = AssessmentState.UNDER_REVIEW
        locked.reviewed_at, locked.reviewed_by, locked.review_recommendation = None, None, ""
        _score(locked)
        locked.save()
        _event(locked, "adjust", user, criterion=code, before=before, after=value, comment=comment.strip())
    return locked


def assessment_review_accept(
    *, assessment: Assessment, user: User, recommendation: str = ReviewRecommendation.VALIDATE, note: str = ""
) -> Assessment:
    """The expert's review is done, with a recommendation to the department (validate, or return
    with the reasons in the note); the department decides."""
    if recommendation not in ReviewRecommendation.values:
        raise ApplicationError(_("Choose what you recommend to the department."))
    if recommendation == ReviewRecommendation.RETURN and not note.strip():
        raise ApplicationError(_("Say what the enterprise should correct."))
    with transaction.atomic():
        locked = _locked(assessment)
        _decidable(locked, REVIEW_REFUSED)
        locked.state, locked.reviewed_at, locked.reviewed_by = AssessmentState.REVIEWED, timezone.now(), user
        locked.review_recommendation, locked.review_note = recommendation, note.strip()
        locked.save()
        _event(locked, "accept", user, after={"recommendation": recommendation}, comment=note.strip())
    return locked
