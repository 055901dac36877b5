"""The programme's activities through the API (statistics scope), with attendance counts."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from api.pagination import Pages
from api.permissions import HasStatisticsScope
from api.query import QueryChecked
from campaigns.api.filters import ActivityFilter
from campaigns.models import Activity, AttendanceStatus


class ActivitySerializer(serializers.ModelSerializer[Activity]):
    participants = serializers.IntegerField(source="attended_people", read_only=True, help_text="People who attended.")
    enterprises = serializers.IntegerField(
        source="attended_enterprises", read_only=True, help_text="Distinct enterprises they came from."
    )

    class Meta:
        model = Activity
        fields = ["uuid", "kind", "title", "status", "starts_on", "ends_on", "reach", "participants", "enterprises"]


@extend_schema(tags=["programme"])
class ActivityListView(QueryChecked, generics.ListAPIView[Activity]):
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
