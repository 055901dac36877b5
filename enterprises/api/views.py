"""The registry through the API (registry scope): paginated, filterable, one query per page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from api.pagination import Pages
from api.permissions import HasRegistryScope
from api.query import QueryChecked
from enterprises import extensions
from enterprises.api.filters import EnterpriseFilter
from enterprises.models import Enterprise
from enterprises.privacy import tax_codes_for_request


class EnterpriseSerializer(serializers.ModelSerializer[Enterprise]):
    tax_code = serializers.SerializerMethodField(
        help_text="A household business's 12-digit personal ID is masked (079******123) unless the key "
        "has the department scope or the caller is the department's staff."
    )
    ward_code = serializers.CharField(source="ward.code", default="", read_only=True)
    ward_name = serializers.CharField(source="ward.name", default="", read_only=True)
    latest_level = serializers.SerializerMethodField()

    class Meta:
        model = Enterprise
        fields = [
            "uuid", "tax_code", "name", "legal_form", "status", "founded_on", "main_sector", "section", "size",
            "headcount", "ward_code", "ward_name", "latest_level", "updated_at",
        ]  # fmt: skip

    def get_tax_code(self, enterprise: Enterprise) -> str:
        return self.context["tax_codes"].show(enterprise.tax_code, enterprise.pk)

    def get_latest_level(self, enterprise: Enterprise) -> int | None:
        levels: dict[int, int] = self.context.get("levels", {})
        return levels.get(enterprise.pk)


def _levels(enterprises: Sequence[Enterprise]) -> dict[int, int]:
    source = extensions.levels()
    return source.of(enterprise.pk for enterprise in enterprises) if source is not None else {}


def _registry() -> QuerySet[Enterprise]:
    """The registry as the API shows it: merged duplicates and archived records left out."""
    return (
        Enterprise.objects.filter(merged_into__isnull=True, archived_at__isnull=True)
        .select_related("ward")
        .order_by("name", "pk")
    )


@extend_schema(tags=["registry"])
class EnterpriseListView(QueryChecked, generics.ListAPIView[Enterprise]):
    """The registry (merged duplicates and archived records left out), with each enterprise's latest
    counted DBI level."""

    permission_classes = [HasRegistryScope]
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter
    pagination_class = Pages

    def get_queryset(self) -> QuerySet[Enterprise]:
        return _registry()

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "tax_codes": tax_codes_for_request(self.request)}

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if args and isinstance(args[0], list):  # a page: one query for all its levels
            kwargs["context"] = {**self.get_serializer_context(), "levels": _levels(args[0])}
        return super().get_serializer(*args, **kwargs)


@extend_schema(tags=["registry"])
class EnterpriseDetailView(QueryChecked, generics.RetrieveAPIView[Enterprise]):
    permission_classes = [HasRegistryScope]
    serializer_class = EnterpriseSerializer
    lookup_field = "uuid"
    lookup_url_kwarg = "enterprise_uuid"

    def get_queryset(self) -> QuerySet[Enterprise]:
        return _registry()

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "tax_codes": tax_codes_for_request(self.request)}

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if args and isinstance(args[0], Enterprise):
            kwargs["context"] = {**self.get_serializer_context(), "levels": _levels([args[0]])}
        return super().get_serializer(*args, **kwargs)
