"""The province's programme: its plans and their tasks, the agencies that carry them out, and the
activities (training, workshops, outreach, support…) with the enterprises that took part."""

from __future__ import annotations

import uuid

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.tenancy import current_schema


class AgencyKind(models.TextChoices):
    DEPARTMENT = "department", _("Department or agency")
    ASSOCIATION = "association", _("Business association")
    COMMUNE = "commune", _("Commune or ward People's Committee")
    OTHER = "other", _("Other organisation")


class Agency(models.Model):
    """An organisation that leads or helps with the plan's tasks (Sở, hiệp hội, UBND xã…)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.SlugField(max_length=60, unique=True)  # as in the plan files; stable across reloads
    name = models.CharField(_("name"), max_length=300, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=AgencyKind.choices, default=AgencyKind.DEPARTMENT)
    # The finance department (Sở Tài chính): its members approve the tasks' budgets.
    approves_budgets = models.BooleanField(_("finance department (approves budgets)"), default=False)
    members = models.ManyToManyField(
        "accounts.User", blank=True, related_name="agencies", verbose_name=_("staff with an account")
    )
    # A commune (district or commune People's Committee) may be given wards: its people then see the
    # registry and results of those wards (copied onto each member's User.ward_codes).
    ward_codes = ArrayField(models.CharField(max_length=5), default=list, blank=True, verbose_name=_("wards"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self) -> str:
        return self.name


class Plan(models.Model):
    """A provincial plan (kế hoạch), e.g. 133/KH-UBND for 2022–2025."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    number = models.CharField(_("number"), max_length=60)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=500)
    # A plan of a province that merged into this one (2025): kept read-only, with its tasks and results.
    former_province = models.CharField(_("former province"), max_length=100, blank=True, default="")
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    # Null when the plan states no period (it then runs until replaced).
    start_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)

    class Meta:
        ordering = ["-start_year", "number"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="plan_years_in_order"),
            models.UniqueConstraint(fields=["number", "former_province"], name="plan_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"

    @property
    def is_former(self) -> bool:
        return bool(self.former_province)


class Task(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("plan"))
    number = models.CharField(_("number"), max_length=20)
    position = models.PositiveSmallIntegerField(default=0)  # the order in the plan
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    lead = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="tasks_led", verbose_name=_("lead")
    )
    coordinating = models.ManyToManyField(
        Agency, blank=True, related_name="tasks_coordinated", verbose_name=_("coordinating agencies")
    )
    timing = models.CharField(_("timing"), max_length=200, blank=True)  # "Hằng năm", "Quý III/2023"…

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="task_number_unique_in_plan")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class TargetUnit(models.TextChoices):
    ENTERPRISES_TRAINED = "enterprises_trained", _("enterprises trained")
    ENTERPRISES_ASSESSED = "enterprises_assessed", _("enterprises assessed")
    WORKSHOPS_HELD = "workshops_held", _("workshops held")
    COURSES_HELD = "courses_held", _("training courses held")
    OUTREACH_REACH = "outreach_reach", _("people reached by outreach")
    ENTERPRISES_SUPPORTED = "enterprises_supported", _("enterprises supported")
    ENTERPRISES_HONOURED = "enterprises_honoured", _("enterprises honoured")
    OTHER = "other", _("other")


