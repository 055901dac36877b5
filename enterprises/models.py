"""The province's enterprise registry."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.functions import RandomUUID
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.sizing import SizeClass
from enterprises.taxcode import TaxCodeKind
from reference.models import VsicEdition, Ward


class LegalForm(models.TextChoices):
    LLC_SINGLE = "tnhh_1tv", _("Single-member limited liability company")
    LLC_MULTI = "tnhh_2tv", _("Multi-member limited liability company")
    JOINT_STOCK = "co_phan", _("Joint-stock company")
    PARTNERSHIP = "hop_danh", _("Partnership")
    PRIVATE = "dntn", _("Private enterprise")
    COOPERATIVE = "htx", _("Cooperative")
    HOUSEHOLD = "ho_kinh_doanh", _("Household business")
    DEPENDENT_UNIT = "don_vi_phu_thuoc", _("Branch or representative office")
    OTHER = "khac", _("Other")


class EnterpriseStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    DISSOLVED = "dissolved", _("Dissolved")


SIZE_CHOICES = [
    (SizeClass.MICRO.value, _("Micro")),
    (SizeClass.SMALL.value, _("Small")),
    (SizeClass.MEDIUM.value, _("Medium")),
    (SizeClass.LARGE.value, _("Large")),
]


class Association(models.Model):
    """A business association (hiệp hội) that enterprises belong to and that runs training."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=300, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("business association")
        verbose_name_plural = _("business associations")

    def __str__(self) -> str:
        return self.short_name or self.name


class Enterprise(models.Model):
    # The database default serves imports, which COPY rows without one.
    uuid = models.UUIDField(default=uuid.uuid4, db_default=RandomUUID(), unique=True, editable=False)
    tax_code = models.CharField(  # the normal form, see taxcode.parse
        _("tax code"),
        max_length=14,
        unique=True,
        error_messages={"unique": _("An enterprise with this tax code is already in the registry.")},
    )
    tax_code_kind = models.CharField(
        _("kind of tax code"), max_length=12, choices=[(k.value, k.value) for k in TaxCodeKind]
    )
    name = models.CharField(_("name"), max_length=400)
    short_name = models.CharField(_("short or English name"), max_length=200, blank=True)
    legal_form = models.CharField(_("legal form"), max_length=20, choices=LegalForm.choices, blank=True)
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=EnterpriseStatus.choices, default=EnterpriseStatus.ACTIVE
    )

    # Sector codes are stored with their VSIC edition: registries hold both editions for years.
    vsic_edition = models.CharField(
        _("VSIC edition"), max_length=4, choices=VsicEdition.choices, default=VsicEdition.V2025
    )
    main_sector = models.CharField(_("main sector (VSIC)"), max_length=5, blank=True)
    other_sectors = ArrayField(
        models.CharField(max_length=5), verbose_name=_("other sectors"), default=list, blank=True
    )
    section = models.CharField(_("VSIC section"), max_length=1, blank=True)  # of the main sector

    headcount = models.PositiveIntegerField(_("employees with social insurance"), null=True, blank=True)
    revenue = models.DecimalField(
        _("yearly revenue (billion VND)"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    capital = models.DecimalField(
        _("total capital (billion VND)"), max_digits=14, decimal_places=3, null=True, blank=True
    )
    size_computed = models.CharField(_("size by NĐ 80/2021"), max_length=8, choices=SIZE_CHOICES, blank=True)
    size_override = models.CharField(_("size set by an officer"), max_length=8, choices=SIZE_CHOICES, blank=True)
    size_note = models.CharField(_("reason for the officer's size"), max_length=300, blank=True)
    size = models.CharField(_("size"), max_length=8, choices=SIZE_CHOICES, blank=True)

    ward = models.ForeignKey(Ward, verbose_name=_("ward or commune"), null=True, blank=True, on_delete=models.PROTECT)
    street_address = models.CharField(_("address (house, street)"), max_length=300, blank=True)
    legacy_address = models.CharField(_("address as given (before 2025)"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=200, blank=True)
    associations = models.ManyToManyField(
        Association, verbose_name=_("associations"), blank=True, related_name="members"
    )
    tags = ArrayField(models.CharField(max_length=50), verbose_name=_("tags"), default=list, blank=True)

    # Folded (no accents, lower case) name, short name and tax code: trigram-indexed search.
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    # Set when this record was merged into another: its page then leads to the one kept.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # a partial index below: almost every record is unmerged
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        # A household business's tax code is its owner's citizen ID: shown in full only with this
        # (the department's roles); see enterprises.privacy.
        permissions = [("view_personal_id", "Can see household businesses' personal IDs in full")]
        indexes = [
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="enterprise_search_trgm"),
            # Every index costs time on each imported row, so the rare values are indexed alone
            # (filters add the partial index's condition) and equality needs no LIKE twin.
            GinIndex(fields=["tags"], name="enterprise_tags_set", condition=~Q(tags=[])),
            models.Index(fields=["merged_into"], name="enterprise_merged", condition=Q(merged_into__isnull=False)),
            models.Index(fields=["section"], name="enterprise_section"),
            models.Index(fields=["size"], name="enterprise_size"),
            # The list's default and "recently changed" orders, fast on 100,000 records.
            models.Index(fields=["name", "id"], name="enterprise_name_order"),
            models.Index(fields=["-updated_at", "-id"], name="enterprise_updated_order"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.tax_code})"

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class NotDuplicate(models.Model):
    """An officer looked at two records the duplicate finder paired and said they are two
    enterprises: the pair is not offered again. Stored once, the lower id first."""

    first = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("pair marked as not a duplicate")
        verbose_name_plural = _("pairs marked as not duplicates")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="not_duplicate_once"),
            models.CheckConstraint(condition=Q(first__lt=models.F("second")), name="not_duplicate_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ≠ {self.second_id}"


def import_file_path(batch: ImportBatch, filename: str) -> str:
    from core.tenancy import current_schema

    return f"imports/{current_schema()}/{batch.uuid}/{filename}"


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking")
    PREVIEWED = "previewed", _("Ready to confirm")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportBatch(models.Model):
    """One uploaded file: checked first (dry run), then imported once the officer confirms."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(upload_to=import_file_path, max_length=300)
    filename = models.CharField(_("file"), max_length=255)
    mode = models.CharField(_("mode"), max_length=10, default="upsert")
    vsic_edition = models.CharField(_("VSIC edition of the file"), max_length=4, default="auto")
    column_choices = models.JSONField(default=dict, blank=True)  # folded title → field, set by the officer
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.CHECKING)
    report = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    job = models.ForeignKey("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.filename


class ImportColumnChoice(models.Model):
    """A column title the officer mapped by hand, remembered for the province's next files."""

    title_key = models.CharField(max_length=200, unique=True)  # folded title
    field = models.CharField(max_length=40)

    def __str__(self) -> str:
        return f"{self.title_key} → {self.field}"


class EnterpriseAccount(models.Model):
    """The enterprise a user with the enterprise role acts for (one enterprise per account)."""

    user = models.OneToOneField("accounts.User", on_delete=models.CASCADE, related_name="enterprise_account")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="accounts")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise account")
        verbose_name_plural = _("enterprise accounts")

    def __str__(self) -> str:
        return f"{self.user} → {self.enterprise}"
