from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import (
    ATTENDED_KINDS,
    Activity,
    ActivityKind,
    ActivityStatus,
    Agency,
    AgencyKind,
    AttendanceStatus,
    BudgetSource,
    Plan,
    Provider,
    SupportOutcome,
    Target,
    Task,
)
from core.forms import BootstrapFormMixin


class ActivityFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Title")})
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *ActivityKind.choices], required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, empty_value=None, required=False)
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *ActivityStatus.choices], required=False
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *[(year, str(year)) for year in years]]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"search": data["q"], "kind": data["kind"], "year": data["year"], "status": data["status"]}


class ActivityForm(BootstrapFormMixin, forms.ModelForm):
    topics_text = forms.CharField(label=_("Topics"), required=False, help_text=_("Separated by commas."))
    online_url = forms.URLField(label=_("online link"), required=False, assume_scheme="https")

    class Meta:
        model = Activity
        fields = [
            "kind", "title", "status", "task", "organiser", "co_organisers", "starts_on", "ends_on", "place",
            "online_url", "description", "cost", "capacity", "audience", "signup_open", "signup_deadline", "reach",
            "channel", "provider", "outcome",
        ]  # fmt: skip
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "signup_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
            "co_organisers": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "reach": _("Outreach: readers, viewers or people reached."),
            "capacity": _("Training and workshops: seats."),
            "signup_open": _(
                "A planned course or workshop: shown on the province's public page and to enterprise accounts, "
                "which sign their people up until the deadline or until the seats run out."
            ),
            "signup_deadline": _("The last day to sign up; blank: until the day it starts."),
            "provider": _("Matchmaking and support: who provided the solution or advice."),
        }

    def __init__(self, *args: Any, organisers: Any = None, tasks: Any = None, **kwargs: Any) -> None:
        """`organisers` and `tasks` narrow the choices for an agency's people (their agencies, their tasks)."""
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = tasks if tasks is not None else Task.objects.select_related("plan")  # type: ignore[attr-defined]
        self.fields["organiser"].queryset = organisers if organisers is not None else Agency.objects.all()  # type: ignore[attr-defined]
        if organisers is not None and organisers.count() == 1 and not self.instance.pk:
            self.fields["organiser"].initial = organisers.first()
        if self.instance.pk:
            self.fields["topics_text"].initial = ", ".join(self.instance.topics)

    def clean_topics_text(self) -> list[str]:
        topics = [topic.strip() for topic in self.cleaned_data["topics_text"].split(",") if topic.strip()]
        if any(len(topic) > 60 for topic in topics):
            raise forms.ValidationError(_("A topic is longer than 60 characters."))
        return topics

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end date is before the start date."))
        for name in ("cost", "reach", "capacity"):
            value = data.get(name)
            if value is not None and value < 0:
                self.add_error(name, _("This cannot be negative."))
        if data.get("signup_open"):
            if data.get("kind") not in ATTENDED_KINDS:
                self.add_error("signup_open", _("Only training courses and workshops take sign-ups."))
            elif data.get("status") != ActivityStatus.PLANNED:
                self.add_error("signup_open", _("Only a planned course takes sign-ups."))
        deadline = data.get("signup_deadline")
        if deadline and ends and deadline > ends:
            self.add_error("signup_deadline", _("The sign-up deadline is after the course ends."))
        if self.instance.pk:
            participants = self.instance.participants.exists()
            supports = self.instance.supports.exists()
            if data.get("status") == ActivityStatus.CANCELLED and (participants or supports):
                self.add_error("status", _("Remove its participants and supported enterprises before cancelling it."))
            kind = data.get("kind")
            # A course with sign-ups may be cancelled (its enterprises then read that it was), not turned into outreach.
            signups = self.instance.signups.exists()
            if kind and kind != self.instance.kind and (participants or supports or signups):
                self.add_error("kind", _("It has participants or supported enterprises: its kind cannot change."))
        return data

    def save(self, commit: bool = True) -> Activity:
        activity = super().save(commit=False)
        activity.topics = self.cleaned_data["topics_text"]
        if commit:
            activity.save()
            self.save_m2m()
        return activity


