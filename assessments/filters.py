"""The department's assessment list as a django-filter FilterSet: the page and its export read the
same filters, and a value the form refuses is dropped with a message, never a 500."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from assessments.models import DECIDABLE_STATES, Assessment, AssessmentKind, AssessmentState, Wave
from core.forms import bootstrapify
from enterprises.forms import section_choices, ward_choices
from enterprises.models import SIZE_CHOICES
from reference.text import fold

# The department's queue first: what waits for its decision (reviewed by an expert or not), then the
# rest; drafts come last.
AWAITING = DECIDABLE_STATES
SORTS: dict[str, tuple[Any, ...]] = {
    "queue": ("queue_rank", F("submitted_at").desc(nulls_last=True), "-updated_at"),
    "-submitted": (F("submitted_at").desc(nulls_last=True), "-updated_at"),
    "submitted": (F("submitted_at").asc(nulls_last=True), "-updated_at"),
    "-points": (F("total").desc(nulls_last=True), F("submitted_at").desc(nulls_last=True)),
    "points": (F("total").asc(nulls_last=True), F("submitted_at").desc(nulls_last=True)),
    "name": ("enterprise__name", "-created_at"),
}


class AssessmentListFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or tax code")}),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year submitted"), field_name="submitted_at__year", empty_label=_("All years")
    )
    wave = django_filters.ModelChoiceFilter(
        label=_("Wave"), queryset=Wave.objects.all(), to_field_name="uuid", empty_label=_("All waves")
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=AssessmentState.choices, empty_label=_("Every state"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AssessmentKind.choices, empty_label=_("Every kind"))
    level = django_filters.ChoiceFilter(
        label=_("DBI level"),
        field_name="overall_level",
        choices=[(str(n), format_lazy(_("DBI level {level}"), level=n)) for n in range(6)],
        empty_label=_("All DBI levels"),
    )
    expert = django_filters.ModelChoiceFilter(
        label=_("Expert"),
        queryset=User.objects.filter(groups__name=Role.EXPERT).order_by("full_name", "email"),
        empty_label=_("All experts"),
    )
    # Their choices, "all" first, are set per province below.
    ward = django_filters.ChoiceFilter(
        label=_("Ward or commune"), field_name="enterprise__ward__code", empty_label=None
    )
    section = django_filters.ChoiceFilter(
        label=_("Sector (VSIC section)"), field_name="enterprise__section", empty_label=None
    )
    size = django_filters.ChoiceFilter(
        label=_("Size"), field_name="enterprise__size", choices=SIZE_CHOICES, empty_label=_("All sizes")
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        method="sort_later",
        empty_label=None,
        choices=[
            ("queue", _("Awaiting a decision first")),
            ("-submitted", _("Latest submitted")),
            ("submitted", _("Oldest submitted")),
            ("-points", _("Most points")),
            ("points", _("Fewest points")),
            ("name", _("Enterprise name A–Z")),
        ],
    )

    class Meta:
        model = Assessment
        fields: list[str] = []

    def __init__(self, data: Any = None, *args: Any, province_code: str, **kwargs: Any) -> None:
        super().__init__(data, *args, **kwargs)
        fields = self.form.fields
        years = Assessment.objects.filter(submitted_at__isnull=False).dates("submitted_at", "year", order="DESC")
        fields["year"].choices = [(str(day.year), str(day.year)) for day in years]
        fields["expert"].label_from_instance = lambda user: user.full_name or user.email
        fields["ward"].choices = ward_choices(province_code)
        fields["section"].choices = section_choices()
        bootstrapify(self.form)

    def filter_queryset(self, queryset: QuerySet[Assessment]) -> QuerySet[Assessment]:
        queryset = queryset.select_related("enterprise", "version", "expert", "wave").defer("version__content")
        queryset = super().filter_queryset(queryset.filter(enterprise__merged_into__isnull=True))
        return self.ordered(queryset, self.form.cleaned_data.get("sort") or "queue")

    def filter_search(self, queryset: QuerySet[Assessment], name: str, value: str) -> QuerySet[Assessment]:
        digits = value.replace(" ", "").replace("-", "").replace(".", "")
        if digits.isdigit() and len(digits) >= 4:
            return queryset.filter(enterprise__tax_code__startswith=digits[:10])
        return queryset.filter(enterprise__search_text__contains=fold(value))

    def sort_later(self, queryset: QuerySet[Assessment], name: str, value: str) -> QuerySet[Assessment]:
        return queryset  # ordered once every filter has run, default order included

    @staticmethod
    def ordered(queryset: QuerySet[Assessment], sort: str) -> QuerySet[Assessment]:
        rank = Case(
            When(state__in=AWAITING, then=Value(0)),
            When(submitted_at__isnull=True, then=Value(2)),  # drafts, never submitted
            default=Value(1),
            output_field=IntegerField(),
        )
        return queryset.annotate(queue_rank=rank).order_by(*SORTS.get(sort, SORTS["queue"]))

    def invalid(self) -> list[str]:
        """The labels of the filters whose value was refused (they are left out of the list)."""
        if not self.is_bound:
            return []
        self.form.is_valid()
        return [str(self.form.fields[name].label) for name in self.form.errors]
