"""Provinces are the tenants: one PostgreSQL schema each, reached by subdomain."""

from __future__ import annotations

import calendar
import uuid
from datetime import date

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

SLUG_RE = r"^[a-z0-9-]+$"


class UnitType(models.TextChoices):
    PROVINCE = "tinh", _("Tỉnh")
    CITY = "thanh_pho", _("Thành phố")


# The unit word inside a sentence of an official document, independent of the UI language.
UNIT_WORDS: dict[str, str] = {UnitType.PROVINCE: "tỉnh", UnitType.CITY: "thành phố"}


class ReportIssuer(models.TextChoices):
    DEPARTMENT = "department", _("The department")
    COMMITTEE = "committee", _("The provincial People's Committee")


class Province(TenantMixin):
    """A province or centrally-governed city running the DBI programme in its own schema."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100, help_text=_("Without the unit type, e.g. “Đồng Nai”."))
    slug = models.SlugField(
        _("slug"),
        max_length=63,
        unique=True,
        validators=[RegexValidator(SLUG_RE)],
        help_text=_("The subdomain, e.g. “dong-nai”."),
    )
    unit_type = models.CharField(_("unit type"), max_length=16, choices=UnitType.choices, default=UnitType.PROVINCE)
    code = models.CharField(
        _("statistics code"),
        max_length=2,
        unique=True,
        null=True,  # only the public (national) tenant has none
        blank=True,
        validators=[RegexValidator(r"^[0-9]{2}$")],
        help_text=_("The national statistics code, e.g. 75 for Đồng Nai."),
    )
    department_name = models.CharField(
        _("department running the programme"), max_length=200, default="Sở Khoa học và Công nghệ"
    )
    ministry_name = models.CharField(_("ministry reported to"), max_length=200, default="Bộ Khoa học và Công nghệ")
    plan_number = models.CharField(_("plan number"), max_length=50, blank=True)
    plan_date = models.DateField(_("plan date"), null=True, blank=True)
    plan_title = models.CharField(_("plan title"), max_length=500, blank=True)
    agency_report_day = models.PositiveSmallIntegerField(
        _("agencies report by (day)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    agency_report_month = models.PositiveSmallIntegerField(
        _("agencies report by (month)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    ministry_report_day = models.PositiveSmallIntegerField(
        _("department reports by (day)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    ministry_report_month = models.PositiveSmallIntegerField(
        _("department reports by (month)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    statistics_count_submitted = models.BooleanField(
        _("statistics also count submitted assessments"),
        default=False,
        help_text=_("By default only assessments validated by the department count in statistics."),
    )
    # The yearly report's defaults (the report may still change them): who issues it, how it is signed
    # and to whom it goes (Nghị định 30/2020/NĐ-CP: "Kính gửi", "Nơi nhận").
    report_issuer = models.CharField(
        _("report issued by"), max_length=12, choices=ReportIssuer.choices, default=ReportIssuer.DEPARTMENT
    )
    report_signature = models.TextField(
        _("signature block"), blank=True, help_text=_("One line each, e.g. “KT. GIÁM ĐỐC” then “PHÓ GIÁM ĐỐC”.")
    )
    report_signer_name = models.CharField(_("name of the signer"), max_length=200, blank=True)
    report_addressees = models.TextField(_("addressees (Kính gửi)"), blank=True, help_text=_("One per line."))
    report_recipients = models.TextField(_("recipients (Nơi nhận)"), blank=True, help_text=_("One per line."))
    created_at = models.DateTimeField(auto_now_add=True)
    # Set by `province_merge` when the province joined another (the 2025 reorganisation): its records
    # were taken over by that province, and its site is read-only and leads there.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
    )
    merged_at = models.DateTimeField(_("merged at"), null=True, blank=True)

    auto_create_schema = True
    auto_drop_schema = False

    class Meta:
        ordering = ["name"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        permissions = [("change_province_settings", _("Can change the province's own settings"))]

    def __str__(self) -> str:
        return self.full_name

    @property
    def counted_states(self) -> tuple[str, ...]:
        """The assessment states this province's statistics count."""
        submitted = ("validated", "submitted", "under_review", "reviewed")
        return submitted if self.statistics_count_submitted else ("validated",)

    @property
    def full_name(self) -> str:
        """“Tỉnh Đắk Lắk”, “Thành phố Đồng Nai”: the unit type is data, never assumed."""
        return f"{self.get_unit_type_display()} {self.name}" if not self.is_public else str(_("National site"))

    @property
    def full_name_in_sentence(self) -> str:
        """“tỉnh Đắk Lắk”, “thành phố Đồng Nai”: the unit word in lower case, as running text writes it
        (“trên địa bàn tỉnh Đắk Lắk”); only headings capitalise it. Vietnamese whatever the UI language."""
        return f"{UNIT_WORDS.get(self.unit_type, self.unit_type)} {self.name}"

    @property
    def is_public(self) -> bool:
        from django_tenants.utils import get_public_schema_name

        return self.schema_name == get_public_schema_name()

    @property
    def primary_domain(self) -> str:
        """The site's domain, read from prefetched domains when the caller prefetched them."""
        return next((domain.domain for domain in self.domains.all() if domain.is_primary), "")

    @property
    def report_signature_lines(self) -> list[str]:
        """The signature block as printed, one line each ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")."""
        return _lines(self.report_signature)

    @property
    def report_addressee_list(self) -> list[str]:
        return _lines(self.report_addressees)

    @property
    def report_recipient_list(self) -> list[str]:
        return _lines(self.report_recipients)

    @property
    def agency_report_deadline(self) -> str:
        return _day_month(self.agency_report_day, self.agency_report_month)

    @property
    def ministry_report_deadline(self) -> str:
        return _day_month(self.ministry_report_day, self.ministry_report_month)

    def agency_report_date(self, year: int) -> date | None:
        """The day agencies report `year`'s work to the department."""
        return _date_in(year, self.agency_report_day, self.agency_report_month)

    def ministry_report_date(self, year: int) -> date | None:
        """The day the department's report of `year` is due to the ministry."""
        return _date_in(year, self.ministry_report_day, self.ministry_report_month)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _date_in(year: int, day: int | None, month: int | None) -> date | None:
    if not (day and month):
        return None
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))  # 31/11 is the month's last day


def _day_month(day: int | None, month: int | None) -> str:
    return f"{day:02d}/{month:02d}" if day and month else ""


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
