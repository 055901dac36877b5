from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from enterprises.models import SIZE_CHOICES, Association, Enterprise, EnterpriseStatus
from enterprises.taxcode import TaxCodeError, parse
from reference.models import VsicCode, Ward

TAX_CODE_MESSAGES = {
    "empty": _("Enter the tax code."),
    "characters": _("A tax code has only digits, and a hyphen before a branch number."),
    "length": _("A tax code has 10 digits (13 for a branch, 12 for a personal ID)."),
    "check_digit": _("The check digit (the 10th digit) does not match: the tax code is mistyped."),
    "branch_suffix": _("A branch number runs from 001 to 999."),
}


def tax_code_message(reason: str) -> str:
    return str(TAX_CODE_MESSAGES.get(reason, TAX_CODE_MESSAGES["length"]))


def _split(value: str) -> list[str]:
    return [part for part in re.split(r"[\s,;]+", value or "") if part]


class WardChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.unit_type} {obj.name}"


class EnterpriseForm(BootstrapFormMixin, forms.ModelForm):
    other_sectors_text = forms.CharField(
        label=_("Other sectors (VSIC)"), required=False, help_text=_("Codes separated by spaces or commas.")
    )
    tags_text = forms.CharField(label=_("Tags"), required=False, help_text=_("Separated by commas."))
    ward = WardChoiceField(label=_("Ward or commune"), queryset=Ward.objects.none(), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    associations = forms.ModelMultipleChoiceField(
        label=_("Associations"), queryset=Association.objects.all(), required=False
    )

    class Meta:
        model = Enterprise
        fields = [
            "tax_code", "name", "short_name", "legal_form", "founded_on", "status", "vsic_edition", "main_sector",
            "headcount", "revenue", "capital", "size_override", "size_note", "ward", "street_address",
            "legacy_address", "phone", "email", "website", "legal_representative",
        ]  # fmt: skip
        widgets = {"founded_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    field_order = [
        "tax_code", "name", "short_name", "legal_form", "founded_on", "status", "vsic_edition", "main_sector",
        "other_sectors_text", "headcount", "revenue", "capital", "size_override", "size_note", "ward",
        "street_address", "legacy_address", "phone", "email", "website", "legal_representative", "associations",
        "tags_text",
    ]  # fmt: skip

    def __init__(self, *args: Any, province_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wards = Ward.objects.filter(province__code=province_code).order_by("name")
        self.fields["ward"].queryset = wards  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["other_sectors_text"].initial = " ".join(self.instance.other_sectors)
            self.fields["tags_text"].initial = ", ".join(self.instance.tags)
            self.fields["associations"].initial = list(self.instance.associations.all())

    def clean_tax_code(self) -> str:
        try:
            return parse(self.cleaned_data["tax_code"]).value
        except TaxCodeError as error:
            raise forms.ValidationError(tax_code_message(error.reason)) from error

    def clean_founded_on(self) -> Any:
        from django.utils import timezone

        founded = self.cleaned_data.get("founded_on")
        if founded and founded > timezone.localdate():
            raise forms.ValidationError(_("The founding date is in the future."))
        return founded

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        edition = data.get("vsic_edition")
        codes = ([data["main_sector"]] if data.get("main_sector") else []) + _split(data.get("other_sectors_text", ""))
        known = set(
            VsicCode.objects.filter(edition=edition, code__in=codes, level__gte=2).values_list("code", flat=True)
        )
        unknown = [code for code in codes if code not in known]
        if unknown:
            self.add_error(
                "main_sector" if data.get("main_sector") in unknown else "other_sectors_text",
                _("Not a VSIC %(edition)s code: %(codes)s.") % {"edition": edition, "codes": ", ".join(unknown)},
            )
        if data.get("size_override") and not data.get("size_note"):
            self.add_error("size_note", _("Say why the size differs from the rule."))
        return data

    def clean_tags_text(self) -> str:
        text: str = self.cleaned_data.get("tags_text") or ""
        if any(len(tag.strip()) > 50 for tag in text.split(",")):
            raise forms.ValidationError(_("A tag is longer than 50 characters."))
        return text

    def save(self, commit: bool = True) -> Enterprise:
        enterprise = super().save(commit=False)
        enterprise.other_sectors = _split(self.cleaned_data.get("other_sectors_text", ""))
        enterprise.tags = [tag.strip() for tag in (self.cleaned_data.get("tags_text") or "").split(",") if tag.strip()]
        return enterprise


def section_choices() -> list[tuple[str, str]]:
    """VSIC 2025 sections for a filter's select, "all sectors" first."""
    sections = VsicCode.objects.filter(edition="2025", level=1).values_list("code", "name")
    return [("", str(_("All sectors"))), *[(c, f"{c} – {n}") for c, n in sections]]


def ward_choices(province_code: str) -> list[tuple[str, str]]:
    """The province's wards and communes for a filter's select, "all wards" first."""
    wards = Ward.objects.filter(province__code=province_code).order_by("name").values_list("code", "unit_type", "name")
    return [("", str(_("All wards"))), *[(c, f"{t} {n}") for c, t, n in wards]]


class EnterpriseFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or tax code")}),
    )
    section = forms.ChoiceField(label=_("Sector (VSIC section)"), required=False)
    size = forms.ChoiceField(label=_("Size"), choices=[("", _("All sizes")), *SIZE_CHOICES], required=False)
    ward = forms.ChoiceField(label=_("Ward or commune"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *EnterpriseStatus.choices], required=False
    )
    tag = forms.CharField(label=_("Tag"), required=False)
    level = forms.ChoiceField(
        label=_("Latest DBI level"),
        required=False,
        choices=[("", _("All DBI levels")), *[(str(n), format_lazy(_("DBI level {level}"), level=n)) for n in range(6)],
                 ("none", _("Not assessed"))],
    )  # fmt: skip
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[("name", _("Name A–Z")), ("-name", _("Name Z–A")), ("tax_code", _("Tax code")),
                 ("-updated", _("Recently changed")), ("size", _("Size"))],
    )  # fmt: skip
    archived = forms.BooleanField(label=_("Archived only"), required=False)

    def __init__(self, *args: Any, province_code: str, wards: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = section_choices()  # type: ignore[attr-defined]
        choices = ward_choices(province_code)
        if wards is not None:  # a commune's officer chooses among their wards only
            choices = [choice for choice in choices if not choice[0] or choice[0] in wards]
        self.fields["ward"].choices = choices  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "search": data["q"], "section": data["section"], "size": data["size"], "ward": data["ward"],
            "status": data["status"], "tag": data["tag"], "level": data["level"], "sort": data["sort"] or "name",
            "archived": data["archived"],
        }  # fmt: skip


class ImportUploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(".xlsx, .xls, .ods or .csv (UTF-8 or Windows-1258); the first row holds the column titles."),
    )
    mode = forms.ChoiceField(
        label=_("What to do"),
        choices=[
            ("upsert", _("Add new enterprises and update existing ones")),
            ("create", _("Only add new enterprises")),
            ("update", _("Only update enterprises already in the registry")),
        ],
    )
    vsic_edition = forms.ChoiceField(
        label=_("VSIC edition of the sector codes"),
        choices=[
            ("auto", _("Detect (the edition more codes belong to)")),
            ("2025", "VSIC 2025"),
            ("2018", "VSIC 2018"),
        ],
    )


class MergeForm(forms.Form):
    """Which of two records stays, and the officer's word that they are one enterprise."""

    keep = forms.ChoiceField(label=_("Keep"), widget=forms.RadioSelect, choices=[("first", ""), ("second", "")])
    confirmed = forms.BooleanField(
        label=_(
            "I have compared the two records: they are one enterprise. The other record is archived and "
            "everything attached to it moves to the one kept; this cannot be undone."
        ),
        error_messages={"required": _("Tick the box to confirm that the two records are one enterprise.")},
    )
