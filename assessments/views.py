from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from assessments.forms import CriterionForm, PublishForm
from assessments.selectors import model_version_get_for_user, model_version_list
from assessments.services.versions import (
    model_version_copy,
    model_version_discard,
    model_version_publish,
    model_version_update_criterion,
)
from core.decorators import permission_or_404
from core.errors import ApplicationError
from core.types import AuthenticatedRequest


@permission_or_404("assessments.view_modelversion")
def model_version_list_view(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "assessments/modelversion_list.html", {"versions": model_version_list()})


@permission_or_404("assessments.view_modelversion")
def model_version_detail_view(request: AuthenticatedRequest, version_uuid: Any) -> HttpResponse:
    version = model_version_get_for_user(user=request.user, version_uuid=version_uuid)
    return render(request, "assessments/modelversion_detail.html", {"version": version, "publish_form": PublishForm()})


@permission_or_404("assessments.manage_modelversion")
def model_version_copy_view(request: AuthenticatedRequest, version_uuid: Any) -> HttpResponse:
    version = model_version_get_for_user(user=request.user, version_uuid=version_uuid)
    if request.method != "POST":
        return redirect("assessments:modelversion-detail", version_uuid=version.uuid)
    try:
        draft = model_version_copy(version=version, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("assessments:modelversion-detail", version_uuid=version.uuid)
    messages.success(
        request, _("Draft version %(number)s created: correct it, then publish it.") % {"number": draft.number}
    )
    return redirect("assessments:modelversion-detail", version_uuid=draft.uuid)


@permission_or_404("assessments.manage_modelversion")
def model_version_criterion_view(request: AuthenticatedRequest, version_uuid: Any, code: str) -> HttpResponse:
    version = model_version_get_for_user(user=request.user, version_uuid=version_uuid)
    criterion = next((item for item in version.criteria() if item["code"] == code), None)
    if criterion is None or version.is_published:
        raise Http404
    form = CriterionForm(request.POST or None, criterion=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            model_version_update_criterion(version=version, code=code, changes=form.changes(), user=request.user)
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Criterion %(code)s saved.") % {"code": code})
            detail = reverse("assessments:modelversion-detail", kwargs={"version_uuid": version.uuid})
            return redirect(f"{detail}#criterion-{code}")
    context = {"version": version, "criterion": criterion, "form": form}
    return render(request, "assessments/modelversion_criterion.html", context)


@permission_or_404("assessments.manage_modelversion")
def model_version_publish_view(request: AuthenticatedRequest, version_uuid: Any) -> HttpResponse:
    version = model_version_get_for_user(user=request.user, version_uuid=version_uuid)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            model_version_publish(version=version, note=form.cleaned_data["note"], user=request.user)
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Version %(number)s published.") % {"number": version.number})
    return redirect("assessments:modelversion-detail", version_uuid=version.uuid)


@permission_or_404("assessments.manage_modelversion")
def model_version_discard_view(request: AuthenticatedRequest, version_uuid: Any) -> HttpResponse:
    version = model_version_get_for_user(user=request.user, version_uuid=version_uuid)
    if request.method != "POST":
        return redirect("assessments:modelversion-detail", version_uuid=version.uuid)
    try:
        model_version_discard(version=version, user=request.user)
    except ApplicationError as error:
        messages.error(request, error.message)
        return redirect("assessments:modelversion-detail", version_uuid=version.uuid)
    messages.success(request, _("Draft deleted."))
    return redirect("assessments:modelversion-list")
