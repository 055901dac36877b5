"""Results gathered outside the portal: the survey template of a model version, and the import of a
filled one (upload and check, preview with every row left out, confirm)."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import ngettext

from assessments.forms import AssessmentImportForm
from assessments.models import AssessmentImport, ModelStatus
from assessments.selectors import assessment_import_get_for_user, model_version_list, model_version_published_get
from assessments.services.importing import assessment_import_confirm, assessment_import_upload
from assessments.template import template_filename, template_workbook
from core.decorators import permission_or_404
from core.errors import ApplicationError
from core.types import AuthenticatedRequest

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@permission_or_404("assessments.validate_assessment")
def model_version_template_view(request: AuthenticatedRequest, version_uuid: Any) -> FileResponse:
    """The version's survey template, its headers in the reader's language."""
    version = model_version_published_get(user=request.user, version_uuid=version_uuid)
    workbook = io.BytesIO(template_workbook(version))
    return FileResponse(workbook, as_attachment=True, filename=template_filename(version), content_type=XLSX)


@permission_or_404("assessments.validate_assessment")
def assessment_import_view(request: AuthenticatedRequest) -> HttpResponse:
    form = AssessmentImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = assessment_import_upload(
                upload=form.cleaned_data["file"],
                version=form.cleaned_data["version"],
                state=form.cleaned_data["state"],
                source=form.cleaned_data["source"],
                user=request.user,
            )
        except ApplicationError as error:
            form.add_error("file", error.message)
        else:
            return redirect("assessments:assessment-import-detail", import_uuid=batch.uuid)
    context = {
        "form": form,
        "versions": model_version_list().filter(status=ModelStatus.PUBLISHED),
        "recent": AssessmentImport.objects.select_related("version", "uploaded_by")[:10],
    }
    return render(request, "assessments/assessment_import.html", context)


@permission_or_404("assessments.validate_assessment")
def assessment_import_detail_view(request: AuthenticatedRequest, import_uuid: Any) -> HttpResponse:
    """The check's preview; posting confirms the import of the valid rows."""
    batch = assessment_import_get_for_user(user=request.user, import_uuid=import_uuid)
    if request.method == "POST":
        try:
            batch = assessment_import_confirm(batch=batch, user=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            created = batch.report["summary"]["created"]
            messages.success(
                request,
                ngettext(
                    "%(created)s assessment imported and scored; rows left out: %(left)s.",
                    "%(created)s assessments imported and scored; rows left out: %(left)s.",
                    created,
                )
                % {"created": number_format(created), "left": number_format(len(_left_out(batch)))},
            )
        return redirect("assessments:assessment-import-detail", import_uuid=batch.uuid)
    rows = batch.report.get("rows", [])
    context = {
        "batch": batch,
        "summary": batch.report.get("summary", {}),
        "left_out": _left_out(batch),
        "valid": [row for row in rows if row["outcome"] == "create"],
        "ignored": batch.report.get("ignored", []),
    }
    return render(request, "assessments/assessment_import_detail.html", context)


def _left_out(batch: AssessmentImport) -> list[dict[str, Any]]:
    return [row for row in batch.report.get("rows", []) if row["outcome"] != "create"]
