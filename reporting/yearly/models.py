"""The yearly report to the provincial People's Committee and the ministry: the narrative staff write,
and every generated version (PDF + Excel annex + the exact numbers they printed)."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.tenancy import current_schema
from tenants.models import ReportIssuer

# Who issues and signs the report (Decree 30: the header, number symbol and signature follow): the
# province's settings choose the usual one, each report its own.
Issuer = ReportIssuer


class YearlyReport(models.Model):
    """One per year. The narrative is edited freely until a version is submitted; the header fields
    default from the province's settings when the report is started."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"))
    # The report of a province that merged into this one (2025): kept read-only in the history.
    former_province = models.CharField(_("former province"), max_length=100, blank=True, default="")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    number = models.CharField(
        _("document number"), max_length=60, blank=True, help_text=_("As on the report, e.g. “125/BC-SKHCN”.")
    )
    place = models.CharField(_("place"), max_length=100, help_text=_("Where the report is signed, e.g. “Đắk Lắk”."))
    subject = models.CharField(_("subject"), max_length=500)
    addressees = models.TextField(_("addressed to"), help_text=_("One per line, after “Kính gửi:”."))
    recipients = models.TextField(_("recipients"), help_text=_("One per line, under “Nơi nhận:”."))
    issuer = models.CharField(
        _("issued by"),
        max_length=12,
        choices=Issuer.choices,
        default=Issuer.DEPARTMENT,
        help_text=_("The header, the number's symbol and the signature follow the issuer."),
    )
    document_date = models.DateField(
        _("document date"),
        null=True,
        blank=True,
        help_text=_("The date printed under the motto. Blank: the day a version is generated."),
    )
    signature = models.TextField(
        _("signature block"),
        default="GIÁM ĐỐC",
        help_text=_("One line each, in capitals, e.g. “KT. GIÁM ĐỐC” then “PHÓ GIÁM ĐỐC” (at most 4 lines)."),
    )
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    overall = models.TextField(_("overall assessment"), blank=True)
    difficulties = models.TextField(_("difficulties and shortcomings"), blank=True)
    proposals = models.TextField(_("proposals and recommendations"), blank=True)
    direction = models.TextField(_("direction and tasks for next year"), blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")
        permissions = [("submit_yearlyreport", "Can submit the yearly report")]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="report_period_order"),
            # One report of the province's own per year; a former province's reports sit beside them.
            models.UniqueConstraint(fields=["year"], condition=Q(former_province=""), name="report_once_per_year"),
            models.UniqueConstraint(fields=["year", "former_province"], name="former_report_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"BÁO CÁO {self.year}"

    @property
    def is_former(self) -> bool:
        return bool(self.former_province)


class TaskResult(models.Model):
    """The report's paragraph on one task of the plan, prefilled from the agencies' yearly updates."""

    report = models.ForeignKey(YearlyReport, on_delete=models.CASCADE, related_name="task_results")
    task = models.ForeignKey("programme.Task", null=True, on_delete=models.SET_NULL, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    heading = models.CharField(_("task"), max_length=600)
    text = models.TextField(_("results"), blank=True)
    # The text as last filled from the figures and the agencies' updates: while `text` is still that,
    # staff have not edited it, and filling again may replace it with newer figures.
    filled = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["report", "position"]
        constraints = [models.UniqueConstraint(fields=["report", "task"], name="task_result_once")]

    def __str__(self) -> str:
        return self.heading


def version_path(version: ReportVersion, filename: str) -> str:
    return f"reports/{current_schema()}/{version.report.year}/v{version.number}/{filename}"


class ReportVersion(models.Model):
    """A generated report: files and the snapshot of every number and word they print. Never changed
    once written; submitting marks one version as the official report of its year."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(YearlyReport, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    pdf = models.FileField(upload_to=version_path, max_length=300)
    annex = models.FileField(upload_to=version_path, max_length=300)
    pages = models.PositiveSmallIntegerField(_("pages"), default=0)
    snapshot = models.JSONField()  # header, narrative, task results and stats.selectors.overview
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["report", "-number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="report_version_number_unique"),
            # One official report a year.
            models.UniqueConstraint(
                fields=["report"], condition=Q(submitted_at__isnull=False), name="report_submitted_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class ReportReminder(models.Model):
    """A reminder e-mail sent before the ministry deadline (14 and 3 days before), sent once."""

    year = models.PositiveSmallIntegerField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "days_before"], name="report_reminder_once")]

    def __str__(self) -> str:
        return f"{self.year} −{self.days_before}"
