"""Read-only lists of a province's API: the registry and assessments (registry scope) and activities
with attendance counts (statistics scope). Paginated, filterable, one query per page."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework import generics, serializers
from rest_framework.pagination import PageNumberPagination

from api.filters import ActivityFilter, AssessmentFilter, EnterpriseFilter
from api.permissions import HasRegistryScope, HasStatisticsScope
from assessments.models import Assessment
from campaigns.models import Activity, AttendanceStatus
from core.tenancy import current_province
from enterprises.models import Enterprise


class Pages(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class EnterpriseSerializer(serializers.ModelSerializer[Enterprise]):
    ward_code = serializers.CharField(source="ward.code", default="", read_only=True)
    ward_name = serializers.CharField(source="ward.name", default="", read_only=True)
    latest_level = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Enterprise
        fields = [
            "uuid", "tax_code", "name", "legal_form", "status", "founded_on", "main_sector", "section", "size",
            "headcount", "ward_code", "ward_name", "latest_level", "updated_at",
        ]  # fmt: skip


def _counted_states() -> tuple[str, ...]:

    return current_province().counted_states


@extend_schema(tags=["registry"])
class EnterpriseListView(generics.ListAPIView[Enterprise]):
    """The registry (merged duplicates and archived records left out), with each enterprise's latest
    counted DBI level."""

    permission_classes = [HasRegistryScope]
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter
    pagination_class = Pages

    def get_queryset(self) -> QuerySet[Enterprise]:
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reads the model only
            return Enterprise.objects.none()
        latest = Assessment.objects.filter(
            enterprise=OuterRef("pk"), state__in=_counted_states(), submitted_at__isnull=False
        ).order_by("-submitted_at")
        return (
            Enterprise.objects.filter(merged_into__isnull=True, archived_at__isnull=True)
            .select_related("ward")
            .annotate(latest_level=Subquery(latest.values("overall_level")[:1]))
            .order_by("name", "pk")
        )


@extend_schema(tags=["registry"])
class EnterpriseDetailView(generics.RetrieveAPIView[Enterprise]):
    permission_classes = [HasRegistryScope]
    serializer_class = EnterpriseSerializer
    lookup_field = "uuid"
    lookup_url_kwarg = "enterprise_uuid"

    def get_queryset(self) -> QuerySet[Enterprise]:
        return EnterpriseListView().get_queryset()


class AssessmentSerializer(serializers.ModelSerializer[Assessment]):
    enterprise = serializers.UUIDField(source="enterprise.uuid", read_only=True)
    tax_code = serializers.CharField(source="enterprise.tax_code", read_only=True)
    model = serializers.CharField(source="version.key", read_only=True)
    model_version = serializers.IntegerField(source="version.number", read_only=True)
    pillars = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = [
            "uuid", "enterprise", "tax_code", "model", "model_version", "kind", "state", "submitted_at",
            "validated_at", "total", "overall_level", "pillars",
        ]  # fmt: skip

    def get_pillars(self, assessment: Assessment) -> list[dict[str, Any]]:
        """The stored result's pillars (never rescored)."""
        return [
            {"code": p["code"], "points": p["points"], "level": p["level"]}
            for p in (assessment.result or {}).get("pillars", [])
        ]


@extend_schema(tags=["registry"])
class AssessmentListView(generics.ListAPIView[Assessment]):
    """Submitted assessments (drafts are the enterprise's own business), latest first."""

    permission_classes = [HasRegistryScope]
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilter
    pagination_class = Pages

    def get_queryset(self) -> QuerySet[Assessment]:
        return (
            Assessment.objects.filter(submitted_at__isnull=False, enterprise__merged_into__isnull=True)
            .select_related("enterprise", "version")
            .defer("version__content", "answers", "part_b")
            .order_by("-submitted_at", "pk")
        )


class ActivitySerializer(serializers.ModelSerializer[Activity]):
    participants = serializers.IntegerField(source="attended_people", read_only=True, help_text="People who attended.")
    enterprises = serializers.IntegerField(
        source="attended_enterprises", read_only=True, help_text="Distinct enterprises they came from."
    )

    class Meta:
        model = Activity
        fields = ["uuid", "kind", "title", "status", "starts_on", "ends_on", "reach", "participants", "enterprises"]


@extend_schema(tags=["programme"])
class ActivityListView(generics.ListAPIView[Activity]):
    """The programme's activities with attendance counts (no one's name)."""

    permission_classes = [HasStatisticsScope]
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilter
    pagination_class = Pages

    def get_queryset(self) -> QuerySet[Activity]:
        attended = Q(participants__status=AttendanceStatus.ATTENDED)
        return Activity.objects.annotate(
            attended_people=Count("participants", filter=attended),
            attended_enterprises=Count("participants__enterprise", filter=attended, distinct=True),
        ).order_by("-starts_on", "pk")


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI, its files served by the portal and its script a separate file (the portal's
    Content-Security-Policy allows no inline script)."""

    template_name = "api/swagger_ui.html"
    url_name = "api-schema"
    title = "DBI — API"
