"""The self-assessment form, one step at a time, built from the model version's definition:
who answers, then one step per pillar, then Parts B, C and D."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.forms import bootstrapify

if TYPE_CHECKING:
    from assessments.models import Assessment

YES, NO = "yes", "no"


def text(value: dict[str, str]) -> str:
    """A {"vi", "en"} text of the model in the reader's language."""
    return value.get(get_language() or "vi") or value["vi"]


def field_key(code: str) -> str:
    """Criterion codes have dots; form fields and element ids do not."""
    return code.replace(".", "_")


def answered_codes(answers: dict[str, Any]) -> set[str]:
    return {code for code, value in answers.items() if value is not None}


@dataclass(frozen=True)
class FormStep:
    key: str  # "header", "p1" … "p6", "b", "c", "d"
    kind: str  # header, pillar, part_b, part_c, part_d
    number: int  # 1-based position, for the progress indicator
    title: Callable[[], str]
    pillar: dict[str, Any] | None = None

    def form(self, assessment: Assessment, data: Any = None, *, lenient: bool = False) -> forms.Form:
        """The step's form; `lenient` (autosave) stores what is complete and skips what is half-answered."""
        builders = {
            "header": HeaderForm,
            "pillar": PillarForm,
            "part_b": PartBForm,
            "part_c": PartCForm,
            "part_d": PartDForm,
        }
        return builders[self.kind](data, step=self, assessment=assessment, lenient=lenient)

    def store(self, assessment: Assessment, values: dict[str, Any]) -> None:
        """Write a valid form's values into the assessment (not saved here)."""
        if self.kind == "header":
            for name, value in values.items():
                setattr(assessment, name, value)
        elif self.kind == "pillar":
            answers = dict(assessment.answers)
            for code, value in values.items():
                if value is None:
                    answers.pop(code, None)
                else:
                    answers[code] = value
            assessment.answers = answers
        elif self.kind == "part_b":
            assessment.part_b = {code: value for code, value in values.items() if value is not None}
        elif self.kind == "part_c":
            assessment.part_c = values["barriers"]
        else:
            assessment.part_d = values


def form_steps(definition: dict[str, Any]) -> list[FormStep]:
    steps = [FormStep("header", "header", 1, lambda: str(_("Who is answering")))]
    for pillar in definition["pillars"]:
        steps.append(
            FormStep(f"p{pillar['code']}", "pillar", len(steps) + 1, lambda p=pillar: text(p["name"]), pillar)  # type: ignore[misc]
        )
    steps.append(FormStep("b", "part_b", len(steps) + 1, lambda: str(_("Self-evaluation"))))
    steps.append(FormStep("c", "part_c", len(steps) + 1, lambda: str(_("Barriers"))))
    steps.append(FormStep("d", "part_d", len(steps) + 1, lambda: str(_("Support wanted"))))
    return steps


