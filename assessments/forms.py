from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import AssessmentState, ModelStatus, ModelVersion
from assessments.selectors import model_version_list
from core.forms import BootstrapFormMixin, bootstrapify

LANGUAGES = (("vi", _("Vietnamese")), ("en", _("English")))


class CriterionForm(BootstrapFormMixin, forms.Form):
    """Texts (both languages) of one criterion of a draft model, and the bands of a ratio criterion."""

    def __init__(self, *args: Any, criterion: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criterion = criterion
        labels = {
            "title": _("Short name"),
            "gate": _("Yes/no question"),
            "question": _("Question"),
            "numerator": _("Numerator"),
            "denominator": _("Denominator"),
        }
        for name, label in labels.items():
            if name in criterion:
                for language, language_name in LANGUAGES:
                    self.fields[f"{name}_{language}"] = forms.CharField(
                        label=f"{label} ({language_name})", initial=criterion[name][language], max_length=1000
                    )
        for index, option in enumerate(criterion.get("options", []), start=1):
            for language, language_name in LANGUAGES:
                self.fields[f"option{index}_{language}"] = forms.CharField(
                    label=_("Option %(number)s, %(points)s points (%(language)s)")
                    % {"number": index, "points": option["points"], "language": language_name},
                    initial=option["text"][language],
                    max_length=1000,
                )
        if criterion["kind"] == "ratio":
            bands = "\n".join(f"{band['above']:g} {band['points']}" for band in criterion["bands"])
            self.fields["bands"] = forms.CharField(
                label=_("Bands"),
                help_text=_(
                    "One band a line: “percent points”. A share above the percent scores the points; "
                    "e.g. “0 1” then “20 2” …"
                ),
                widget=forms.Textarea(attrs={"rows": 6}),
                initial=bands,
            )
            self.fields["provisional"] = forms.BooleanField(
                label=_("Provisional (not from the legal text)"),
                required=False,
                initial=criterion.get("provisional", False),
            )
        bootstrapify(self)

    def clean_bands(self) -> list[dict[str, Any]]:
        bands = []
        for number, line in enumerate(self.cleaned_data["bands"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = line.replace(",", ".").split()
            try:
                above, points = float(parts[0]), int(parts[1])
                if len(parts) != 2:
                    raise ValueError(line)
            except (ValueError, IndexError):
                raise forms.ValidationError(
                    _("Line %(number)s: write a percent and the points, e.g. “20 2”.") % {"number": number}
                ) from None
            bands.append({"above": int(above) if above.is_integer() else above, "points": points})
        if not bands:
            raise forms.ValidationError(_("Give at least one band."))
        return bands

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        changes: dict[str, Any] = {}
        for name in ("title", "gate", "question", "numerator", "denominator"):
            if f"{name}_vi" in data:
                changes[name] = {language: data[f"{name}_{language}"].strip() for language, _name in LANGUAGES}
        if self.criterion.get("options"):
            changes["options"] = [
                {language: data[f"option{index}_{language}"].strip() for language, _name in LANGUAGES}
                for index in range(1, len(self.criterion["options"]) + 1)
            ]
        if "bands" in data:
            changes["bands"], changes["provisional"] = data["bands"], data["provisional"]
        return changes


class PublishForm(BootstrapFormMixin, forms.Form):
    note = forms.CharField(label=_("What changed"), max_length=500)


class AssessmentImportForm(BootstrapFormMixin, forms.Form):
    """A filled survey template: under which published version, in which state, from where."""

    version = forms.ModelChoiceField(
        label=_("Scoring model version"), queryset=ModelVersion.objects.none(), to_field_name="uuid", empty_label=None
    )
    state = forms.ChoiceField(
        label=_("Import the results as"),
        choices=[
            (AssessmentState.SUBMITTED.value, _("Submitted: the department validates them afterwards")),
            (AssessmentState.VALIDATED.value, _("Validated: already checked by the department")),
        ],
    )
    source = forms.CharField(
        label=_("Source of the results"),
        max_length=300,
        required=False,
        help_text=_(
            "Who surveyed the enterprises, and when (e.g. “Survey by the ward's People's Committee, May 2026”); "
            "by default the file's name."
        ),
    )
    file = forms.FileField(
        label=_("Filled template"),
        help_text=_(
            ".xlsx, .xls, .ods or .csv; the first row holds the template's column titles, in Vietnamese or English."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        published = model_version_list().filter(status=ModelStatus.PUBLISHED)
        self.fields["version"].queryset = published  # type: ignore[attr-defined]
        self.fields["version"].initial = published.first()
