from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from api.filters import Instant, Text, pattern
from enterprises.models import SIZE_CHOICES, Enterprise, EnterpriseStatus
from enterprises.privacy import PERSONAL_ID_PATTERN, tax_codes_for_request
from reference.text import fold


class EnterpriseFilter(django_filters.FilterSet):
    q = Text(method="search", label=_("Name or tax code"))
    section = pattern("^[A-Za-z]$")(field_name="section", lookup_expr="iexact", label=_("VSIC section"))
    size = django_filters.ChoiceFilter(choices=SIZE_CHOICES)
    ward = pattern("^[0-9]{5}$")(field_name="ward__code", label=_("Ward code"))
    status = django_filters.ChoiceFilter(choices=EnterpriseStatus.choices)
    updated_since = Instant(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Enterprise
        fields: list[str] = []

    def search(self, queryset: QuerySet[Enterprise], name: str, value: str) -> QuerySet[Enterprise]:
        if any(c.isdigit() for c in value) and not tax_codes_for_request(self.request).full:
            # Searching digit by digit would uncover the masked middle of a personal ID.
            queryset = queryset.exclude(tax_code__regex=PERSONAL_ID_PATTERN)
        digits = value.replace(" ", "").replace("-", "")
        if digits.isdigit() and len(digits) >= 4:
            return queryset.filter(tax_code__startswith=digits[:10])
        return queryset.filter(search_text__contains=fold(value))
