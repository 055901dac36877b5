"""Reads on scoring model versions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.forms_fill import text
from assessments.models import (
    Assessment,
    AssessmentEvent,
    AssessmentImport,
    AssessmentState,
    EventAction,
    ExpertAssignment,
    Invitation,
    ModelStatus,
    ModelVersion,
    Wave,
)
from assessments.scoring import ScoringModel, compile_model
from core.errors import ApplicationError
from core.http import is_uuid
from enterprises.models import Enterprise, EnterpriseAccount

if TYPE_CHECKING:
    from accounts.models import User


def model_version_list() -> QuerySet[ModelVersion]:
    return ModelVersion.objects.order_by("key", "-number")


def model_version_published(*, key: str) -> ModelVersion:
    """The province's current version of a model: its latest published one."""
    version = ModelVersion.objects.filter(key=key, status=ModelStatus.PUBLISHED).order_by("-number").first()
    if version is None:
        raise ApplicationError(_("This province has no published version of the model “%(key)s”."), {"key": key})
    return version


def model_version_get_for_user(*, user: User, version_uuid: UUID | str) -> ModelVersion:
    if not user.has_perm("assessments.view_modelversion"):
        raise Http404
    version = ModelVersion.objects.filter(uuid=version_uuid).first()
    if version is None:
        raise Http404
    return version


def model_version_published_get(*, user: User, version_uuid: UUID | str) -> ModelVersion:
    """A published version the user may read (its survey template); a draft is not found."""
    version = model_version_get_for_user(user=user, version_uuid=version_uuid)
    if not version.is_published:
        raise Http404
    return version


def assessment_import_get_for_user(*, user: User, import_uuid: UUID | str) -> AssessmentImport:
    """An uploaded survey file, for the department staff who import them."""
    if not user.has_perm("assessments.validate_assessment") or not is_uuid(str(import_uuid)):
        raise Http404
    found = AssessmentImport.objects.select_related("version", "uploaded_by").filter(uuid=import_uuid).first()
    if found is None:
        raise Http404
    return found


def scoring_model(version: ModelVersion) -> ScoringModel:
    """The compiled engine model of a version, cached by content digest: identical content compiles
    to the identical model in every province, so sharing the cache reveals nothing."""
    model = _COMPILED.get(version.digest)
    if model is None:
        if len(_COMPILED) >= 64:
            _COMPILED.clear()
        model = _COMPILED[version.digest] = compile_model(version.definition)
    return model


_COMPILED: dict[str, ScoringModel] = {}


def enterprise_of(user: User) -> Enterprise | None:
    """The enterprise an enterprise-role account acts for, if any."""
    account = EnterpriseAccount.objects.filter(user=user).select_related("enterprise").first()
    return account.enterprise if account is not None else None


def assessment_get_for_user(*, user: User, assessment_uuid: UUID | str) -> Assessment:
    """The assessment if this user may see it: staff of the province, the expert on it, or an
    account of its enterprise. Anyone else gets 404."""
    assessment = (
        Assessment.objects.select_related("enterprise", "version", "expert")
        .defer("version__content")
        .filter(uuid=assessment_uuid, enterprise__merged_into__isnull=True)
        .first()
    )
    if assessment is None:
        raise Http404
    if user.has_perm("assessments.view_assessment"):
        return assessment
    if (
        user.has_perm("assessments.review_assessment")
        and expert_enterprises(user=user).filter(pk=assessment.enterprise_id).exists()
    ):
        return assessment
    if (own := enterprise_of(user)) is not None and own.pk == assessment.enterprise_id:
        return assessment
    if (wards := user.ward_scope) and Enterprise.objects.filter(
        pk=assessment.enterprise_id, ward__code__in=wards
    ).exists():
        return assessment  # a commune's officer reads the results of their wards' enterprises
    raise Http404


def assessment_history(*, enterprise: Enterprise) -> QuerySet[Assessment]:
    """The enterprise's submitted assessments, latest first."""
    return (
        Assessment.objects.filter(enterprise=enterprise, submitted_at__isnull=False)
        .select_related("version")
        .defer("version__content")
        .order_by("-submitted_at")
    )


