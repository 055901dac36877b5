"""The assessment list as a spreadsheet, filtered as on the page, built by a job."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.filters import AssessmentListFilter
from assessments.forms_fill import text
from assessments.models import Assessment, Invitation, ModelVersion, Wave
from assessments.selectors import InviteeStatus, invitation_statuses
from core.exports import Export
from core.models import Job
from core.services import ProgressCallback, job_runner
from tenants.selectors import current_province


class AssessmentExport(Export):
    name = "assessments"
    title = gettext_lazy("Assessments")

    def __init__(self, filters: dict[str, Any]) -> None:
        self.queryset = AssessmentListFilter(filters, province_code=current_province().code or "").qs.select_related(
            "enterprise__ward"
        )
        self._level_names: dict[int, list[str]] = {}

    def header(self) -> Sequence[str]:
        return [
            _("Tax code"), _("Enterprise"), _("Ward or commune"), _("Section"), _("Size"), _("Wave"), _("Kind"),
            _("State"), _("Submitted"), _("Points"), _("DBI level"), _("Level name"), _("Expert"), _("Validated"),
            _("Source of the results"),
        ]  # fmt: skip

    def count(self) -> int:
        return self.queryset.count()

    def _level_name(self, assessment: Assessment) -> str:
        if assessment.overall_level is None:
            return ""
        version = assessment.version_id
        if version not in self._level_names:  # the levels' names of each model version, read once
            levels = ModelVersion.objects.get(pk=version).definition["levels"]
            self._level_names[version] = [text(level["name"]) for level in levels]
        return self._level_names[version][assessment.overall_level]

    def rows(self) -> Iterable[Sequence[Any]]:
        for a in self.queryset.iterator(chunk_size=2000):
            e = a.enterprise
            yield [
                e.tax_code, e.name, str(e.ward) if e.ward else "", e.section, e.get_size_display(),
                a.wave.name if a.wave else "", a.get_kind_display(), a.get_state_display(), a.submitted_at, a.total,
                a.overall_level, self._level_name(a), (a.expert.full_name or a.expert.email) if a.expert else "",
                a.validated_at, a.source,
            ]  # fmt: skip


@job_runner("assessment_export")
def assessment_export(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    with translation.override(job.params.get("language") or None):
        content = AssessmentExport(job.params.get("filters", {})).write(job.params.get("format", "xlsx"), progress)
    return f"danh-gia-dbi-{timezone.localdate():%Y%m%d}.{job.params.get('format', 'xlsx')}", content


class InviteeExport(Export):
    """A wave's list: each enterprise invited, its address, how far it got and the reminders sent."""

    name = "invitees"
    title = gettext_lazy("Invited enterprises")

    def __init__(self, wave: Wave, status: str = "") -> None:
        self.queryset: QuerySet[Invitation] = invitation_statuses(wave=wave, status=status)

    def header(self) -> Sequence[str]:
        return [
            _("Tax code"), _("Enterprise"), _("E-mail"), _("Phone"), _("Status"), _("Invited on"), _("Opened on"),
            _("Reminders sent"), _("Last reminder"),
        ]  # fmt: skip

    def count(self) -> int:
        return self.queryset.count()

    def rows(self) -> Iterable[Sequence[Any]]:
        for i in self.queryset.iterator(chunk_size=2000):
            stage, opened_at = i.stage, i.opened_at  # type: ignore[attr-defined]
            yield [
                i.enterprise.tax_code, i.enterprise.name, i.email, i.enterprise.phone,
                str(InviteeStatus.LABELS[stage]), i.sent_at, opened_at, i.reminders_sent, i.last_reminded_at,
            ]  # fmt: skip


@job_runner("wave_invitee_export")
def wave_invitee_export(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    wave = Wave.objects.get(pk=job.params["wave"])
    with translation.override(job.params.get("language") or None):
        export = InviteeExport(wave, job.params.get("status", ""))
        content = export.write(job.params.get("format", "xlsx"), progress)
    return f"dot-{wave.pk}-doanh-nghiep-{timezone.localdate():%Y%m%d}.{job.params.get('format', 'xlsx')}", content
