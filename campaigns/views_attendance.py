"""Attendance: participants added one by one (tax-code lookup, never a registry browser), marked in
bulk, or uploaded as a sign-in sheet with a preview; and an enterprise's own list of courses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.roles import Role
from campaigns.attendance import column_labels, sheet_apply, sheet_check
from campaigns.forms import MarkForm, ParticipantForm, SheetForm
from campaigns.models import Activity, ActivityDocument, AttendanceSheet, AttendanceStatus, Participant, SheetStatus
from campaigns.selectors import activity_get_for_user, participations_of
from campaigns.services import (
    activity_check_open,
    attendance_mark,
    document_add,
    participant_add,
    participant_remove,
)
from core.errors import ApplicationError
from core.http import client_ip, file_download, is_uuid
from core.types import AuthenticatedRequest
from enterprises.importing.columns import title_key
from enterprises.importing.reading import check_file
from enterprises.selectors import enterprise_match, match_message


@login_required
def tax_code_lookup_view(request: AuthenticatedRequest, activity_uuid: Any) -> HttpResponse:
    """htmx: the name of the enterprise a typed tax code names, or why it names none."""
    activity_get_for_user(user=request.user, activity_uuid=activity_uuid)
    raw = request.GET.get("tax_code", "").strip()
    match = enterprise_match(raw) if raw else None
    return render(request, "campaigns/_lookup.html", {"match": match, "message": match_message(match) if match else ""})


@login_required
def participant_add_view(request: AuthenticatedRequest, activity_uuid: Any) -> HttpResponse:
    activity = activity_get_for_user(user=request.user, activity_uuid=activity_uuid)
    if request.method != "POST":
        return redirect("programme:activity-detail", activity_uuid=activity.uuid)
    form = ParticipantForm(request.POST)
    if form.is_valid():
        match = enterprise_match(form.cleaned_data["tax_code"])
        if match.enterprise is None:
            form.add_error("tax_code", match_message(match))
        else:
            try:
                participant_add(
                    activity=activity, enterprise=match.enterprise, person=form.cleaned_data, user=request.user,
                    ip=client_ip(request),
                )  # fmt: skip
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("%(name)s added.") % {"name": form.cleaned_data["person_name"]})
                return redirect("programme:activity-detail", activity_uuid=activity.uuid)
    for problems in form.errors.values():
        messages.error(request, " ".join(str(problem) for problem in problems))
    return redirect("programme:activity-detail", activity_uuid=activity.uuid)


@login_required
def attendance_mark_view(request: AuthenticatedRequest, activity_uuid: Any) -> HttpResponse:
    activity = activity_get_for_user(user=request.user, activity_uuid=activity_uuid)
    if request.method == "POST":
        form = MarkForm(
            request.POST, choices=[str(uuid) for uuid in activity.participants.values_list("uuid", flat=True)]
        )
        if not form.is_valid():
            messages.error(request, " ".join(str(message) for errors in form.errors.values() for message in errors))
        else:
            try:
                changed = attendance_mark(
                    activity=activity, participant_uuids=form.cleaned_data["participants"],
                    status=form.cleaned_data["status"], user=request.user, ip=client_ip(request),
                )  # fmt: skip
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(
                    request, _("Attendance changed for %(count)s people.") % {"count": number_format(changed)}
                )
    return redirect("programme:activity-detail", activity_uuid=activity.uuid)


@login_required
def participant_remove_view(request: AuthenticatedRequest, activity_uuid: Any, participant_uuid: Any) -> HttpResponse:
    activity = activity_get_for_user(user=request.user, activity_uuid=activity_uuid)
    participant = (
        Participant.objects.filter(activity=activity, uuid=participant_uuid).select_related("enterprise").first()
    )
    if participant is None:
        raise Http404
    if request.method == "POST":
        participant_remove(participant=participant, user=request.user, ip=client_ip(request))
        messages.success(request, _("%(name)s removed.") % {"name": participant.person_name})
    return redirect("programme:activity-detail", activity_uuid=activity.uuid)


@login_required
def sheet_upload_view(request: AuthenticatedRequest, activity_uuid: Any) -> HttpResponse:
    activity = activity_get_for_user(user=request.user, activity_uuid=activity_uuid)
    if request.method != "POST":
        return redirect("programme:activity-detail", activity_uuid=activity.uuid)
    form = SheetForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a sign-in sheet file."))
        return redirect("programme:activity-detail", activity_uuid=activity.uuid)
    upload = form.cleaned_data["file"]
    try:
        from django.conf import settings

        activity_check_open(activity)
        check_file(filename=upload.name or "", size=upload.size or 0, max_bytes=settings.IMPORT_MAX_BYTES)
        sheet = AttendanceSheet(
            activity=activity, filename=Path(upload.name or "sheet").name[:255], uploaded_by=request.user
        )
        sheet.file.save(sheet.filename, upload, save=False)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("programme:activity-detail", activity_uuid=activity.uuid)
    try:
        report = sheet_check(activity=activity, path=Path(sheet.file.path), filename=sheet.filename)
    except ApplicationError as error:
        sheet.file.delete(save=False)  # names and phone numbers are not kept for a file that is refused
        messages.error(request, error.message)
        return redirect("programme:activity-detail", activity_uuid=activity.uuid)
    sheet.report = report.as_json()
    sheet.save()
    return redirect("programme:sheet-detail", activity_uuid=activity.uuid, sheet_uuid=sheet.uuid)


@login_required
def sheet_detail_view(request: AuthenticatedRequest, activity_uuid: Any, sheet_uuid: Any) -> HttpResponse:
    activity = activity_get_for_user(user=request.user, activity_uuid=activity_uuid)
    sheet = (
        AttendanceSheet.objects.filter(activity=activity, uuid=sheet_uuid).first() if is_uuid(str(sheet_uuid)) else None
    )
    if sheet is None:
        raise Http404
    if request.method == "POST" and sheet.status == SheetStatus.PREVIEWED and "title" in request.POST:
        return _sheet_columns(request, activity, sheet)
    if request.method == "POST" and sheet.status == SheetStatus.PREVIEWED:
        try:
            report = sheet_apply(
                activity=activity, path=Path(sheet.file.path), filename=sheet.filename, user=request.user,
                propose_unknown=request.POST.get("propose") == "1", choices=sheet.column_choices,
            )  # fmt: skip
        except ApplicationError as error:
            messages.error(request, error.message)
        except FileNotFoundError:
            messages.error(request, _("The sheet's file is no longer kept; upload it again."))
        else:
            sheet.report, sheet.status = report.as_json(), SheetStatus.DONE
            sheet.save(update_fields=["report", "status"])
            summary = report.summary()
            messages.success(
                request,
                _("Sign-in sheet imported: %(created)s added, %(matched)s matched, %(rejected)s not attached.")
                % {**summary, "rejected": summary["rejected"] + summary["ambiguous"]},
            )
        return redirect("programme:activity-detail", activity_uuid=activity.uuid)
    rows = sheet.report.get("rows", [])
    context = {
        "activity": activity,
        "sheet": sheet,
        "summary": sheet.report.get("summary", {}),
        "problems": [row for row in rows if row["outcome"] in ("rejected", "unknown", "ambiguous")],
        "writes": [row for row in rows if row["outcome"] in ("create", "update", "unchanged")][:200],
        "unknown": sum(row["outcome"] == "unknown" for row in rows),
        "status_labels": {value: str(label) for value, label in AttendanceStatus.choices},
        "field_choices": [("", _("— ignore —")), *column_labels().items()],
        "columns": sheet.report.get("columns", []),
        "ignored": sheet.report.get("ignored", []),
        "missing": sheet.report.get("missing", []),
    }
    return render(request, "campaigns/sheet_detail.html", context)


def _sheet_columns(request: AuthenticatedRequest, activity: Activity, sheet: AttendanceSheet) -> HttpResponse:
    """The officer chose the field of each column: check the sheet again with those choices."""
    fields = set(column_labels())
    titles, names = request.POST.getlist("title"), request.POST.getlist("field")
    sheet.column_choices = {
        title_key(title): name for title, name in zip(titles, names, strict=False) if name == "" or name in fields
    }
    try:
        report = sheet_check(
            activity=activity, path=Path(sheet.file.path), filename=sheet.filename, choices=sheet.column_choices
        )
    except ApplicationError as error:
        messages.error(request, error.message)
    except FileNotFoundError:
        messages.error(request, _("The sheet's file is no longer kept; upload it again."))
    else:
        sheet.report = report.as_json()
        sheet.save(update_fields=["report", "column_choices"])
    return redirect("programme:sheet-detail", activity_uuid=activity.uuid, sheet_uuid=sheet.uuid)


@login_required
def attended_view(request: AuthenticatedRequest) -> HttpResponse:
    """An enterprise's own page: the courses and workshops its people took part in."""
    if request.user.role != Role.ENTERPRISE:
        raise Http404
    from assessments.selectors import enterprise_of

    enterprise = enterprise_of(request.user)
    if enterprise is None:
        raise Http404
    return render(
        request, "campaigns/attended.html", {"enterprise": enterprise, "participations": participations_of(enterprise)}
    )


@login_required
def document_add_view(request: AuthenticatedRequest, activity_uuid: Any) -> HttpResponse:
    activity = activity_get_for_user(user=request.user, activity_uuid=activity_uuid)
    upload = request.FILES.get("file")
    if request.method == "POST":
        if upload is None:
            messages.error(request, _("Choose a file."))
        else:
            try:
                document_add(
                    activity=activity, title=request.POST.get("title", ""), upload=upload, user=request.user,
                    ip=client_ip(request),
                )  # fmt: skip
            except ApplicationError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Saved."))
    return redirect("programme:activity-detail", activity_uuid=activity.uuid)


@login_required
def document_download_view(request: AuthenticatedRequest, activity_uuid: Any, document_uuid: Any) -> FileResponse:
    activity = activity_get_for_user(user=request.user, activity_uuid=activity_uuid)
    document = ActivityDocument.objects.filter(activity=activity, uuid=document_uuid).first()
    if document is None:
        raise Http404
    return file_download(document.file)
