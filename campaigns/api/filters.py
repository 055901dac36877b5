from __future__ import annotations

import django_filters

from api.filters import Day, whole
from campaigns.models import Activity, ActivityKind, ActivityStatus


class ActivityFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=ActivityKind.choices)
    status = django_filters.ChoiceFilter(choices=ActivityStatus.choices)
    year = whole(2000, 2100)(field_name="starts_on__year", min_value=2000, max_value=2100)
    date_from = Day(field_name="starts_on", lookup_expr="gte")
    date_to = Day(field_name="starts_on", lookup_expr="lte")

    class Meta:
        model = Activity
        fields: list[str] = []
