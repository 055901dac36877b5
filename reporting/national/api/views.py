"""/api/v1/national/ on the national site: the rollup for keys issued by the superadmin."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import HasNationalScope
from api.query import QueryChecked
from reporting.national.selectors import rollup


class YearQuery(serializers.Serializer[Any]):
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text=_("The year (the default: this year).")
    )


class NationalRollupView(QueryChecked, APIView):
    """Every province's aggregates side by side and the national total (no enterprise-level data)."""

    permission_classes = [HasNationalScope]
    query_serializer = YearQuery

    @extend_schema(
        parameters=[YearQuery],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request: Request) -> Response:
        query = YearQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        return Response(rollup(query.validated_data.get("year", timezone.localdate().year)))
