from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.documents import signature_lines, signature_validate
from reporting.yearly.models import YearlyReport


class ReportForm(forms.ModelForm):
    class Meta:
        model = YearlyReport
        fields = [
            "issuer", "document_date", "period_start", "period_end", "number", "place", "subject", "addressees",
            "recipients", "signature", "signer_name", "overall", "difficulties", "proposals", "direction",
        ]  # fmt: skip
        widgets = {
            "document_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "period_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "addressees": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.Textarea(attrs={"rows": 6}),
            "signature": forms.Textarea(attrs={"rows": 4}),
            "overall": forms.Textarea(attrs={"rows": 8}),
            "difficulties": forms.Textarea(attrs={"rows": 6}),
            "proposals": forms.Textarea(attrs={"rows": 6}),
            "direction": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "number": _(
                "As registered, e.g. “125/BC-UBND” or “125/BC-SKHCN”. While blank, drafts print the issuer's "
                "symbol after a space for the number."
            ),
            "issuer": _(
                "The header, the number's symbol and the opening and closing sentences follow it. Changing it "
                "also gives the signature block, addressees and recipients the new issuer's defaults, unless you "
                "edited them."
            ),
        }

    def clean_signature(self) -> str:
        text: str = self.cleaned_data["signature"]
        signature_validate(text)
        return "\n".join(line.upper() for line in signature_lines(text))  # Decree 30 writes it in capitals

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("period_start"), data.get("period_end")
        if start and end:
            if end < start:
                self.add_error("period_end", _("The period ends before it starts."))
            elif start.year != self.instance.year and end.year != self.instance.year:
                self.add_error("period_start", _("The period must include days of the report's year."))
        return data
