"""The merger in the national admin: a province's page offers “Merge into another province…”, which
shows what a merge would move (a dry run) before the superadmin confirms it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import ApplicationError
from merger.services import MergeSummary, province_merge
from tenants.admin import ProvinceAdmin
from tenants.models import Province


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(
        label=gettext_lazy("Merge into"),
        queryset=Province.objects.none(),
        help_text=gettext_lazy("The province it joined on 1 July 2025."),
    )

    def __init__(self, *args: Any, source: Province, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (  # type: ignore[attr-defined]
            Province.objects.exclude(schema_name="public").exclude(pk=source.pk).filter(merged_into=None)
        )


class MergingProvinceAdmin(ProvinceAdmin):
    change_form_template = "admin/merger/province_change_form.html"

    def get_urls(self) -> list[URLPattern]:
        merge = path("<int:pk>/merge/", self.admin_site.admin_view(self.merge_view), name="tenants_province_merge")
        return [merge, *super().get_urls()]

    def merge_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not request.user.is_superuser:  # moving a whole province is the superadmin's alone
            raise PermissionDenied
        source = get_object_or_404(Province.objects.exclude(schema_name="public"), pk=pk)
        form = MergeForm(request.POST or None, source=source)
        summary: MergeSummary | None = None
        if request.method == "POST" and form.is_valid():
            target = form.cleaned_data["target"]
            confirmed = request.POST.get("action") == "merge"
            try:
                summary = province_merge(source=source, target=target, user=request.user, dry_run=not confirmed)
            except ApplicationError as error:
                form.add_error(None, error.message)
            else:
                if confirmed:
                    messages.success(
                        request,
                        _(
                            "%(source)s was merged into %(target)s: %(enterprises)s enterprises moved, "
                            "%(merged)s folded into the record with the same tax code."
                        )
                        % {
                            "source": source.full_name,
                            "target": target.full_name,
                            "enterprises": summary.enterprises_moved,
                            "merged": summary.enterprises_merged,
                        },
                    )
                    return redirect(reverse("admin:tenants_province_change", args=[source.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": source,
            "title": _("Merge %(province)s into another province") % {"province": source.full_name},
            "form": form,
            "summary": summary,
            "figures": _figures(summary) if summary else [],
        }
        return TemplateResponse(request, "admin/merger/province_merge.html", context)


def _figures(summary: MergeSummary) -> list[tuple[str, int]]:
    return [
        (_("Enterprises moved"), summary.enterprises_moved),
        (_("Enterprises folded into the record with the same tax code"), summary.enterprises_merged),
        (_("Assessments"), summary.assessments),
        (_("Activities"), summary.activities),
        (_("Participants"), summary.participants),
        (_("Accounts"), summary.users),
        (_("Yearly reports"), summary.reports),
        (_("Enterprises placed in a current ward from their old address"), summary.wards_mapped),
        (_("Enterprises left without a current ward"), summary.wards_unmapped),
    ]


admin.site.unregister(Province)
admin.site.register(Province, MergingProvinceAdmin)
