"""The statistics endpoints of a province's API (/api/v1/statistics/…): the selectors of
`stats.selectors`, one endpoint per figure, with the filters the dashboard and the report use."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_public_schema_name
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import HasStatisticsScope
from api.query import DayField, QueryChecked, pattern_field
from assessments.models import ModelVersion
from core.cache import FIGURES_STAMP, stamped_get, stamped_set
from enterprises.models import SIZE_CHOICES
from reporting.statistics import disclosure
from reporting.statistics import selectors as stats
from reporting.statistics.selectors import Filters, Period


def _honours(f: Filters) -> dict[str, Any]:
    """Counts only: the names of honoured enterprises are not statistics."""
    figures = stats.honours(f)
    return {"count": figures["count"], "by_category": figures["by_category"]}


# Endpoint name → the selector it serves.
FIGURES: dict[str, Callable[[Filters], Any]] = {
    "key-numbers": stats.key_numbers,
    "registry": stats.registry,
    "assessments": stats.assessment_counts,
    "levels": stats.levels,
    "pillars": stats.pillars,
    "sector-size": stats.sector_size,
    "wards": stats.wards,
    "certificates": stats.certificates,
    "progress": stats.progress,
    "barriers": stats.barriers,
    "support-demand": stats.support_demand,
    "trend": stats.trend,
    "activities": stats.activities,
    "reached": stats.reached,
    "targets": stats.targets,
    "budget": stats.budget,
    "honours": _honours,
}


class StatisticsQuery(serializers.Serializer[Any]):
    """The period and filters of a figure. Every combination the schema allows is answered: the dates
    narrow the year, and a period whose last day comes before its first counts nothing."""

    year = serializers.IntegerField(
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=_("A calendar year (the default: the year of the date given, or else this year)."),
    )
    date_from = DayField(required=False, help_text=_("The first day counted (the default: 1 January of the year)."))
    date_to = DayField(required=False, help_text=_("The last day counted (the default: 31 December of the year)."))
    section = pattern_field("^[A-Za-z]$", required=False, help_text=_("A VSIC section letter, e.g. C (manufacturing)."))
    size = serializers.ChoiceField(choices=[code for code, _label in SIZE_CHOICES], required=False)
    ward = pattern_field("^[0-9]{5}$", required=False, help_text=_("The ward's 5-digit code."))
    model_version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("The scoring model version (the default: the published one); the schema lists the province's."),
    )

    def validate_model_version(self, number: int) -> int:
        if number not in model_versions():
            raise serializers.ValidationError(_("This province has no such model version."))
        return number

    def period(self) -> Period:
        data = self.validated_data
        start, end = data.get("date_from"), data.get("date_to")
        given = start or end
        year = data.get("year") or (given.year if given else timezone.localdate().year)
        return Period(start or date(year, 1, 1), end or date(year, 12, 31))

    def filters(self) -> Filters:
        data = self.validated_data
        return stats.filters_for(
            self.period(),
            section=data.get("section", ""),
            size=data.get("size", ""),
            ward=data.get("ward", ""),
            version_number=data.get("model_version"),
        )


def model_versions() -> list[int]:
    """The version numbers of the province's model family, as `model_version` may name them."""
    return sorted(ModelVersion.objects.filter(key=stats.province_family()).values_list("number", flat=True))


def model_version_enum(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """drf-spectacular post-processing hook: the statistics' `model_version` lists the province's
    versions (the schema is made per province); without a province, or with no version, it is left out."""
    versions = model_versions() if connection.schema_name != get_public_schema_name() else []  # type: ignore[attr-defined]
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1/statistics/"):
            continue
        for operation in operations.values():
            parameters = operation.get("parameters", [])
            for parameter in [p for p in parameters if p["name"] == "model_version"]:
                if versions:
                    parameter["schema"] |= {"enum": versions}
                else:
                    parameters.remove(parameter)
    return result


QUESTION = sorted(StatisticsQuery._declared_fields)


def _filters(request: Request) -> Filters:
    query = StatisticsQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.filters()


def _answer(request: Request, compute: Callable[[Filters], Any]) -> HttpResponse:
    """The JSON of `compute(filters)`, kept for STATS_CACHE_SECONDS per endpoint, question and
    language: a client asking again within that time gets the same bytes without a query. Only
    the parameters the endpoint knows make the key; refused questions are never kept."""
    seconds = settings.STATS_CACHE_SECONDS
    if not seconds:
        return Response(compute(_filters(request)))
    asked = [(name, request.query_params.getlist(name)) for name in QUESTION]
    question = hashlib.sha256(repr((request.path, get_language(), asked)).encode()).hexdigest()
    # The stamp and the answer in one round trip; the key function adds the schema.
    figures, body = stamped_get(FIGURES_STAMP, f"stats:api:{question}")
    if body is None:
        body = JSONRenderer().render(compute(_filters(request)))
        stamped_set(f"stats:api:{question}", figures, body, seconds)
    return HttpResponse(body, content_type="application/json")


def _overview(f: Filters) -> dict[str, Any]:
    overview = dict(stats.overview_cached(f))
    overview["honours"] = {key: overview["honours"][key] for key in ("count", "by_category")}
    return disclosure.overview(overview)


def _figure(name: str, f: Filters) -> dict[str, Any]:
    return {"basis": disclosure.basis(stats.basis(f)), "data": disclosure.PROTECT[name](FIGURES[name](f))}


SMALL_CELLS = _(
    'Small cells are hidden: a count of 1 to k − 1 enterprises is given as the text "<k" (k = 5 unless the '
    "portal is set otherwise; `basis.small_cells` says which), and an average or a percentage over fewer than k "
    "enterprises is null, so no answer reveals one enterprise. Where hiding one cell of a distribution would let "
    "it be worked out from the total, the next smallest is hidden too."
)


class StatisticsOverviewView(QueryChecked, APIView):
    """Every figure of the period at once (what the dashboard shows and a yearly report prints)."""

    permission_classes = [HasStatisticsScope]
    query_serializer = StatisticsQuery

    @extend_schema(
        parameters=[StatisticsQuery], responses={200: OpenApiTypes.OBJECT}, tags=["statistics"], description=SMALL_CELLS
    )
    def get(self, request: Request) -> HttpResponse:
        return _answer(request, _overview)


class StatisticsFigureView(QueryChecked, APIView):
    """One figure: {"basis": what it counts, "data": the figure}."""

    permission_classes = [HasStatisticsScope]
    query_serializer = StatisticsQuery
    figure = ""

    @extend_schema(parameters=[StatisticsQuery], responses={200: OpenApiTypes.OBJECT}, tags=["statistics"])
    def get(self, request: Request) -> HttpResponse:
        return _answer(request, lambda f: _figure(self.figure, f))


def figure_view(name: str) -> Callable[..., Any]:
    view: type[StatisticsFigureView] = type(
        f"Statistics{name.title().replace('-', '')}View",
        (StatisticsFigureView,),
        {"figure": name, "__doc__": f"{(FIGURES[name].__doc__ or name).strip()}\n\n{SMALL_CELLS}"},
    )
    return view.as_view()
