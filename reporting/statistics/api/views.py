"""The statistics endpoints of a province's API (/api/v1/statistics/…): the selectors of
`stats.selectors`, one endpoint per figure, with the filters the dashboard and the report use."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.permissions import HasStatisticsScope
from assessments.models import ModelVersion
from core.cache import FIGURES_STAMP, stamp
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
    year = serializers.IntegerField(
        required=False, min_value=2000, max_value=2100, help_text=_("A calendar year (the default: this year).")
    )
    date_from = serializers.DateField(required=False, help_text=_("Instead of a year: the first day counted."))
    date_to = serializers.DateField(required=False, help_text=_("Instead of a year: the last day counted."))
    section = serializers.RegexField(
        r"^[A-Za-z]$", required=False, help_text=_("A VSIC section letter, e.g. C (manufacturing).")
    )
    size = serializers.ChoiceField(choices=[code for code, _label in SIZE_CHOICES], required=False)
    ward = serializers.RegexField(r"^[0-9]{5}$", required=False, help_text=_("The ward's 5-digit code."))
    model_version = serializers.IntegerField(
        required=False, min_value=1, help_text=_("The scoring model version (the default: the published one).")
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if (start is None) != (end is None):
            raise serializers.ValidationError(_("Give both date_from and date_to, or neither."))
        if start is not None and end is not None:
            if "year" in attrs:
                raise serializers.ValidationError(_("Give a year or a date range, not both."))
            if end < start:
                raise serializers.ValidationError(_("date_to is before date_from."))
            if start.year < 2000 or end.year > 2100:
                raise serializers.ValidationError(_("Dates run from 2000 to 2100, as years do."))
            if (end - start).days > 3660:
                raise serializers.ValidationError(_("A date range covers at most ten years."))
        number = attrs.get("model_version")
        if number is not None and not ModelVersion.objects.filter(key=stats.province_family(), number=number).exists():
            raise serializers.ValidationError({"model_version": _("This province has no such model version.")})
        return attrs

    def filters(self) -> Filters:
        data = self.validated_data
        if "date_from" in data:
            period = Period(data["date_from"], data["date_to"])
        else:
            period = Period.of_year(data.get("year", timezone.localdate().year))
        return stats.filters_for(
            period,
            section=data.get("section", ""),
            size=data.get("size", ""),
            ward=data.get("ward", ""),
            version_number=data.get("model_version"),
        )


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
    key = f"stats:api:{stamp(FIGURES_STAMP)}:{question}"  # the key function adds the schema
    body = cache.get(key)
    if body is None:
        body = JSONRenderer().render(compute(_filters(request)))
        cache.set(key, body, seconds)
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


class StatisticsOverviewView(APIView):
    """Every figure of the period at once (what the dashboard shows and a yearly report prints)."""

    permission_classes = [HasStatisticsScope]

    @extend_schema(
        parameters=[StatisticsQuery], responses={200: OpenApiTypes.OBJECT}, tags=["statistics"], description=SMALL_CELLS
    )
    def get(self, request: Request) -> HttpResponse:
        return _answer(request, _overview)


class StatisticsFigureView(APIView):
    """One figure: {"basis": what it counts, "data": the figure}."""

    permission_classes = [HasStatisticsScope]
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
