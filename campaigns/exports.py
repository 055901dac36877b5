"""The activity log and an activity's participants as spreadsheets, built by jobs through the shared
export base (formula-like cells escaped)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from campaigns.models import Activity
from campaigns.selectors import (
    activity_get_for_user,
    activity_list,
    activity_participants,
    activity_signups,
    sees_everything,
)
from core.exports import Export
from core.models import Job
from core.services import ProgressCallback, job_runner
from enterprises.privacy import TaxCodes, tax_codes_for


class ActivityExport(Export):
    name = "activities"
    title = gettext_lazy("Activities")

    def __init__(self, *, user: User, filters: dict[str, Any]) -> None:
        self.queryset = activity_list(user=user, **filters).select_related("provider").prefetch_related("co_organisers")
        self.with_cost = sees_everything(user)  # an agency does not see what the department spent

    def header(self) -> Sequence[str]:
        return [
            _("Title"), _("Kind"), _("Status"), _("From"), _("To"), _("Plan task"), _("Organiser"),
            _("Co-organisers"), _("Place"), _("Topics"), _("Participants"), _("Attended"), _("Reach (people)"),
            *([_("Cost (million VND)")] if self.with_cost else []), _("Solution provider or consultant"), _("Outcome"),
        ]  # fmt: skip

    def count(self) -> int:
        return self.queryset.count()

    def rows(self) -> Iterable[Sequence[Any]]:
        for a in self.queryset:
            yield [
                a.title, a.get_kind_display(), a.get_status_display(), a.starts_on, a.ends_on,
                str(a.task) if a.task else "", str(a.organiser), "; ".join(str(c) for c in a.co_organisers.all()),
                a.place, ", ".join(a.topics), a.participant_count, a.attended_count, a.reach,  # type: ignore[attr-defined]
                *([a.cost] if self.with_cost else []),
                str(a.provider or ""),
                a.outcome,
            ]  # fmt: skip


class ParticipantExport(Export):
    name = "participants"
    title = gettext_lazy("Participants")

    def __init__(self, activity: Activity, tax_codes: TaxCodes) -> None:
        self.queryset = activity_participants(activity)
        self.tax_codes = tax_codes  # a partner agency sees a household business's personal ID masked

    def header(self) -> Sequence[str]:
        return [
            _("Tax code"), _("Enterprise"), _("Name of the person"), _("Position"), _("Phone"), _("E-mail"),
            _("Attendance"), _("Certificate of attendance"),
        ]  # fmt: skip

    def rows(self) -> Iterable[Sequence[Any]]:
        for p in self.queryset:
            yield [
                self.tax_codes.show(p.enterprise.tax_code, p.enterprise_id), p.enterprise.name, p.person_name,
                p.position, p.phone, p.email,
                p.get_status_display(), p.certificate_number,
            ]  # fmt: skip


class SignupExport(Export):
    """A course's sign-up list, for the organiser to call people or print as the sheet to sign."""

    name = "signups"
    title = gettext_lazy("Sign-ups")

    def __init__(self, activity: Activity, tax_codes: TaxCodes) -> None:
        self.queryset = activity_signups(activity)
        self.tax_codes = tax_codes

    def header(self) -> Sequence[str]:
        return [
            _("Tax code"), _("Enterprise"), _("Name of the person"), _("Position"), _("Phone"), _("E-mail"),
            _("Sign-up"), _("Signed up on"), _("Attendance"),
        ]  # fmt: skip

    def rows(self) -> Iterable[Sequence[Any]]:
        for s in self.queryset:
            yield [
                self.tax_codes.show(s.enterprise.tax_code, s.enterprise_id), s.enterprise.name, s.person_name,
                s.position, s.phone, s.email, s.get_status_display(), s.created_at,
                s.participant.get_status_display() if s.participant else "",
            ]  # fmt: skip


@job_runner("activity_export")
def activity_export(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    assert job.created_by is not None
    with translation.override(job.params.get("language") or None):
        content = ActivityExport(user=job.created_by, filters=job.params.get("filters", {})).write(
            job.params.get("format", ""), progress
        )
    return f"hoat-dong-{timezone.localdate():%Y%m%d}.{job.params.get('format', 'xlsx')}", content


@job_runner("participant_export")
def participant_export(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    assert job.created_by is not None
    # Checked again in the worker: the user may have lost access since asking.
    activity = activity_get_for_user(user=job.created_by, activity_uuid=job.params["activity"])
    with translation.override(job.params.get("language") or None):
        export = ParticipantExport(activity, tax_codes_for(job.created_by))
        content = export.write(job.params.get("format", ""), progress)
    return f"nguoi-tham-du-{timezone.localdate():%Y%m%d}.{job.params.get('format', 'xlsx')}", content


@job_runner("signup_export")
def signup_export(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    assert job.created_by is not None
    activity = activity_get_for_user(user=job.created_by, activity_uuid=job.params["activity"])
    with translation.override(job.params.get("language") or None):
        content = SignupExport(activity, tax_codes_for(job.created_by)).write(job.params.get("format", ""), progress)
    return f"dang-ky-{timezone.localdate():%Y%m%d}.{job.params.get('format', 'xlsx')}", content