class Target(models.Model):
    """A yearly (or whole-plan) target of a task: e.g. train 300–500 enterprises a year."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="targets")
    unit = models.CharField(_("unit"), max_length=24, choices=TargetUnit.choices)
    minimum = models.PositiveIntegerField(_("at least"))
    maximum = models.PositiveIntegerField(_("at most"))
    per_year = models.BooleanField(_("every year"), default=True)  # False: over the whole plan
    text = models.CharField(_("as written in the plan"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [models.CheckConstraint(condition=Q(maximum__gte=F("minimum")), name="target_range_in_order")]

    def __str__(self) -> str:
        figure = f"{self.minimum}" if self.minimum == self.maximum else f"{self.minimum}–{self.maximum}"
        return f"{figure} {self.get_unit_display()}"


class BudgetSource(models.TextChoices):
    PROVINCIAL = "provincial", _("Provincial budget")
    CENTRAL = "central", _("Central budget")
    SPONSOR = "sponsor", _("Sponsors")
    OTHER = "other", _("Other sources")


class Budget(models.Model):
    """Money for a task in a year from one source: the estimate (dự toán) the department proposes, the
    amount the finance department approves, and the settlement (quyết toán) once the year is over. What
    was spent is not kept here: `reporting.statistics.budget` adds up the costs of the task's held activities."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=12, choices=BudgetSource.choices)
    estimate = models.DecimalField(
        _("estimate (million VND)"), max_digits=12, decimal_places=3, validators=[MinValueValidator(0)]
    )
    approved = models.DecimalField(
        _("approved (million VND)"), max_digits=12, decimal_places=3, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    approved_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(_("approved on"), null=True, blank=True)
    settlement = models.DecimalField(
        _("settlement (million VND)"), max_digits=12, decimal_places=3, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip

    class Meta:
        ordering = ["year", "source"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        permissions = [("approve_budget", _("Can approve budgets (as the finance department does)"))]
        constraints = [
            models.UniqueConstraint(fields=["task", "year", "source"], name="one_budget_line_per_source"),
            models.CheckConstraint(condition=Q(estimate__gte=0), name="budget_not_negative"),
            models.CheckConstraint(
                condition=Q(approved__gte=0) | Q(approved__isnull=True), name="budget_approved_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(settlement__gte=0) | Q(settlement__isnull=True), name="budget_settlement_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task.number} · {self.year} · {self.get_source_display()}"


def update_path(update: TaskUpdate, filename: str) -> str:
    return f"task-updates/{current_schema()}/{update.uuid}/{filename}"


class TaskUpdate(models.Model):
    """An agency's yearly report on a task: the step of the reporting calendar where agencies report
    to the department (before 15/11 in Đồng Nai, 05/12 in Đắk Lắk)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="updates", verbose_name=_("agency"))
    year = models.PositiveSmallIntegerField(_("year"))
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    narrative = models.TextField(_("what was done"))
    figures = models.TextField(_("figures"), blank=True)
    attachment = models.FileField(_("attachment"), upload_to=update_path, max_length=300, blank=True)
    submitted_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "task"]
        verbose_name = _("yearly task update")
        verbose_name_plural = _("yearly task updates")
        constraints = [
            models.UniqueConstraint(fields=["task", "agency", "year"], name="one_update_per_agency_and_year"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="update_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.task.number} · {self.agency} · {self.year}"


class UpdateReminder(models.Model):
    """An e-mail that told an agency its yearly update of a task is overdue: the beat sends one, staff
    may remind again, never twice the same day."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    sent_on = models.DateField(null=True)  # the local day it was sent
    sent_at = models.DateTimeField(auto_now_add=True)
    sent_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "agency", "year", "sent_on"], name="one_reminder_per_update_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.task_id} · {self.agency_id} · {self.year}"


class ProviderKind(models.TextChoices):
    SOLUTION = "solution", _("Digital solution provider")
    CONSULTANT = "consultant", _("Consultant or expert")
    BOTH = "both", _("Solutions and consulting")


class Provider(models.Model):
    """A member of the consulting network (Mạng lưới tư vấn): a solution provider or a consultant."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=300, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=ProviderKind.choices, default=ProviderKind.SOLUTION)
    services = ArrayField(models.CharField(max_length=80), default=list, blank=True, verbose_name=_("services"))
    description = models.TextField(_("description"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    active = models.BooleanField(_("in the network"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("provider or consultant")
        verbose_name_plural = _("providers and consultants")

    def __str__(self) -> str:
        return self.name


class ActivityKind(models.TextChoices):
    TRAINING = "training", _("Training course")
    WORKSHOP = "workshop", _("Workshop or conference")
    OUTREACH = "outreach", _("Outreach and communication")
    SUPPORT_VISIT = "support_visit", _("Consulting or assessment support visit")
    MATCHMAKING = "matchmaking", _("Matchmaking with a solution provider")
    ECOMMERCE = "ecommerce", _("E-commerce support")
    HONOURING = "honouring", _("Honouring ceremony")


# Kinds whose participants are enterprises with a person who came (attendance is kept).
ATTENDED_KINDS = (ActivityKind.TRAINING, ActivityKind.WORKSHOP)


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Activity(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.SET_NULL, related_name="activities",
        verbose_name=_("plan task it serves"),
    )  # fmt: skip
    organiser = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="activities_organised", verbose_name=_("organiser")
    )
    co_organisers = models.ManyToManyField(
        Agency, blank=True, related_name="activities_coorganised", verbose_name=_("co-organisers")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    topics = ArrayField(models.CharField(max_length=60), default=list, blank=True, verbose_name=_("topics"))
    description = models.TextField(_("description"), blank=True)
    cost = models.DecimalField(
        _("cost (million VND)"), max_digits=12, decimal_places=3, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )  # fmt: skip
    # Training and workshops
    capacity = models.PositiveIntegerField(_("capacity (people)"), null=True, blank=True)
    audience = models.CharField(_("target audience"), max_length=300, blank=True)
    # A planned course or workshop enterprises may sign their people up for (capacity is its seats),
    # until the deadline (inclusive; none: until it starts).
    signup_open = models.BooleanField(_("open to sign-ups from enterprises"), default=False)
    signup_deadline = models.DateField(_("sign-up deadline"), null=True, blank=True)
    # Outreach
    reach = models.PositiveIntegerField(_("reach (people)"), null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=200, blank=True)  # article, broadcast, leaflet…
    # Matchmaking, support, e-commerce
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="activities",
        verbose_name=_("solution provider or consultant"),
    )  # fmt: skip
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "title"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="activity_dates_in_order"),
            models.CheckConstraint(condition=Q(cost__gte=0) | Q(cost__isnull=True), name="activity_cost_not_negative"),
        ]
        indexes = [models.Index(fields=["kind", "starts_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def keeps_attendance(self) -> bool:
        return self.kind in ATTENDED_KINDS

    @property
    def records_support(self) -> bool:
        return self.kind in SUPPORT_KINDS


def document_path(document: ActivityDocument, filename: str) -> str:
    return f"activity-documents/{current_schema()}/{document.uuid}/{filename}"


class ActivityDocument(models.Model):
    """A file of an activity: its invitation, programme, slides, report, photos of the sign-in sheet…"""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    uploaded_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title


class AttendanceStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ATTENDED = "attended", _("Attended")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class EnterprisePerson(models.Model):
    """A person of an enterprise on a course's lists (its sign-ups, its attendance)."""

    person_name = models.CharField(_("name of the person"), max_length=200)
    person_key = models.CharField(max_length=200, editable=False)  # folded name: one person, one row
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        abstract = True

    # Each list declares its own `enterprise` (with its own related name).
    def __str__(self) -> str:
        return f"{self.person_name} ({self.enterprise})"  # type: ignore[attr-defined]


class Participant(EnterprisePerson):
    """A person who came (or was registered) for an enterprise of the registry."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="participants")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="participations",
        verbose_name=_("enterprise"),
    )  # fmt: skip
    status = models.CharField(
        _("attendance"), max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.REGISTERED
    )
    certificate_number = models.CharField(_("certificate of attendance"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["activity", "enterprise__name", "person_name"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "enterprise", "person_key"], name="participant_once_per_activity"
            ),
        ]


class SignupStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


# Sign-ups that hold a seat.
SEAT_HOLDING = (SignupStatus.REQUESTED, SignupStatus.CONFIRMED)


class CourseSignup(EnterprisePerson):
    """A person an enterprise signed up for a coming course or workshop. It is not attendance: once
    the course is held, the organiser ticks who came and the attendance (Participant) is written."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="signups")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="course_signups",
        verbose_name=_("enterprise"),
    )  # fmt: skip
    status = models.CharField(_("status"), max_length=10, choices=SignupStatus.choices, default=SignupStatus.REQUESTED)
    # The attendance written from this sign-up on the day.
    participant = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="signups"
    )
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["activity", "enterprise__name", "person_name"]
        verbose_name = _("course sign-up")
        verbose_name_plural = _("course sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "enterprise", "person_key"],
                condition=~Q(status="cancelled"),
                name="course_signup_once_per_person",
            ),
        ]


