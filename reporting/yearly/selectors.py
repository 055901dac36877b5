"""Reads on yearly reports and the reporting calendar."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from core.models import Job, JobStatus
from reporting.yearly.models import ReportVersion, YearlyReport
from tenants.selectors import current_province


def ministry_deadline(year: int) -> date | None:
    """The day the department's report of `year` is due, from the province's settings."""

    return current_province().ministry_report_date(year)


def report_list() -> QuerySet[YearlyReport]:
    """The province's own reports, newest first (a former province's are in `former_report_list`)."""
    return YearlyReport.objects.filter(former_province="").prefetch_related("versions").order_by("-year")


def former_report_list() -> QuerySet[YearlyReport]:
    """Reports of provinces that merged into this one (2025), read-only, newest first."""
    reports = YearlyReport.objects.exclude(former_province="").prefetch_related("versions")
    return reports.order_by("-year", "former_province")


def report_of_year(year: int) -> YearlyReport | None:
    return YearlyReport.objects.filter(year=year, former_province="").first()


def report_get(*, report_uuid: UUID | str) -> YearlyReport:
    report = YearlyReport.objects.filter(uuid=report_uuid).first()
    if report is None:
        raise Http404
    return report


def version_get(*, report_version_uuid: UUID | str) -> ReportVersion:
    version = ReportVersion.objects.select_related("report").filter(uuid=report_version_uuid).first()
    if version is None:
        raise Http404
    return version


def submitted_version(report: YearlyReport) -> ReportVersion | None:
    return report.versions.filter(submitted_at__isnull=False).first()


def report_jobs(*, report: YearlyReport) -> list[Job]:
    """The latest preview of the report and its latest generation, preview first, each while it waits
    or runs and for a minute after it ended; a finished preview for as long as its PDF may be
    downloaded (a version's files are in the version list)."""
    shown = []
    for kind in ("yearly_preview", "yearly_report"):
        job = Job.objects.filter(kind=kind, params__report=report.pk).order_by("-created_at").first()
        if job is None:
            continue
        if not job.is_finished or job.finished_at is None:
            shown.append(job)
        elif kind == "yearly_preview" and job.status == JobStatus.SUCCEEDED:
            if not job.is_expired:
                shown.append(job)
        elif (timezone.now() - job.finished_at).total_seconds() <= 60:
            shown.append(job)
    return shown
