"""The yearly report: started with the province's settings, narrative prefilled from the agencies'
updates, generated (PDF + Excel annex + snapshot) by a job, submitted once, reminded before the
deadline. Views and the command call these; nothing else writes reports."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import TaskUpdate
from campaigns.selectors import tasks_in_force
from core.documents import signature_lines
from core.errors import ApplicationError
from core.mail import mail_later
from core.models import Job
from core.services import ProgressCallback, audit_record, job_runner, job_start_once
from reference.agencies import current_names, renaming_note
from reporting.statistics import selectors as stats
from reporting.yearly import wording
from reporting.yearly.defaults import issuer_defaults_follow, report_defaults
from reporting.yearly.layout import document_date, header_lines, issuer_name, number_symbol
from reporting.yearly.models import ReportReminder, ReportVersion, TaskResult, YearlyReport
from reporting.yearly.selectors import ministry_deadline, submitted_version
from tenants.selectors import current_province

if TYPE_CHECKING:
    from accounts.models import User
    from tenants.models import Province


REMIND_DAYS_BEFORE = (14, 3)
_NARRATIVE = ("overall", "difficulties", "proposals", "direction")


def _province() -> Province:

    return current_province()


def report_start(*, year: int, user: User | None, ip: str | None = None, issuer: str | None = None) -> YearlyReport:
    """The report of the year, started with the province's defaults (`report_defaults`, issued by
    `issuer` if given) if it does not exist yet."""
    if (existing := YearlyReport.objects.filter(year=year, former_province="").first()) is not None:
        return existing
    defaults = report_defaults(_province(), year=year, issuer=issuer)
    report = YearlyReport(
        year=year, period_start=date(year, 1, 1), period_end=date(year, 12, 31), created_by=user, **defaults
    )
    try:
        with transaction.atomic():
            report.save()
            task_results_prefill(report=report)
            audit_record(actor=user, action="report.start", obj=report, changes={"year": year}, ip=ip)
    except IntegrityError:  # started by someone else a moment ago
        return YearlyReport.objects.get(year=year, former_province="")
    return report


def task_results_prefill(*, report: YearlyReport) -> dict[str, int]:
    """A paragraph per task of the plans in force that year: what its activities of the period did
    and its targets against the results (from `stats.task_figures`), then its agencies' updates of
    the year. A paragraph staff edited is kept; one still as last filled is filled again with the
    newer figures. Returns how many were filled and how many edited ones were kept."""
    year = report.year
    tasks = tasks_in_force(year).select_related("plan").order_by("plan__number", "position")
    figures = stats.task_figures(stats.filters_for(stats.Period(report.period_start, report.period_end)))
    updates: dict[int, list[str]] = {}
    for update in TaskUpdate.objects.filter(year=year).select_related("agency").order_by("agency__name"):
        text = wording.update_text(update.agency.name, update.progress, update.narrative, update.figures)
        updates.setdefault(update.task_id, []).append(text)
    existing = {result.task_id: result for result in report.task_results.all()}
    filled = kept = 0
    for position, task in enumerate(tasks):
        text = wording.task_paragraphs(figures.get(task.pk), updates.get(task.pk, []))
        result = existing.get(task.pk)
        if result is None:
            TaskResult.objects.create(
                report=report, task=task, position=position, heading=f"{task.number}. {task.title}",
                text=text, filled=text,
            )  # fmt: skip
            filled += bool(text)
        elif result.text.strip() and result.text != result.filled:
            kept += 1  # staff wrote this one
        elif text != result.text:
            result.text = result.filled = text
            result.save(update_fields=["text", "filled"])
            filled += 1
    return {"filled": filled, "kept": kept}


def report_save(
    *, report: YearlyReport, changed: list[str], user: User, ip: str | None = None, previous_issuer: str = ""
) -> list[str]:
    """Store the header and narrative an officer edited (the view's form has validated them). When the
    issuer changed, the fields still at the previous issuer's defaults take the new one's; returns the
    issuer's fields that were kept because staff had edited them."""
    kept: list[str] = []
    if previous_issuer and previous_issuer != report.issuer:
        kept = issuer_defaults_follow(report, province=_province(), previous=previous_issuer)
    with transaction.atomic():
        report.save()
        if changed:
            audit_record(actor=user, action="report.edit", obj=report, changes={"fields": changed}, ip=ip)
    return kept


def task_result_save(*, result: TaskResult, text: str, user: User, ip: str | None = None) -> None:
    with transaction.atomic():
        result.text = text
        result.save(update_fields=["text"])
        audit_record(actor=user, action="report.task", obj=result.report, changes={"task": result.heading}, ip=ip)


# --- Generating -----------------------------------------------------------------------------------


REPORT_JOBS = ("yearly_report", "yearly_preview")


def report_generate(*, report: YearlyReport, user: User, ip: str | None = None) -> tuple[Job, bool]:
    """Queue the PDF and the annex of the report as it stands now: a new version. While a version of
    the report is being made, that job is returned instead (False: nothing new was queued), so a
    double click or a second tab never makes two versions."""
    return _report_job(kind="yearly_report", report=report, user=user, ip=ip)


def report_preview(*, report: YearlyReport, user: User, ip: str | None = None) -> tuple[Job, bool]:
    """Queue a preview: the PDF as it would print now, an expiring download (no version is stored).
    One preview of a report at a time, as for versions."""
    return _report_job(kind="yearly_preview", report=report, user=user, ip=ip)


def _report_job(*, kind: str, report: YearlyReport, user: User, ip: str | None) -> tuple[Job, bool]:
    return job_start_once(kind=kind, user=user, params={"report": report.pk}, ip=ip, once=f"{kind}:{report.pk}")


@job_runner("yearly_preview")
def yearly_preview_job(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    report = YearlyReport.objects.get(pk=job.params["report"])
    progress(10, _("Computing the figures"))
    snapshot = snapshot_of(report)
    progress(40, _("Drawing the PDF"))
    pdf, _pages = render_pdf(snapshot)
    return f"bao-cao-{report.year}-xem-truoc.pdf", pdf


@job_runner("yearly_report")
def yearly_report_job(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    report = YearlyReport.objects.get(pk=job.params["report"])
    version = version_build(report=report, user=job.created_by, progress=progress)
    # The finished job links the version's lasting files (job_links), not only its expiring copy.
    job.params = {**job.params, "version": str(version.uuid)}
    Job.objects.filter(pk=job.pk).update(params=job.params)
    with version.pdf.open("rb") as pdf:
        return (version.pdf.name or "").rsplit("/", 1)[-1], pdf.read()


def yearly_report_job_links(job: Job) -> list[tuple[str, str]]:
    """The PDF and the annex of the version a finished job made."""
    version_uuid = job.params.get("version")
    version = ReportVersion.objects.filter(uuid=version_uuid).first() if version_uuid else None
    if version is None:
        return []
    return [
        (
            _("PDF, version %(number)s") % {"number": version.number},
            reverse("reports:version-pdf", args=[version.uuid]),
        ),
        (_("Excel annex"), reverse("reports:version-annex", args=[version.uuid])),
    ]


def snapshot_of(report: YearlyReport, *, today: date | None = None) -> dict[str, Any]:
    """Every word and number a version prints, computed now (the statistics are never cached here)."""
    province = _province()
    f = stats.filters_for(stats.Period(report.period_start, report.period_end))
    # The date staff chose, else the day of generating; the snapshot keeps the one printed.
    day = report.document_date or today or timezone.localdate()
    number = report.number.strip() or "\u00a0" * 6 + f"/{number_symbol(province, report.issuer)}"
    snapshot: dict[str, Any] = {
        "header": {
            "year": report.year,
            "period": stats.Period(report.period_start, report.period_end).as_json(),
            "province": province.full_name,
            "province_in_sentence": province.full_name_in_sentence,
            "issuer": report.issuer,
            "issuer_name": issuer_name(province, report.issuer),
            "head": header_lines(province, report.issuer),
            "authority": f"UBND {province.full_name.upper()}",
            "department": province.department_name.upper(),
            "department_name": province.department_name,
            "number": number,
            "place": report.place,
            "date": day.isoformat(),
            "date_words": document_date(day),
            "subject": report.subject,
            "addressees": _lines(report.addressees),
            "recipients": _lines(report.recipients),
            "signature": signature_lines(report.signature),
            "signer_name": report.signer_name,
        },
        "narrative": {field: getattr(report, field) for field in _NARRATIVE},
        "tasks": _tasks(report),
        "overview": stats.overview(f),
        "national_pillars": _national_pillars(report.year),
        "generated_at": timezone.now().isoformat(),
    }
    snapshot["header"]["names_note"] = _names_of_the_day(snapshot, on=day)
    return snapshot


def _names_of_the_day(snapshot: dict[str, Any], *, on: date) -> str:
    """Call the agencies the plans name by today's names everywhere the report prints words staff or
    the plans wrote (header lists, narrative, tasks), and return the one sentence that says so."""
    applied: list[Any] = []

    def renamed(value: Any) -> Any:
        if isinstance(value, str):
            text, done = current_names(value, on=on)
            applied.extend(done)
            return text
        if isinstance(value, list):
            return [renamed(item) for item in value]
        if isinstance(value, dict):
            return {key: renamed(item) for key, item in value.items()}
        return value

    header = snapshot["header"]
    for key in ("subject", "addressees", "recipients"):
        header[key] = renamed(header[key])
    snapshot["narrative"] = renamed(snapshot["narrative"])
    snapshot["tasks"] = renamed(snapshot["tasks"])
    return renaming_note(applied)


def _tasks(report: YearlyReport) -> list[dict[str, str]]:
    """The task paragraphs as printed under “2.”: labelled a), b)… (wording.point_labels), titled
    without the plan's own number, which would read as one of the report's (“1. Đánh giá chung”);
    with the plan's number when the year has tasks of more than one plan."""
    results = list(report.task_results.select_related("task__plan").order_by("position"))
    plans = {result.task.plan.number for result in results if result.task is not None}
    printed = []
    for label, result in zip(wording.point_labels(len(results)), results, strict=True):
        title = result.task.title if result.task is not None else _unnumbered(result.heading)
        if len(plans) > 1 and result.task is not None:
            title += f" (Kế hoạch số {result.task.plan.number}, nhiệm vụ {result.task.number})"
        printed.append({"label": label, "heading": result.heading, "title": title, "text": result.text})
    return printed


def _unnumbered(heading: str) -> str:
    """“3. Đào tạo” → “Đào tạo” (the heading of a task deleted since)."""
    return re.sub(r"^\s*[\dIVXivx]+(\.\d+)*[.)]\s*", "", heading)


def _lines(text: str) -> list[str]:
    return [line.strip(" -;.") for line in text.splitlines() if line.strip(" -;.")]


def _national_pillars(year: int) -> list[float | None] | None:
    from reporting.national.selectors import pillar_median

    return pillar_median(year)


def version_build(
    *, report: YearlyReport, user: User | None, progress: ProgressCallback | None = None, today: date | None = None
) -> ReportVersion:
    """Compute, render and store a new version of the report (synchronously: the job and the command)."""
    from reporting.yearly.annex import annex_started

    def step(percent: int, message: str) -> None:
        if progress is not None:
            progress(percent, message)

    step(5, _("Computing the figures"))
    snapshot = snapshot_of(report, today=today)
    step(40, _("Drawing the PDF"))
    annex_of = annex_started(snapshot, stats.filters_for(stats.Period(report.period_start, report.period_end)))
    pdf, pages = render_pdf(snapshot)
    step(75, _("Writing the Excel annex"))
    annex = annex_of()
    step(95, _("Saving"))
    with transaction.atomic():
        YearlyReport.objects.select_for_update().get(pk=report.pk)  # one version number at a time
        number = (report.versions.aggregate(last=Max("number"))["last"] or 0) + 1
        version = ReportVersion(report=report, number=number, pages=pages, snapshot=snapshot, created_by=user)
        base = f"bao-cao-cds-{report.year}-v{number}"
        version.pdf.save(f"{base}.pdf", ContentFile(pdf), save=False)
        version.annex.save(f"{base}-phu-luc.xlsx", ContentFile(annex), save=False)
        version.save()
        audit_record(actor=user, action="report.generate", obj=report, changes={"version": number, "pages": pages})
    return version


def render_pdf(snapshot: dict[str, Any]) -> tuple[bytes, int]:
    """The report as an A4 PDF (Nghị định 30/2020/NĐ-CP layout) and its number of pages."""
    from weasyprint import HTML

    from core.charts import svg_data_uri
    from reporting.statistics.charts import charts
    from reporting.yearly.tables import tables

    with translation.override("vi"):  # an official document, in Vietnamese
        drawn = charts(snapshot["overview"], national_pillars=snapshot["national_pillars"])
        pictures = {name: svg_data_uri(svg) if svg else "" for name, svg in drawn.items()}
        printed = tables(snapshot["overview"])
        html = render_to_string(
            "yearly/report_pdf.html",
            {
                "s": snapshot,
                "tables": printed,
                "widths": sorted({width for table in printed for width in table.widths}),
                "charts": pictures,
            },
        )
    document = HTML(string=html).render()
    return document.write_pdf(), len(document.pages)


# --- Submitting -----------------------------------------------------------------------------------


def report_submit(*, version: ReportVersion, user: User, ip: str | None = None) -> None:
    """Freeze this version as the official report of its year and send its numbers to the national
    rollup. A year has one official report: later versions stay drafts."""
    from reporting.national.services import report_submitted

    with transaction.atomic():
        report = YearlyReport.objects.select_for_update().get(pk=version.report_id)
        if (official := submitted_version(report)) is not None:
            raise ApplicationError(
                gettext_lazy("The report of %(year)s was submitted on %(day)s (version %(number)s); it cannot change."),
                {"year": report.year, "day": f"{timezone.localtime(official.submitted_at):%d/%m/%Y}",
                 "number": official.number},
            )  # fmt: skip
        if not report.number.strip():
            raise ApplicationError(gettext_lazy("Give the report its document number before submitting it."))
        if version.snapshot["header"]["number"] != report.number.strip():
            raise ApplicationError(
                gettext_lazy("This version was generated before the document number was set; generate it again.")
            )
        version.submitted_at = timezone.now()
        version.submitted_by = user
        version.save(update_fields=["submitted_at", "submitted_by"])
        audit_record(actor=user, action="report.submit", obj=report, changes={"version": version.number}, ip=ip)
        with version.pdf.open("rb") as file:
            pdf = file.read()
        report_submitted(
            province=_province(),
            year=report.year,
            number=report.number.strip(),
            pdf=pdf,
            pages=version.pages,
            overview=version.snapshot["overview"],
            submitted_at=version.submitted_at,
        )


# --- Reminders ------------------------------------------------------------------------------------


def report_reminders_send(*, today: date) -> int:
    """From 14 days and again from 3 days before the ministry deadline, remind the department's staff
    once each, unless the report of the year is already submitted (each e-mail is queued to a task
    that retries while the mail server refuses). Returns the e-mails queued."""
    from accounts.models import User

    deadline = ministry_deadline(today.year)
    if deadline is None:
        return 0
    days = (deadline - today).days
    due = [threshold for threshold in REMIND_DAYS_BEFORE if 0 <= days <= threshold]
    if not due or ReportReminder.objects.filter(year=today.year, days_before=min(due)).exists():
        return 0
    report = YearlyReport.objects.filter(year=today.year, former_province="").first()
    if report is not None and submitted_version(report) is not None:
        return 0
    recipients = list(
        User.objects.filter(is_active=True, groups__permissions__codename="change_yearlyreport")
        .distinct()
        .values_list("email", flat=True)
    )
    if not recipients:
        return 0
    province = _province()
    try:
        with transaction.atomic():
            ReportReminder.objects.create(year=today.year, days_before=min(due))
            with translation.override("vi"):
                subject = _("The yearly report of %(year)s is due in %(days)s days") % {
                    "year": today.year,
                    "days": days,
                }
                body = render_to_string(
                    "yearly/email/reminder.txt",
                    {"province": province, "year": today.year, "days": days, "deadline": deadline, "report": report},
                )
            # One message per person, each its own task that retries: an address the server
            # refuses does not hold back the others.
            for address in recipients:
                mail_later(subject, body, [address])
    except IntegrityError:  # another run sent it a moment ago
        return 0
    return len(recipients)