def expert_enterprises(*, user: User) -> QuerySet[Enterprise]:
    """The enterprises an expert is assigned to, one by one or through a wave's invitations."""
    direct = ExpertAssignment.objects.filter(expert=user, enterprise__isnull=False).values("enterprise_id")
    waves = ExpertAssignment.objects.filter(expert=user, wave__isnull=False).values("wave_id")
    through_waves = Invitation.objects.filter(wave__in=waves).values("enterprise_id")
    return Enterprise.objects.filter(Q(pk__in=direct) | Q(pk__in=through_waves), merged_into__isnull=True)


def expert_from_form(value: str) -> User | None:
    """The active expert a form's select named, or None (not a UUID, not an expert, not active)."""
    return experts().filter(pk=value).first() if is_uuid(value) else None


def experts() -> QuerySet[User]:
    """The province's active expert accounts, for assignment."""
    from accounts.models import User
    from accounts.roles import Role

    return User.objects.filter(groups__name=Role.EXPERT, is_active=True).order_by("full_name", "email")


def assessment_get_for_editor(*, user: User, assessment_uuid: UUID | str) -> Assessment:
    """The assessment if this user may fill it in: the enterprise's own account, or the person who
    assesses with the enterprise (the expert or officer who started an expert-assisted one).
    Others who may read it (the department, reviewing experts) get 404 here."""
    assessment = assessment_get_for_user(user=user, assessment_uuid=assessment_uuid)
    own = enterprise_of(user)
    if own is not None and own.pk == assessment.enterprise_id:
        return assessment
    if assessment.kind == "expert" and user.pk in (assessment.expert_id, assessment.created_by_id):
        return assessment
    raise Http404


class InviteeStatus:
    """How far an enterprise on a wave's list has got: each stage implies the ones before it, so the
    wave's funnel (counted by reporting from `stage`) can never narrow the wrong way."""

    NO_EMAIL, INVITED, OPENED, STARTED, SUBMITTED, VALIDATED = range(6)
    LABELS = {
        NO_EMAIL: _("No e-mail address"),
        INVITED: _("Invited, not opened"),
        OPENED: _("Opened the link"),
        STARTED: _("Started"),
        SUBMITTED: _("Submitted"),
        VALIDATED: _("Validated"),
    }
    # "Not yet responded": invited by e-mail and not submitted, as the weekly reminder counts them.
    FILTERS = {"pending": (INVITED, STARTED), "submitted": (SUBMITTED, VALIDATED), "no_email": (NO_EMAIL, NO_EMAIL)}


def invitation_statuses(*, wave: Wave, status: str = "") -> QuerySet[Invitation]:
    """The wave's invitations, each annotated with `stage` (an InviteeStatus) and `opened_at` (the
    link opened, or else the day its assessment was started); `status` narrows to one FILTERS key."""
    of_wave = Assessment.objects.filter(wave=OuterRef("wave"), enterprise=OuterRef("enterprise"))
    invitations = (
        Invitation.objects.filter(wave=wave, enterprise__merged_into__isnull=True)
        .select_related("enterprise")
        .annotate(
            stage=Case(
                When(Exists(of_wave.filter(state=AssessmentState.VALIDATED)), then=Value(InviteeStatus.VALIDATED)),
                When(Exists(of_wave.filter(submitted_at__isnull=False)), then=Value(InviteeStatus.SUBMITTED)),
                When(Exists(of_wave), then=Value(InviteeStatus.STARTED)),
                When(accepted_at__isnull=False, then=Value(InviteeStatus.OPENED)),
                When(~Q(email=""), then=Value(InviteeStatus.INVITED)),
                default=Value(InviteeStatus.NO_EMAIL),
                output_field=IntegerField(),
            ),
            opened_at=Coalesce("accepted_at", Subquery(of_wave.order_by("created_at").values("created_at")[:1])),
        )
        .order_by("stage", "enterprise__name")
    )
    if status in InviteeStatus.FILTERS:
        low, high = InviteeStatus.FILTERS[status]
        invitations = invitations.filter(stage__gte=low, stage__lte=high)
        if status == "pending":
            invitations = invitations.exclude(email="")
    return invitations


