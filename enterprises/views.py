from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.decorators import permission_or_404
from core.errors import ApplicationError
from core.exports import export_job_redirect
from core.forms import filters_given
from core.http import client_ip
from core.types import AuthenticatedRequest
from enterprises import extensions
from enterprises.forms import EnterpriseFilterForm, EnterpriseForm, MergeForm
from enterprises.models import Enterprise
from enterprises.selectors import (
    enterprise_duplicates,
    enterprise_get_for_user,
    enterprise_list,
    enterprise_merge_moves,
    enterprise_pair_match,
    enterprise_size_explanation,
    registry_scope,
)
from enterprises.services import enterprise_merge, enterprise_not_duplicate, enterprise_save, enterprise_set_archived
from reference.selectors import vsic_names


@login_required  # the department, or a commune's officer for the wards of their commune
def enterprise_list_view(request: AuthenticatedRequest) -> HttpResponse:
    wards = registry_scope(request.user)
    if wards == []:
        raise Http404
    form = EnterpriseFilterForm(request.GET or None, province_code=request.tenant.code, wards=wards)
    queryset = enterprise_list(wards=wards, **form.filters())
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    source = extensions.levels()
    levels = source.of(enterprise.pk for enterprise in page) if source is not None else {}
    template = "enterprises/_enterprise_table.html" if request.htmx else "enterprises/enterprise_list.html"
    context = {"form": form, "page": page, "query": query.urlencode(), "levels": levels}
    return render(request, template, context | {"filters": filters_given(request.GET, form)})


@permission_or_404("enterprises.view_enterprise")
def enterprise_export_view(request: AuthenticatedRequest) -> HttpResponse:
    """Export the list as filtered on the page; a job builds the file."""
    if request.method != "POST":
        return redirect("enterprises:enterprise-list")
    form = EnterpriseFilterForm(request.POST, province_code=request.tenant.code)
    return export_job_redirect(request, kind="enterprise_export", params={"filters": form.filters()})


@login_required  # enterprise_get_for_user decides: the department, or an expert assigned to it
def enterprise_detail_view(request: AuthenticatedRequest, enterprise_uuid: Any) -> HttpResponse:
    enterprise = enterprise_get_for_user(user=request.user, enterprise_uuid=enterprise_uuid)
    if (kept := enterprise.merged_into) is not None:
        messages.info(request, _("%(code)s was merged into this enterprise.") % {"code": enterprise.tax_code})
        return redirect("enterprises:enterprise-detail", enterprise_uuid=kept.uuid)
    context: dict[str, Any] = {
        "enterprise": enterprise,
        "size_explanation": enterprise_size_explanation(enterprise),
        "sector_names": vsic_names(
            edition=enterprise.vsic_edition, codes=[enterprise.main_sector, *enterprise.other_sectors]
        ),
    }
    # What the apps above the registry show of this enterprise (its assessments, courses, support).
    drawn = [
        (section.card, render_to_string(section.template, {**context, **extra}, request))
        for section in extensions.sections()
        if (extra := section.context(request, enterprise)) is not None
    ]
    context["cards"] = [html for card, html in drawn if card]
    context["sections"] = [html for card, html in drawn if not card]
    return render(request, "enterprises/enterprise_detail.html", context)


def _edit(request: AuthenticatedRequest, enterprise: Enterprise | None) -> HttpResponse:
    form = EnterpriseForm(request.POST or None, instance=enterprise, province_code=request.tenant.code)
    if request.method == "POST" and form.is_valid():
        try:
            saved = enterprise_save(
                enterprise=form.save(commit=False),
                user=request.user,
                associations=list(form.cleaned_data["associations"]),
                ip=client_ip(request),
            )
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("enterprises:enterprise-detail", enterprise_uuid=saved.uuid)
    return render(request, "enterprises/enterprise_form.html", {"form": form, "enterprise": enterprise})


@permission_or_404("enterprises.add_enterprise")
def enterprise_create_view(request: AuthenticatedRequest) -> HttpResponse:
    return _edit(request, None)


