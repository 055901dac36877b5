from __future__ import annotations

import django_filters

from api.filters import pattern, whole
from assessments.models import Assessment, AssessmentKind, AssessmentState
from enterprises.models import SIZE_CHOICES


class AssessmentFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=AssessmentState.choices)
    kind = django_filters.ChoiceFilter(choices=AssessmentKind.choices)
    level = whole(0, 5)(field_name="overall_level", min_value=0, max_value=5)
    year = whole(2000, 2100)(field_name="submitted_at__year", min_value=2000, max_value=2100)
    model_version = whole(1, 1000)(field_name="version__number", min_value=1, max_value=1000)
    section = pattern("^[A-Za-z]$")(field_name="enterprise__section", lookup_expr="iexact")
    size = django_filters.ChoiceFilter(field_name="enterprise__size", choices=SIZE_CHOICES)

    class Meta:
        model = Assessment
        fields: list[str] = []
