from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext as _

from core.errors import ApplicationError
from core.services import audit_record
from tenants.models import Domain, Province
from tenants.services import province_create, province_validate


class ProvinceAdminForm(forms.ModelForm):
    class Meta:
        model = Province
        fields = [
            "name", "unit_type", "code", "slug", "department_name", "ministry_name", "plan_number", "plan_date",
            "plan_title", "agency_report_day", "agency_report_month", "ministry_report_day", "ministry_report_month",
            "statistics_count_submitted", "report_issuer", "report_signature", "report_signer_name",
            "report_addressees", "report_recipients",
        ]  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance._state.adding and not self.errors:
            try:
                province_validate(name=data.get("name", ""), code=data.get("code") or "", slug=data.get("slug", ""))
            except ApplicationError as error:
                raise forms.ValidationError(error.message) from error
        return data


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    form = ProvinceAdminForm
    list_display = ["name", "unit_type", "code", "slug", "schema_name", "department_name", "plan_number"]
    search_fields = ["name", "slug", "code"]
    readonly_fields = ["schema_name", "created_at"]
    fieldsets = [
        (None, {"fields": ["name", "unit_type", "code", "slug", "schema_name"]}),
        (_("Programme"), {"fields": ["department_name", "ministry_name", "plan_number", "plan_date", "plan_title"]}),
        (
            _("Reporting deadlines"),
            {"fields": ["agency_report_day", "agency_report_month", "ministry_report_day", "ministry_report_month"]},
        ),
        (_("Statistics"), {"fields": ["statistics_count_submitted"]}),
        (
            _("Yearly report defaults"),
            {
                "fields": [
                    "report_issuer",
                    "report_signature",
                    "report_signer_name",
                    "report_addressees",
                    "report_recipients",
                ]
            },
        ),
    ]

    def get_fieldsets(self, request: HttpRequest, obj: Province | None = None) -> Any:
        # A new province starts with the defaults; its report's defaults are set once it exists.
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if obj is not None else fieldsets[:-1]

    def has_delete_permission(self, request: HttpRequest, obj: Province | None = None) -> bool:
        # A province holds years of records; removing one is an operator's job, not a click.
        return False

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).exclude(schema_name="public")

    def get_inlines(self, request: HttpRequest, obj: Province | None) -> list[Any]:
        # A new province gets its domain from the slug; domains are edited afterwards.
        return [DomainInline] if obj is not None else []

    def get_readonly_fields(self, request: HttpRequest, obj: Province | None = None) -> list[str]:
        return [*self.readonly_fields, "slug"] if obj is not None else self.readonly_fields

    def save_model(self, request: HttpRequest, obj: Province, form: ModelForm, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            changes = {field: str(form.cleaned_data.get(field)) for field in form.changed_data}
            audit_record(actor=request.user, action="province.update", obj=obj, changes=changes)  # type: ignore[arg-type]
            return
        data = form.cleaned_data
        created = province_create(
            name=data["name"],
            code=data["code"],
            slug=data["slug"],
            unit_type=data["unit_type"],
            department_name=data["department_name"],
            ministry_name=data["ministry_name"],
            plan_number=data["plan_number"],
            plan_date=data["plan_date"],
            plan_title=data["plan_title"],
            agency_report=_day_month(data, "agency_report"),
            ministry_report=_day_month(data, "ministry_report"),
            actor=request.user,  # type: ignore[arg-type]
        )
        obj.pk = created.province.pk
        messages.warning(
            request,
            _("Province administrator: %(email)s, password: %(password)s (shown only once).")
            % {"email": created.admin_email, "password": created.admin_password},
        )


def _day_month(data: dict[str, Any], prefix: str) -> tuple[int, int] | None:
    day, month = data.get(f"{prefix}_day"), data.get(f"{prefix}_month")
    return (day, month) if day and month else None