@permission_or_404("enterprises.change_enterprise")
def enterprise_update_view(request: AuthenticatedRequest, enterprise_uuid: Any) -> HttpResponse:
    return _edit(request, enterprise_get_for_user(user=request.user, enterprise_uuid=enterprise_uuid))


@permission_or_404("enterprises.change_enterprise")
def enterprise_archive_view(request: AuthenticatedRequest, enterprise_uuid: Any) -> HttpResponse:
    enterprise = enterprise_get_for_user(user=request.user, enterprise_uuid=enterprise_uuid)
    if request.method == "POST":
        archived = request.POST.get("archived") == "1"
        enterprise_set_archived(enterprise=enterprise, archived=archived, user=request.user, ip=client_ip(request))
        messages.success(request, _("Archived.") if archived else _("Restored to the registry."))
    return redirect("enterprises:enterprise-detail", enterprise_uuid=enterprise.uuid)


@permission_or_404("enterprises.change_enterprise")
def enterprise_duplicates_view(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "enterprises/enterprise_duplicates.html", {"pairs": enterprise_duplicates()})


@permission_or_404("enterprises.change_enterprise")
def enterprise_not_duplicate_view(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "POST":
        first = enterprise_get_for_user(user=request.user, enterprise_uuid=request.POST.get("first", ""))
        second = enterprise_get_for_user(user=request.user, enterprise_uuid=request.POST.get("second", ""))
        try:
            enterprise_not_duplicate(first=first, second=second, user=request.user, ip=client_ip(request))
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(first)s and %(second)s are kept as two enterprises and will not be offered again.")
                % {"first": first.tax_code, "second": second.tax_code},
            )
    return redirect("enterprises:enterprise-duplicates")


@permission_or_404("enterprises.change_enterprise")
def enterprise_merge_view(request: AuthenticatedRequest) -> HttpResponse:
    """Both records side by side with what a merge moves; the officer picks the one kept and
    confirms."""
    data = request.POST if request.method == "POST" else request.GET
    first = enterprise_get_for_user(user=request.user, enterprise_uuid=data.get("first", ""))
    second = enterprise_get_for_user(user=request.user, enterprise_uuid=data.get("second", ""))
    if first.pk == second.pk or first.merged_into_id or second.merged_into_id:
        messages.error(request, _("These two records cannot be merged: one of them was already merged."))
        return redirect("enterprises:enterprise-duplicates")
    form = MergeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        keep, merged = (first, second) if form.cleaned_data["keep"] == "first" else (second, first)
        try:
            enterprise_merge(keep=keep, merged=merged, user=request.user, ip=client_ip(request))
        except ApplicationError as error:
            messages.error(request, error.message)
            return redirect("enterprises:enterprise-duplicates")
        messages.success(request, _("%(code)s was merged into this enterprise.") % {"code": merged.tax_code})
        return redirect("enterprises:enterprise-detail", enterprise_uuid=keep.uuid)
    context = {
        "first": first,
        "second": second,
        "rows": _side_by_side(first, second),
        "form": form,
        "match": enterprise_pair_match(first=first, second=second),
        "moves": [enterprise_merge_moves(merged=second), enterprise_merge_moves(merged=first)],
    }
    return render(request, "enterprises/enterprise_merge.html", context)


def _side_by_side(first: Enterprise, second: Enterprise) -> list[tuple[str, Any, Any]]:
    """The fields an officer compares, as (label, first's value, second's value)."""
    rows: list[tuple[str, Any, Any]] = []
    for name in (
        "name",
        "tax_code",
        "legal_form",
        "status",
        "main_sector",
        "size",
        "founded_on",
        "ward",
        "street_address",
        "legacy_address",
        "phone",
        "email",
        "website",
        "legal_representative",
    ):
        field = Enterprise._meta.get_field(name)
        values = []
        for enterprise in (first, second):
            display = getattr(enterprise, f"get_{name}_display", None)
            values.append(display() if display is not None and getattr(enterprise, name) else getattr(enterprise, name))
        rows.append((capfirst(str(getattr(field, "verbose_name", name))), *values))
    return rows
