"""The API's filters (django-filter): each names a field a client can narrow a list by."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from assessments.models import Assessment, AssessmentKind, AssessmentState
from campaigns.models import Activity, ActivityKind, ActivityStatus
from enterprises.models import SIZE_CHOICES, Enterprise, EnterpriseStatus
from reference.text import fold


def whole(low: int, high: int) -> type[django_filters.NumberFilter]:
    """A whole-number filter whose bounds the OpenAPI schema states too."""

    @extend_schema_field({"type": "integer", "minimum": low, "maximum": high})
    class Whole(django_filters.NumberFilter):
        pass

    return Whole


class EnterpriseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Name or tax code"))
    section = django_filters.CharFilter(field_name="section", lookup_expr="iexact", label=_("VSIC section"))
    size = django_filters.ChoiceFilter(choices=SIZE_CHOICES)
    ward = django_filters.CharFilter(field_name="ward__code", label=_("Ward code"))
    status = django_filters.ChoiceFilter(choices=EnterpriseStatus.choices)
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Enterprise
        fields: list[str] = []

    def search(self, queryset: QuerySet[Enterprise], name: str, value: str) -> QuerySet[Enterprise]:
        digits = value.replace(" ", "").replace("-", "")
        if digits.isdigit() and len(digits) >= 4:
            return queryset.filter(tax_code__startswith=digits[:10])
        return queryset.filter(search_text__contains=fold(value))


class AssessmentFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=AssessmentState.choices)
    kind = django_filters.ChoiceFilter(choices=AssessmentKind.choices)
    level = whole(0, 5)(field_name="overall_level", min_value=0, max_value=5)
    year = whole(2000, 2100)(field_name="submitted_at__year", min_value=2000, max_value=2100)
    model_version = whole(1, 1000)(field_name="version__number", min_value=1, max_value=1000)
    section = django_filters.CharFilter(field_name="enterprise__section", lookup_expr="iexact")
    size = django_filters.ChoiceFilter(field_name="enterprise__size", choices=SIZE_CHOICES)

    class Meta:
        model = Assessment
        fields: list[str] = []


class ActivityFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices)
    status = django_filters.ChoiceFilter(choices=ActivityStatus.choices)
    year = whole(2000, 2100)(field_name="starts_on__year", min_value=2000, max_value=2100)
    date_from = django_filters.DateFilter(field_name="starts_on", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="starts_on", lookup_expr="lte")

    class Meta:
        model = Activity
        fields: list[str] = []
