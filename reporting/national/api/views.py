"""/api/v1/national/ on the national site: the rollup for keys issued by the superadmin."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import HasNationalScope
from reporting.national.selectors import rollup


class YearQuery(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


class NationalRollupView(APIView):
    """Every province's aggregates side by side and the national total (no enterprise-level data)."""

    permission_classes = [HasNationalScope]

    @extend_schema(
        parameters=[OpenApiParameter("year", int, description="The year (the default: this year).")],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        query = YearQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(rollup(query.validated_data.get("year", timezone.localdate().year)))
