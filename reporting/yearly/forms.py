from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from reporting.yearly.models import YearlyReport


class ReportForm(forms.ModelForm):
    class Meta:
        model = YearlyReport
        fields = [
            "period_start", "period_end", "number", "place", "subject", "addressees", "recipients",
            "signer_title", "signer_name", "overall", "difficulties", "proposals", "direction",
        ]  # fmt: skip
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "addressees": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
            "overall": forms.Textarea(attrs={"rows": 8}),
            "difficulties": forms.Textarea(attrs={"rows": 6}),
            "proposals": forms.Textarea(attrs={"rows": 6}),
            "direction": forms.Textarea(attrs={"rows": 6}),
        }

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end:
            if end < start:
                self.add_error("period_end", _("The period ends before it starts."))
            elif start.year != self.instance.year and end.year != self.instance.year:
                self.add_error("period_start", _("The period must include days of the report's year."))
        return data
