"""The national rollup's data, in the public schema: per-province aggregates (never enterprise-level
data) and the yearly reports provinces submitted."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SnapshotKind(models.TextChoices):
    LIVE = "live", _("live (refreshed nightly)")
    SUBMITTED = "submitted", _("as submitted")


class ProvinceSnapshot(models.Model):
    """A province's figures for a year: `live` is replaced every night, `submitted` when the province
    submits its yearly report (the exact numbers of that report)."""

    province = models.ForeignKey("tenants.Province", on_delete=models.CASCADE, related_name="snapshots")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=SnapshotKind.choices)
    data = models.JSONField()  # national.services.snapshot_data: aggregates only
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["province", "year", "kind"], name="snapshot_once")]

    def __str__(self) -> str:
        return f"{self.province} {self.year} {self.kind}"


def report_path(report: SubmittedReport, filename: str) -> str:
    return f"national/reports/{report.province.slug}/{report.year}/{filename}"


class SubmittedReport(models.Model):
    """A copy of the PDF a province submitted as its official yearly report."""

    province = models.ForeignKey("tenants.Province", on_delete=models.CASCADE, related_name="submitted_reports")
    year = models.PositiveSmallIntegerField()
    number = models.CharField(max_length=60)
    pdf = models.FileField(upload_to=report_path, max_length=300)
    pages = models.PositiveSmallIntegerField(default=0)
    submitted_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["province", "year"], name="submitted_report_once")]

    def __str__(self) -> str:
        return f"{self.province} {self.year} {self.number}"