class ParticipantForm(BootstrapFormMixin, forms.Form):
    tax_code = forms.CharField(label=_("Tax code"), max_length=30)
    person_name = forms.CharField(label=_("Name of the person"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    certificate_number = forms.CharField(label=_("Certificate of attendance"), max_length=60, required=False)


class SignupForm(BootstrapFormMixin, forms.Form):
    """A person an enterprise signs up for a course (the service checks the rest)."""

    person_name = forms.CharField(label=_("Name of the person"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class MarkForm(forms.Form):
    participants = forms.MultipleChoiceField(choices=[])
    status = forms.ChoiceField(choices=AttendanceStatus.choices)

    def __init__(self, *args: Any, choices: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = [(value, value) for value in choices]  # type: ignore[attr-defined]
        self.fields["participants"].error_messages["required"] = _("Tick at least one participant.")


class SheetForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Sign-in sheet"),
        help_text=_(
            "Excel or CSV with the columns “Mã số thuế” and “Họ và tên” (also: Chức vụ, Điện thoại, Email, "
            "Điểm danh, Số chứng nhận)."
        ),
    )


class TaskUpdateForm(BootstrapFormMixin, forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    narrative = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 4}))
    figures = forms.CharField(
        label=_("Figures"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. enterprises trained, articles published, budget spent."),
    )
    attachment = forms.FileField(label=_("Attachment"), required=False)

    def __init__(self, *args: Any, agencies: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]
        self.fields["year"].choices = [(year, str(year)) for year in years]  # type: ignore[attr-defined]
        if agencies.count() == 1:
            self.fields["agency"].initial = agencies.first()


class BudgetLineForm(BootstrapFormMixin, forms.Form):
    """One budget line of a task: the fields the user may not write are taken out by the view."""

    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    source = forms.ChoiceField(label=_("Source"), choices=BudgetSource.choices)
    estimate = forms.DecimalField(
        label=_("Estimate (million VND)"), min_value=0, max_digits=12, decimal_places=3, required=False
    )
    approved = forms.DecimalField(
        label=_("Approved (million VND)"), min_value=0, max_digits=12, decimal_places=3, required=False
    )
    settlement = forms.DecimalField(
        label=_("Settlement (million VND)"), min_value=0, max_digits=12, decimal_places=3, required=False,
        help_text=_("Once the year is over."),
    )  # fmt: skip

    def __init__(self, *args: Any, may_plan: bool, may_approve: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not may_plan:
            del self.fields["estimate"]
        if not may_approve:
            del self.fields["approved"]
        if not (may_plan or may_approve):
            del self.fields["settlement"]


class AgencyForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgencyKind.choices)


class MemberForm(BootstrapFormMixin, forms.Form):
    """Invite a person of the agency (an account is created and e-mailed), or add an existing account."""

    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, required=False, help_text=_("Needed when the person has no account yet.")
    )

    def clean(self) -> dict[str, Any]:
        from accounts.models import User

        data = super().clean() or {}
        email = data.get("email")
        if email and not data.get("full_name") and not User.objects.filter(email__iexact=email).exists():
            self.add_error("full_name", _("Write the person's name: they have no account yet and will be invited."))
        return data


class AgencyWardsForm(BootstrapFormMixin, forms.Form):
    wards = forms.MultipleChoiceField(
        label=_("Wards it covers"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Its people then see the registry and assessment results of these wards only."),
    )

    def __init__(self, *args: Any, province_code: str, **kwargs: Any) -> None:
        from enterprises.forms import ward_choices

        super().__init__(*args, **kwargs)
        self.fields["wards"].choices = ward_choices(province_code)[1:]  # type: ignore[attr-defined]


class ProviderForm(BootstrapFormMixin, forms.ModelForm):
    services_text = forms.CharField(label=_("Services"), required=False, help_text=_("Separated by commas."))
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Provider
        fields = ["name", "kind", "description", "contact_person", "phone", "email", "website", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["services_text"].initial = ", ".join(self.instance.services)

    def clean_services_text(self) -> list[str]:
        services = [item.strip() for item in self.cleaned_data["services_text"].split(",") if item.strip()]
        if any(len(item) > 80 for item in services):
            raise forms.ValidationError(_("A service is longer than 80 characters."))
        return services

    def save(self, commit: bool = True) -> Provider:
        provider = super().save(commit=False)
        provider.services = self.cleaned_data["services_text"]
        if commit:
            provider.save()
        return provider


class SupportForm(BootstrapFormMixin, forms.Form):
    tax_code = forms.CharField(label=_("Tax code"), max_length=30)
    provider = forms.ModelChoiceField(
        label=_("Solution provider or consultant"), queryset=Provider.objects.filter(active=True), required=False
    )
    outcome = forms.ChoiceField(label=_("Outcome"), choices=SupportOutcome.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PlanForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["number", "issued_on", "title", "issuer", "start_year", "end_year"]
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start_year"), data.get("end_year")
        if (start is None) != (end is None):
            self.add_error("end_year", _("Give both years of the period, or neither."))
        elif start and end and end < start:
            self.add_error("end_year", _("The last year is before the first."))
        return data


class TaskForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Task
        fields = ["number", "title", "description", "lead", "coordinating", "timing"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "coordinating": forms.SelectMultiple(attrs={"size": 8}),
        }


class TargetForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Target
        fields = ["unit", "minimum", "maximum", "per_year", "text"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("minimum"), data.get("maximum")
        if low is not None and high is not None and high < low:
            self.add_error("maximum", _("The upper figure is below the lower one."))
        return data


class HonourDecisionForm(forms.Form):
    """The decision that confers an honour (checked by `campaigns.honours.decision_check`)."""

    decision_number = forms.CharField(label=_("Decision number"), max_length=60, required=False)
    decision_date = forms.DateField(
        label=_("Decision date"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