class StepForm(forms.Form):
    def __init__(
        self, *args: Any, step: FormStep, assessment: Assessment, lenient: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.step, self.assessment, self.lenient = step, assessment, lenient
        self.build()
        bootstrapify(self)

    def build(self) -> None:
        raise NotImplementedError

    def values(self) -> dict[str, Any]:
        """What the step stores, from cleaned_data."""
        return dict(self.cleaned_data)


class HeaderForm(StepForm):
    def build(self) -> None:
        a = self.assessment
        self.fields["respondent_name"] = forms.CharField(
            label=_("Full name"), max_length=150, initial=a.respondent_name
        )
        self.fields["respondent_position"] = forms.CharField(
            label=_("Position"), max_length=150, required=False, initial=a.respondent_position
        )
        self.fields["respondent_phone"] = forms.CharField(
            label=_("Phone"), max_length=50, required=False, initial=a.respondent_phone
        )
        self.fields["respondent_email"] = forms.EmailField(
            label=_("E-mail"), required=False, initial=a.respondent_email
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        contact = data.get("respondent_phone") or data.get("respondent_email")
        if not contact and not self.errors and not self.lenient:
            raise forms.ValidationError(_("Give an e-mail address or a phone number."))
        return data


@dataclass
class CriterionRow:
    """One criterion on a pillar step, with its bound fields, for the template."""

    criterion: dict[str, Any]
    key: str
    gate: forms.BoundField | None
    option: forms.BoundField | None
    numerator: forms.BoundField | None
    denominator: forms.BoundField | None

    @property
    def options_hidden(self) -> bool:
        """With JavaScript the graded question shows once the gate is answered "yes"."""
        return self.gate is not None and self.gate.value() != YES


class PillarForm(StepForm):
    def build(self) -> None:
        assert self.step.pillar is not None
        answers = self.assessment.answers
        self.criteria = [c for indicator in self.step.pillar["indicators"] for c in indicator["criteria"]]
        for criterion in self.criteria:
            key, current = field_key(criterion["code"]), answers.get(criterion["code"])
            if criterion["kind"] == "graded":
                if "gate" in criterion:
                    self.fields[f"g_{key}"] = forms.ChoiceField(
                        label=text(criterion["gate"]),
                        choices=[(YES, _("Yes")), (NO, _("No"))],
                        widget=forms.RadioSelect,
                        required=False,
                        initial=None if current is None else (NO if current == 0 else YES),
                    )
                self.fields[f"o_{key}"] = forms.TypedChoiceField(
                    label=text(criterion["question"]),
                    choices=[(str(n), text(option["text"])) for n, option in enumerate(criterion["options"], start=1)],
                    coerce=int,
                    empty_value=None,
                    widget=forms.RadioSelect,
                    required=False,
                    initial=str(current) if current else None,
                )
            else:
                ratio = current if isinstance(current, dict) else {}
                for part in ("numerator", "denominator"):
                    self.fields[f"{part[0]}_{key}"] = forms.DecimalField(
                        label=text(criterion[part]),
                        min_value=Decimal(0),
                        max_digits=18,
                        decimal_places=3,
                        required=False,
                        initial=ratio.get(part),
                        localize=True,
                    )

    def rows(self) -> list[CriterionRow]:
        def bound(name: str) -> forms.BoundField | None:
            return self[name] if name in self.fields else None

        return [
            CriterionRow(c, k, bound(f"g_{k}"), bound(f"o_{k}"), bound(f"n_{k}"), bound(f"d_{k}"))
            for c in self.criteria
            for k in [field_key(c["code"])]
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self.answers: dict[str, Any] = {}
        for criterion in self.criteria:
            key, code = field_key(criterion["code"]), criterion["code"]
            if criterion["kind"] == "graded":
                gate, option = data.get(f"g_{key}"), data.get(f"o_{key}")
                if gate == NO:
                    self.answers[code] = 0
                elif option:
                    self.answers[code] = option
                elif gate == YES and not self.lenient:
                    self.add_error(f"o_{key}", _("Choose the option that fits best."))
                else:
                    self.answers[code] = None
            else:
                numerator, denominator = data.get(f"n_{key}"), data.get(f"d_{key}")
                if (numerator is None and denominator is None) or (
                    self.lenient and (numerator is None or denominator is None)
                ):
                    self.answers[code] = None
                elif numerator is None or denominator is None:
                    self.add_error(f"d_{key}" if denominator is None else f"n_{key}", _("Give both numbers."))
                elif denominator <= 0:
                    self.add_error(f"d_{key}", _("The denominator must be above 0."))
                elif numerator > denominator:
                    self.add_error(f"n_{key}", _("The numerator cannot be larger than the denominator."))
                else:
                    self.answers[code] = {"numerator": float(numerator), "denominator": float(denominator)}
        return data

    def values(self) -> dict[str, Any]:
        return self.answers


class PartBForm(StepForm):
    def build(self) -> None:
        current = self.assessment.part_b
        self.groups = []
        for group in self.assessment.version.definition["part_b"]:
            names = []
            for item in group["items"]:
                name = f"b_{field_key(item['code'])}"
                self.fields[name] = forms.TypedChoiceField(
                    label=text(item["text"]),
                    choices=[(str(n), str(n)) for n in range(6)],
                    coerce=int,
                    empty_value=None,
                    widget=forms.RadioSelect,
                    required=False,
                    initial=None if current.get(item["code"]) is None else str(current[item["code"]]),
                )
                names.append(name)
            self.groups.append((text(group["name"]), [self[name] for name in names]))

    def values(self) -> dict[str, Any]:
        items = [item for group in self.assessment.version.definition["part_b"] for item in group["items"]]
        return {item["code"]: self.cleaned_data[f"b_{field_key(item['code'])}"] for item in items}


class PartCForm(StepForm):
    def build(self) -> None:
        self.fields["barriers"] = forms.MultipleChoiceField(
            label=_("What holds your enterprise back from digital transformation? Tick all that apply."),
            choices=[(item["code"], text(item["text"])) for item in self.assessment.version.definition["part_c"]],
            widget=forms.CheckboxSelectMultiple,
            required=False,
            initial=self.assessment.part_c,
        )


class PartDForm(StepForm):
    def build(self) -> None:
        part_d, current = self.assessment.version.definition["part_d"], self.assessment.part_d
        self.fields["support"] = forms.MultipleChoiceField(
            label=_("What support would your enterprise like? Tick all that apply."),
            choices=[(item["code"], text(item["text"])) for item in part_d["support"]],
            widget=forms.CheckboxSelectMultiple,
            required=False,
            initial=current.get("support", []),
        )
        for item in part_d["questions"]:
            self.fields[f"q_{item['code']}"] = forms.CharField(
                label=text(item["text"]),
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=2000,
                required=False,
                initial=current.get("answers", {}).get(item["code"], ""),
            )

    def values(self) -> dict[str, Any]:
        questions = self.assessment.version.definition["part_d"]["questions"]
        answers = {item["code"]: self.cleaned_data[f"q_{item['code']}"].strip() for item in questions}
        return {"support": self.cleaned_data["support"], "answers": {k: v for k, v in answers.items() if v}}