# Kinds whose enterprises are recorded as supported (with a provider and an outcome).
SUPPORT_KINDS = (ActivityKind.SUPPORT_VISIT, ActivityKind.MATCHMAKING, ActivityKind.ECOMMERCE)


class SupportOutcome(models.TextChoices):
    CONTACTED = "contacted", _("Put in contact")
    ADVISED = "advised", _("Advised or assessed")
    AGREED = "agreed", _("Agreed to deploy a solution")
    DEPLOYED = "deployed", _("Solution deployed")
    NO_DEAL = "no_deal", _("No follow-up")


class Support(models.Model):
    """An enterprise supported by an activity (a visit, matchmaking, e-commerce help), with whom
    it was connected and what came of it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="supports")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="supports", verbose_name=_("enterprise")
    )
    provider = models.ForeignKey(
        Provider, null=True, blank=True, on_delete=models.PROTECT, related_name="supports",
        verbose_name=_("solution provider or consultant"),
    )  # fmt: skip
    outcome = models.CharField(_("outcome"), max_length=12, choices=SupportOutcome.choices)
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("support given")
        verbose_name_plural = _("support given")
        constraints = [
            models.UniqueConstraint(fields=["activity", "enterprise", "provider"], name="support_once_per_provider"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_outcome_display()}"


def sheet_path(upload: AttendanceSheet, filename: str) -> str:
    return f"attendance/{current_schema()}/{upload.uuid}/{filename}"


class SheetStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Checked, waiting for confirmation")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Could not be read")


class AttendanceSheet(models.Model):
    """An uploaded sign-in sheet: previewed first, written once confirmed."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="sheets")
    file = models.FileField(upload_to=sheet_path, max_length=300)
    filename = models.CharField(_("file"), max_length=255)
    status = models.CharField(max_length=10, choices=SheetStatus.choices, default=SheetStatus.PREVIEWED)
    report = models.JSONField(default=dict, blank=True)
    # The officer's column choices on the preview: title key → field ("" ignores the column).
    column_choices = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sign-in sheet")
        verbose_name_plural = _("sign-in sheets")

    def __str__(self) -> str:
        return self.filename


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the department")
    ACCEPTED = "accepted", _("Added to the registry")
    REJECTED = "rejected", _("Rejected")


