from __future__ import annotations

import sys
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import InterfaceError, OperationalError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language

from core.audit import audit_action_label, audit_details, audit_object_url
from core.decorators import permission_or_404
from core.errors import ApplicationError
from core.filters import AuditEntryFilter
from core.forms import bootstrapify, filters_given
from core.http import client_ip, file_download
from core.selectors import audit_entry_filter, job_get_for_user
from core.services import job_restart, job_restartable, job_start
from core.types import AuthenticatedRequest


@permission_or_404("core.view_auditentry")
def audit_list_view(request: AuthenticatedRequest) -> HttpResponse:
    filterset = audit_entry_filter(data=request.GET)
    bootstrapify(filterset.form)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    rows = [
        {
            "entry": entry,
            "action": audit_action_label(entry.action),
            "url": audit_object_url(entry),
            "details": audit_details(entry),
        }
        for entry in page
    ]
    filters = filters_given(request.GET, filterset.form)
    context = {"filter": filterset, "page": page, "rows": rows, "query": query.urlencode(), "filters": filters}
    return render(request, "core/auditentry_list.html", context)


@permission_or_404("core.export_auditentry")
def audit_export_view(request: AuthenticatedRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("core:audit-list")
    filters = {key: value for key, value in request.POST.items() if key in AuditEntryFilter.base_filters}
    job = job_start(
        kind="audit_export",
        user=request.user,
        params={"filters": filters, "language": get_language()},
        ip=client_ip(request),
    )
    return redirect("core:job-detail", job_uuid=job.uuid)


@login_required
def job_detail_view(request: AuthenticatedRequest, job_uuid: Any) -> HttpResponse:
    job = job_get_for_user(user=request.user, job_uuid=job_uuid)
    template = "core/_job_status.html" if request.htmx else "core/job_detail.html"
    return render(request, template, {"job": job})


@login_required
def job_restart_view(request: AuthenticatedRequest, job_uuid: Any) -> HttpResponse:
    """Start a stalled job again; back to the page the button was on, else to the new job's page."""
    job = job_get_for_user(user=request.user, job_uuid=job_uuid, shared=False)  # seeing is not starting
    if request.method != "POST" or not job_restartable(job.kind):
        return redirect("core:job-detail", job_uuid=job.uuid)
    try:
        new = job_restart(job=job, user=request.user, ip=client_ip(request))
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("core:job-detail", job_uuid=job.uuid)
    back = request.POST.get("next", "")
    stays = back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    if stays and not back.startswith(reverse("core:job-detail", kwargs={"job_uuid": job.uuid})):
        return redirect(back)  # the page that shows the job (a report) now shows the new one
    return redirect("core:job-detail", job_uuid=new.uuid)


@login_required
def job_download_view(request: AuthenticatedRequest, job_uuid: Any) -> FileResponse:
    job = job_get_for_user(user=request.user, job_uuid=job_uuid)
    if not job.result_file or job.is_expired:
        raise Http404
    filename = (job.result_file.name or "").rsplit("/", 1)[-1]
    return file_download(job.result_file, filename)


def not_found_view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Django's default 404 handler asks for a CSRF token, which lives in the session; an unknown
    host fails before there is one, so this handler renders without it."""
    return render(request, "404.html", status=404)


def server_error_view(request: HttpRequest) -> HttpResponse:
    """The 500 handler. It renders a page of its own with no request context: no session, no CSRF
    token, no database, since any of them may be what failed. When the database is away (restarted,
    failed over) the answer is 503 with Retry-After: the visitor is told to wait a few seconds, and
    the next request opens a fresh connection (CONN_HEALTH_CHECKS) once the server is back."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "10"
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)
