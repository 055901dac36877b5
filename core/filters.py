from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.audit import audit_action_choices
from core.models import AuditEntry


class AuditEntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    action = django_filters.ChoiceFilter(label=_("Action"), choices=audit_action_choices, empty_label=_("All actions"))
    actor = django_filters.CharFilter(label=_("Actor e-mail"), field_name="actor_email", lookup_expr="icontains")
    date_from = django_filters.DateFilter(
        label=_("From"),
        field_name="created_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="created_at", lookup_expr="date__lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = AuditEntry
        fields: list[str] = []

    def search(self, queryset: QuerySet[AuditEntry], name: str, value: str) -> QuerySet[AuditEntry]:
        return queryset.filter(Q(object_repr__icontains=value) | Q(actor_email__icontains=value))