class EnterpriseProposal(models.Model):
    """An enterprise a sign-in sheet names that the registry does not know, proposed to the department."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    tax_code = models.CharField(_("tax code"), max_length=14)
    name = models.CharField(_("name"), max_length=400)
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="proposals")
    people = models.JSONField(default=list, blank=True)  # the participants to add once accepted
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PENDING)
    proposed_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("proposed enterprise")
        verbose_name_plural = _("proposed enterprises")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "tax_code"], condition=Q(status="pending"), name="proposal_pending_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tax_code} {self.name}"


class HonourCategory(models.TextChoices):
    TYPICAL = "typical", _("Typical digital-transformation enterprise")
    TOP_LEVEL = "top_level", _("Leading DBI level")
    OTHER = "other", _("Other recognition")


class Honour(models.Model):
    """An enterprise the province honoured in a year, and the criteria the department used."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="honours", verbose_name=_("enterprise")
    )
    category = models.CharField(_("category"), max_length=12, choices=HonourCategory.choices)
    criteria = models.TextField(_("criteria used"))
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="honours",
        verbose_name=_("honouring ceremony"),
    )  # fmt: skip
    # The People's Committee's (or the department's) decision that confers it, e.g. 123/QĐ-UBND.
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decided_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "enterprise__name"]
        verbose_name = _("honour")
        verbose_name_plural = _("honours")
        constraints = [
            models.UniqueConstraint(fields=["year", "enterprise", "category"], name="honour_once_per_year_and_category")
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.enterprise} · {self.get_category_display()}"
