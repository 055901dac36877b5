"""The yearly report pages: the list with the reporting calendar, the editor with its versions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.decorators import permission_or_404
from core.errors import ApplicationError
from core.forms import bootstrapify
from core.http import client_ip, file_download
from core.types import AuthenticatedRequest
from reporting.yearly.forms import ReportForm
from reporting.yearly.selectors import (
    ministry_deadline,
    report_get,
    report_jobs,
    report_list,
    submitted_version,
    version_get,
)
from reporting.yearly.services import (
    report_generate,
    report_preview,
    report_save,
    report_start,
    report_submit,
    task_result_save,
    task_results_prefill,
)


@permission_or_404("reports.view_yearlyreport")
def report_list_view(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    reports = {report.year: report for report in report_list()}
    years = sorted({today.year, *reports}, reverse=True)
    rows = []
    for year in years:
        report = reports.get(year)
        official = submitted_version(report) if report else None
        deadline = ministry_deadline(year)
        rows.append({
            "year": year,
            "report": report,
            "official": official,
            "deadline": deadline,
            "days": (deadline - today).days if deadline else None,
            "late": deadline is not None and deadline < today and official is None,
        })  # fmt: skip
    return render(request, "yearly/report_list.html", {"rows": rows, "today": today})


@permission_or_404("reports.change_yearlyreport")
@require_POST
def report_start_view(request: AuthenticatedRequest) -> HttpResponse:
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = 0
    if not 2000 <= year <= timezone.localdate().year + 1:
        messages.error(request, _("Choose a year between 2000 and next year."))
        return redirect("reports:list")
    report = report_start(year=year, user=request.user, ip=client_ip(request))
    return redirect("reports:detail", report_uuid=report.uuid)


@permission_or_404("reports.view_yearlyreport")
def report_detail_view(request: AuthenticatedRequest, report_uuid: Any) -> HttpResponse:
    report = report_get(report_uuid=report_uuid)
    may_edit = request.user.has_perm("reports.change_yearlyreport")
    form = ReportForm(request.POST if request.method == "POST" and may_edit else None, instance=report)
    bootstrapify(form)
    if request.method == "POST":
        if not may_edit:
            return redirect("reports:detail", report_uuid=report.uuid)
        previous_issuer = report.issuer  # before the form writes the posted one onto the instance
        if form.is_valid():
            kept = report_save(
                report=form.save(commit=False),
                changed=form.changed_data,
                user=request.user,
                ip=client_ip(request),
                previous_issuer=previous_issuer,
            )
            if kept:
                names = ", ".join(str(form.fields[field].label) for field in kept)
                messages.warning(
                    request,
                    _("The issuer changed; you had edited %(fields)s, so they were kept: check they suit it.")
                    % {"fields": names},
                )
            for result in report.task_results.all():
                text = request.POST.get(f"task-{result.pk}")
                if text is not None and text != result.text:
                    task_result_save(result=result, text=text, user=request.user, ip=client_ip(request))
            messages.success(request, _("Saved."))
            return redirect("reports:detail", report_uuid=report.uuid)
        messages.error(request, _("The report was not saved: correct the fields marked below."))
    context = {
        "report": report,
        "form": form,
        "task_results": report.task_results.order_by("position"),
        "versions": report.versions.select_related("created_by", "submitted_by"),
        "official": submitted_version(report),
        "jobs": report_jobs(report=report),
        "may_edit": may_edit,
        "may_submit": request.user.has_perm("reports.submit_yearlyreport"),
        "deadline": ministry_deadline(report.year),
    }
    return render(request, "yearly/report_detail.html", context)


@permission_or_404("reports.change_yearlyreport")
def report_prefill_view(request: AuthenticatedRequest, report_uuid: Any) -> HttpResponse:
    report = report_get(report_uuid=report_uuid)
    if request.method != "POST":
        return redirect("reports:detail", report_uuid=report.uuid)
    counts = task_results_prefill(report=report)
    message = _("%(count)s task paragraphs filled from the figures and the agencies' updates.")
    messages.success(request, message % {"count": number_format(counts["filled"])})
    if counts["kept"]:
        message = _("%(count)s paragraphs edited by staff were kept as they are.")
        messages.info(request, message % {"count": number_format(counts["kept"])})
    return redirect("reports:detail", report_uuid=report.uuid)


@permission_or_404("reports.change_yearlyreport")
def report_generate_view(request: AuthenticatedRequest, report_uuid: Any) -> HttpResponse:
    report = report_get(report_uuid=report_uuid)
    if request.method != "POST":
        return redirect("reports:detail", report_uuid=report.uuid)
    # No banner for a new job: its box on the report page says how far it is, and then that it is done.
    _job, new = report_generate(report=report, user=request.user, ip=client_ip(request))
    if not new:
        messages.info(request, _("A version of this report is already being generated; it is shown below."))
    return redirect("reports:detail", report_uuid=report.uuid)


@permission_or_404("reports.view_yearlyreport")
def report_preview_view(request: AuthenticatedRequest, report_uuid: Any) -> HttpResponse:
    """Queue a preview of the report as it would print now (a job: drawing takes seconds); its PDF
    is then a download on the report page. A GET, from an old link, leads to the report page."""
    report = report_get(report_uuid=report_uuid)
    if request.method != "POST":
        return redirect("reports:detail", report_uuid=report.uuid)
    _job, new = report_preview(report=report, user=request.user, ip=client_ip(request))
    if not new:
        messages.info(request, _("A preview of this report is already being drawn; it is shown below."))
    return redirect("reports:detail", report_uuid=report.uuid)


@permission_or_404("reports.view_yearlyreport")
def version_file_view(request: AuthenticatedRequest, report_version_uuid: Any, part: str) -> FileResponse:
    version = version_get(report_version_uuid=report_version_uuid)
    field = version.pdf if part == "pdf" else version.annex
    return file_download(field, (field.name or "").rsplit("/", 1)[-1])


@permission_or_404("reports.submit_yearlyreport")
def version_submit_view(request: AuthenticatedRequest, report_version_uuid: Any) -> HttpResponse:
    version = version_get(report_version_uuid=report_version_uuid)
    if request.method != "POST":
        return redirect("reports:detail", report_uuid=version.report.uuid)
    try:
        report_submit(version=version, user=request.user, ip=client_ip(request))
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("Version %(number)s is now the official report of %(year)s.") % {
            "number": version.number, "year": version.report.year,
        })  # fmt: skip
    return redirect("reports:detail", report_uuid=version.report.uuid)
