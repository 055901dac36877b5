"""DBI scoring model versions (and, building on them, the enterprises' assessments)."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.tenancy import current_schema


class ModelStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


# Published definitions by digest: they never change, weigh ~140 kB as JSON, and every assessment
# page needs one, so each process keeps them instead of reading them with every assessment.
_DEFINITIONS: dict[str, dict[str, Any]] = {}


class ModelVersionManager(models.Manager["ModelVersion"]):
    def get_queryset(self) -> models.QuerySet[ModelVersion]:
        return super().get_queryset().defer("content")


class ModelVersion(models.Model):
    """One version of a scoring model (pillars, criteria, questions, bands, level rules) as data.

    The definition is the checked content of a model file. A published version never changes:
    assessments keep the version they were scored under, and a correction is a new version.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.CharField(_("model"), max_length=50)  # e.g. qd1970-sme
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=ModelStatus.choices, default=ModelStatus.DRAFT)
    content = models.JSONField(db_column="definition")  # read through `definition`
    digest = models.CharField(max_length=64)  # of the definition: loading the same file twice adds nothing
    based_on = models.ForeignKey(
        "self", verbose_name=_("copied from"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ModelVersionManager()

    class Meta:
        ordering = ["key", "-number"]
        verbose_name = _("scoring model version")
        verbose_name_plural = _("scoring model versions")
        constraints = [models.UniqueConstraint(fields=["key", "number"], name="model_version_number")]
        permissions = [("manage_modelversion", "Can copy, correct and publish scoring model versions")]

    def __str__(self) -> str:
        return f"{self.key} v{self.number}"

    @property
    def definition(self) -> dict[str, Any]:
        """The checked model definition (read-only: copy it before changing it)."""
        if "content" in self.__dict__:
            loaded: dict[str, Any] = self.content
            return loaded
        cached = _DEFINITIONS.get(self.digest)
        if cached is None:
            cached = ModelVersion.objects.filter(pk=self.pk).values_list("content", flat=True).get()
            if len(_DEFINITIONS) > 64:
                _DEFINITIONS.clear()
            _DEFINITIONS[self.digest] = cached
        return cached

    @definition.setter
    def definition(self, value: dict[str, Any]) -> None:
        self.content = value

    @property
    def title(self) -> dict[str, str]:
        title: dict[str, str] = self.definition["title"]
        return title

    @property
    def is_published(self) -> bool:
        return self.status == ModelStatus.PUBLISHED

    @property
    def provisional_criteria(self) -> list[str]:
        """Codes of ratio criteria whose bands are not from the legal text."""
        return [
            criterion["code"]
            for pillar in self.definition["pillars"]
            for indicator in pillar["indicators"]
            for criterion in indicator["criteria"]
            if criterion.get("provisional")
        ]

    def criteria(self) -> list[dict[str, Any]]:
        return [
            criterion
            for pillar in self.definition["pillars"]
            for indicator in pillar["indicators"]
            for criterion in indicator["criteria"]
        ]


class AssessmentKind(models.TextChoices):
    SELF = "self", _("Self-assessment")
    EXPERT = "expert", _("Expert-assisted")


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    REVIEWED = "reviewed", _("Reviewed by the expert")
    RETURNED = "returned", _("Returned for changes")
    VALIDATED = "validated", _("Validated")


# Answers can change only in these states; a validated assessment never changes.
EDITABLE_STATES = (AssessmentState.DRAFT, AssessmentState.RETURNED)
# The department validates or returns, and the expert reviews, only in these states.
DECIDABLE_STATES = (AssessmentState.SUBMITTED, AssessmentState.UNDER_REVIEW, AssessmentState.REVIEWED)


class ReviewRecommendation(models.TextChoices):
    """What the expert advises the department when the review is done."""

    VALIDATE = "validate", _("Validate the result")
    RETURN = "return", _("Return it to the enterprise")


class Wave(models.Model):
    """An assessment campaign: a period and a list of enterprises invited to assess themselves."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    filters = models.JSONField(default=dict, blank=True)  # the registry filters the list was built from
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("assessment wave")
        verbose_name_plural = _("assessment waves")

    def __str__(self) -> str:
        return self.name


def certificate_path(assessment: Assessment, filename: str) -> str:
    """Certificates live under the province's own folder."""
    return str(PurePosixPath("certificates") / current_schema() / f"{assessment.uuid}.pdf")


class Assessment(models.Model):
    """One enterprise's answers to one model version, and the result they scored.

    The result is a snapshot taken on submit (and on each validated adjustment): statistics and
    reports read it and never rescore.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="assessments"
    )
    version = models.ForeignKey(ModelVersion, verbose_name=_("model version"), on_delete=models.PROTECT)
    wave = models.ForeignKey(
        Wave, verbose_name=_("wave"), null=True, blank=True, on_delete=models.SET_NULL, related_name="assessments"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=AssessmentKind.choices, default=AssessmentKind.SELF)
    state = models.CharField(
        _("state"), max_length=12, choices=AssessmentState.choices, default=AssessmentState.DRAFT, db_index=True
    )
    respondent_name = models.CharField(_("respondent"), max_length=150, blank=True)
    respondent_position = models.CharField(_("position"), max_length=150, blank=True)
    respondent_phone = models.CharField(_("phone"), max_length=50, blank=True)
    respondent_email = models.EmailField(_("e-mail"), blank=True)
    answers = models.JSONField(default=dict, blank=True)  # criterion code → option number or {numerator, denominator}
    part_b = models.JSONField(default=dict, blank=True)  # item code → 0–5
    part_c = models.JSONField(default=list, blank=True)  # barrier codes ticked
    part_d = models.JSONField(default=dict, blank=True)  # {"support": [codes], "answers": {code: text}}
    steps_done = models.JSONField(default=list, blank=True)  # form steps saved at least once
    result = models.JSONField(default=dict, blank=True)  # the engine's result when submitted (as_json)
    total = models.PositiveSmallIntegerField(_("points"), null=True, blank=True)
    overall_level = models.PositiveSmallIntegerField(_("level"), null=True, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    expert = models.ForeignKey(
        "accounts.User", verbose_name=_("expert"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)  # the expert's "accept"
    reviewed_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    review_recommendation = models.CharField(
        _("expert's recommendation"), max_length=10, choices=ReviewRecommendation.choices, blank=True
    )
    review_note = models.TextField(_("expert's note to the department"), blank=True)
    validated_at = models.DateTimeField(_("validated at"), null=True, blank=True)
    validated_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_reason = models.TextField(_("reason for returning"), blank=True)
    # Where the answers came from when they were not typed into the portal's form: a survey on paper
    # or in Excel, imported from a filled template ("" for an assessment filled in the portal).
    source = models.CharField(_("source of the results"), max_length=300, blank=True)
    # The certificate of a validated result: its public verification code and its PDF.
    certificate_code = models.CharField(_("verification code"), max_length=20, unique=True, null=True, blank=True)
    certificate_file = models.FileField(upload_to=certificate_path, max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["enterprise", "-submitted_at"], name="assessment_latest")]
        permissions = [
            ("review_assessment", "Can review assessments of assigned enterprises"),
            ("validate_assessment", "Can validate or return reviewed assessments"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.created_at:%d/%m/%Y}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_decidable(self) -> bool:
        return self.state in DECIDABLE_STATES


class EventAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    REVIEW = "review", _("Review started")
    ADJUST = "adjust", _("Answer changed by the expert")
    ACCEPT = "accept", _("Review accepted")
    VALIDATE = "validate", _("Validated")
    RETURN = "return", _("Returned for changes")


class AssessmentEvent(models.Model):
    """A step in an assessment's life: a transition, or an expert's change to one answer (with the
    required comment). The assessment's history page reads these."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=EventAction.choices)
    state = models.CharField(max_length=12, choices=AssessmentState.choices)  # after the event
    criterion = models.CharField(max_length=20, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    comment = models.TextField(blank=True)
    user = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} → {self.state}"


class Invitation(models.Model):
    """A personal link e-mailed to an enterprise to assess itself (alone or as part of a wave)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    wave = models.ForeignKey(Wave, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="invitations"
    )
    email = models.EmailField(_("e-mail"), blank=True)  # blank: the enterprise has no address to invite
    token_hash = models.CharField(max_length=64, unique=True)  # sha256 of the link's secret; the secret is never stored
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)  # the link is valid from then
    accepted_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    user = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    last_reminded_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["wave", "enterprise"], name="invitation_once_per_wave"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} ← {self.email}"


class ExpertAssignment(models.Model):
    """An expert may see and review an enterprise, or every enterprise of a wave."""

    expert = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", null=True, blank=True, on_delete=models.CASCADE, related_name="expert_assignments"
    )
    wave = models.ForeignKey(Wave, null=True, blank=True, on_delete=models.CASCADE, related_name="expert_assignments")
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(enterprise__isnull=False) ^ models.Q(wave__isnull=False),
                name="assignment_one_target",
            ),
            models.UniqueConstraint(fields=["expert", "enterprise"], name="assignment_once_per_enterprise"),
            models.UniqueConstraint(fields=["expert", "wave"], name="assignment_once_per_wave"),
        ]

    def __str__(self) -> str:
        return f"{self.expert} → {self.enterprise or self.wave}"


def import_path(batch: AssessmentImport, filename: str) -> str:
    """Uploaded survey files live under the province's own folder."""
    return str(PurePosixPath("assessment-imports") / current_schema() / f"{batch.uuid}{PurePosixPath(filename).suffix}")


class AssessmentImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Checked, waiting for confirmation")
    DONE = "done", _("Imported")


class AssessmentImport(models.Model):
    """A filled survey template uploaded by the department: checked first (nothing written), its
    valid rows written as scored assessments once confirmed."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(ModelVersion, verbose_name=_("model version"), on_delete=models.PROTECT)
    file = models.FileField(upload_to=import_path, max_length=300)
    filename = models.CharField(_("file"), max_length=255)
    state = models.CharField(_("state"), max_length=12, choices=AssessmentState.choices)  # submitted or validated
    source = models.CharField(_("source of the results"), max_length=300)
    status = models.CharField(
        max_length=10, choices=AssessmentImportStatus.choices, default=AssessmentImportStatus.PREVIEWED
    )
    report = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("assessment import")
        verbose_name_plural = _("assessment imports")

    def __str__(self) -> str:
        return self.filename


class SignupStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the department")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class SignupRequest(models.Model):
    """An enterprise that signed up by itself: its account waits until the department links it to the
    registry record of its tax code, or adds the enterprise to the registry when the code is new."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE, related_name="signup_request")
    tax_code = models.CharField(_("tax code"), max_length=14)  # normal form
    name = models.CharField(_("enterprise name"), max_length=400)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=SignupStatus.choices, default=SignupStatus.PENDING)
    reason = models.CharField(_("reason"), max_length=500, blank=True)  # of a rejection
    decided_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sign-up request")
        verbose_name_plural = _("sign-up requests")

    def __str__(self) -> str:
        return f"{self.tax_code} {self.name}"