def answer_text(criterion: dict[str, Any], value: Any) -> str:
    """An answer as the enterprise chose it: the option's words, or the ratio with its share."""
    if value is None:
        return "—"
    if criterion["kind"] == "ratio":
        share = 100 * value["numerator"] / value["denominator"] if value["denominator"] else 0
        return f"{value['numerator']:g} / {value['denominator']:g} ({share:.0f}\u00a0%)"
    if value == 0:
        return gettext("No")
    return f"{value}. {text(criterion['options'][value - 1]['text'])}"


@dataclass(frozen=True)
class AnswerChange:
    """An expert's change to one answer, as the department and the enterprise read it."""

    before: str
    after: str
    reason: str
    by: str
    at: datetime


@dataclass(frozen=True)
class AnswerRow:
    criterion: dict[str, Any]
    value: Any
    answer: str
    points: int | None
    max_points: int
    changes: list[AnswerChange] = field(default_factory=list)


@dataclass(frozen=True)
class PillarAnswers:
    code: str
    name: str
    rows: list[AnswerRow]


@dataclass(frozen=True)
class AssessmentEvidence:
    """Everything an assessment was decided on: each criterion's answer, points and the expert's
    changes (by pillar), then Parts B–D as answered."""

    pillars: list[PillarAnswers]
    part_b: list[tuple[str, list[tuple[str, int | None]]]]  # group name → (item, 0–5 or None)
    barriers: list[str]
    support: list[str]
    open_answers: list[tuple[str, str]]  # (question, answer)

    @property
    def has_provisional(self) -> bool:
        return any(row.criterion.get("provisional") for pillar in self.pillars for row in pillar.rows)

    @property
    def changed_count(self) -> int:
        return sum(1 for pillar in self.pillars for row in pillar.rows if row.changes)


def _person(event: AssessmentEvent) -> str:
    return (event.user.full_name or event.user.email) if event.user is not None else "—"


def assessment_evidence(assessment: Assessment) -> AssessmentEvidence:
    """The assessment's answers in the model's order, with the points the result gave them."""
    definition = assessment.version.definition
    model = scoring_model(assessment.version)
    points = assessment.result.get("criteria", {})
    criteria = {criterion["code"]: criterion for criterion in assessment.version.criteria()}
    changes: dict[str, list[AnswerChange]] = {}
    adjustments = assessment.events.filter(action=EventAction.ADJUST).select_related("user")
    for event in adjustments.order_by("created_at", "id"):
        criterion = criteria.get(event.criterion)
        if criterion is None:
            continue
        changes.setdefault(event.criterion, []).append(
            AnswerChange(
                before=answer_text(criterion, event.before),
                after=answer_text(criterion, event.after),
                reason=event.comment,
                by=_person(event),
                at=event.created_at,
            )
        )
    pillars = [
        PillarAnswers(
            code=pillar["code"],
            name=text(pillar["name"]),
            rows=[
                AnswerRow(
                    criterion=criterion,
                    value=assessment.answers.get(criterion["code"]),
                    answer=answer_text(criterion, assessment.answers.get(criterion["code"])),
                    points=points.get(criterion["code"]),
                    max_points=model.by_code[criterion["code"]].max_points,
                    changes=changes.get(criterion["code"], []),
                )
                for indicator in pillar["indicators"]
                for criterion in indicator["criteria"]
            ],
        )
        for pillar in definition["pillars"]
    ]
    part_d = assessment.part_d or {}
    support_texts = {item["code"]: text(item["text"]) for item in definition["part_d"]["support"]}
    barrier_texts = {item["code"]: text(item["text"]) for item in definition["part_c"]}
    return AssessmentEvidence(
        pillars=pillars,
        part_b=[
            (
                text(group["name"]),
                [(text(item["text"]), assessment.part_b.get(item["code"])) for item in group["items"]],
            )
            for group in definition["part_b"]
        ],
        barriers=[barrier_texts[code] for code in assessment.part_c if code in barrier_texts],
        support=[support_texts[code] for code in part_d.get("support", []) if code in support_texts],
        open_answers=[
            (text(item["text"]), part_d.get("answers", {})[item["code"]])
            for item in definition["part_d"]["questions"]
            if part_d.get("answers", {}).get(item["code"])
        ],
    )
