from __future__ import annotations

import calendar
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.documents import signature_lines, signature_validate
from core.forms import BootstrapFormMixin
from tenants.models import Province

SETTINGS_FIELDS = [
    "unit_type", "department_name", "ministry_name",
    "agency_report_day", "agency_report_month", "ministry_report_day", "ministry_report_month",
    "report_issuer", "report_signature", "report_signer_name", "report_addressees", "report_recipients",
    "statistics_count_submitted",
]  # fmt: skip


class ProvinceSettingsForm(BootstrapFormMixin, forms.ModelForm):
    """What the province administrator may change of the province's own row (not its name, code or slug:
    those name the site and the national statistics, and stay with the national administrator)."""

    class Meta:
        model = Province
        fields = SETTINGS_FIELDS
        widgets = {
            "report_signature": forms.Textarea(attrs={"rows": 2}),
            "report_addressees": forms.Textarea(attrs={"rows": 3}),
            "report_recipients": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "report_signature": _(
                "One line each, e.g. “KT. GIÁM ĐỐC” then “PHÓ GIÁM ĐỐC”. Blank: the issuer's usual block."
            ),
            "report_addressees": _("One per line. Blank: the issuer's usual addressees."),
            "report_recipients": _("One per line. Blank: the issuer's usual recipients."),
        }

    def clean_report_signature(self) -> str:
        """Blank keeps the issuer's usual block; else checked as the report checks it, in capitals."""
        text: str = self.cleaned_data["report_signature"]
        if not text.strip():
            return ""
        signature_validate(text)
        return "\n".join(line.upper() for line in signature_lines(text))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for prefix in ("agency_report", "ministry_report"):
            day, month = data.get(f"{prefix}_day"), data.get(f"{prefix}_month")
            if bool(day) != bool(month):
                self.add_error(f"{prefix}_day", _("Give both the day and the month, or neither."))
            elif day and month and day > calendar.monthrange(2024, month)[1]:  # 2024: 29/02 is a real deadline
                self.add_error(f"{prefix}_day", _("This month has no such day."))
        return data
