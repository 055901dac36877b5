"""The import pages: upload, check (preview with column choices and rejected rows), confirm."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.decorators import permission_or_404
from core.errors import ApplicationError
from core.http import client_ip
from core.models import JobStatus
from core.types import AuthenticatedRequest
from enterprises.forms import ImportUploadForm
from enterprises.importing.batches import (
    import_batch_confirm,
    import_batch_fail,
    import_batch_restart,
    import_batch_set_columns,
    import_batch_start,
)
from enterprises.importing.columns import FIELD_LABELS
from enterprises.models import ImportBatch, ImportStatus
from enterprises.selectors import import_batch_get_for_user


@permission_or_404("enterprises.add_enterprise")
def import_start_view(request: AuthenticatedRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = import_batch_start(
                upload=form.cleaned_data["file"],
                mode=form.cleaned_data["mode"],
                vsic_edition=form.cleaned_data["vsic_edition"],
                user=request.user,
                ip=client_ip(request),
            )
        except ApplicationError as error:
            form.add_error("file", error.message)
        else:
            return redirect("enterprises:import-detail", batch_uuid=batch.uuid)
    recent = ImportBatch.objects.select_related("uploaded_by")[:10]
    return render(request, "enterprises/import_start.html", {"form": form, "recent": recent})


@permission_or_404("enterprises.add_enterprise")
def import_detail_view(request: AuthenticatedRequest, batch_uuid: Any) -> HttpResponse:
    batch = import_batch_get_for_user(user=request.user, batch_uuid=batch_uuid)
    if (
        batch.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING)
        and batch.job
        and batch.job.status == JobStatus.FAILED
    ):
        import_batch_fail(batch=batch, message=batch.job.message)
    in_progress = batch.status in (ImportStatus.CHECKING, ImportStatus.IMPORTING)
    context = {
        "batch": batch,
        "in_progress": in_progress,
        "stalled": in_progress and batch.job is not None and batch.job.is_stalled,
        "field_choices": [("", _("— ignore —")), *((name, str(label)) for name, label in FIELD_LABELS.items())],
        "field_labels": {name: str(label) for name, label in FIELD_LABELS.items()},
    }
    template = "enterprises/_import_batch.html" if request.htmx else "enterprises/import_detail.html"
    return render(request, template, context)


@permission_or_404("enterprises.add_enterprise")
def import_columns_view(request: AuthenticatedRequest, batch_uuid: Any) -> HttpResponse:
    batch = import_batch_get_for_user(user=request.user, batch_uuid=batch_uuid)
    if request.method == "POST" and batch.status in (ImportStatus.PREVIEWED, ImportStatus.FAILED):
        titles = request.POST.getlist("title")
        fields = request.POST.getlist("field")
        import_batch_set_columns(batch=batch, choices=dict(zip(titles, fields, strict=False)), user=request.user)
    return redirect("enterprises:import-detail", batch_uuid=batch.uuid)


@permission_or_404("enterprises.add_enterprise")
def import_confirm_view(request: AuthenticatedRequest, batch_uuid: Any) -> HttpResponse:
    batch = import_batch_get_for_user(user=request.user, batch_uuid=batch_uuid)
    if request.method == "POST":
        try:
            import_batch_confirm(batch=batch, user=request.user, ip=client_ip(request))
        except ApplicationError as error:
            messages.error(request, error.message)
    return redirect("enterprises:import-detail", batch_uuid=batch.uuid)


@permission_or_404("enterprises.add_enterprise")
def import_restart_view(request: AuthenticatedRequest, batch_uuid: Any) -> HttpResponse:
    batch = import_batch_get_for_user(user=request.user, batch_uuid=batch_uuid)
    if request.method == "POST":
        try:
            import_batch_restart(batch=batch, user=request.user, ip=client_ip(request))
        except ApplicationError as error:
            messages.error(request, error.message)
    return redirect("enterprises:import-detail", batch_uuid=batch.uuid)
