from __future__ import annotations

from django.urls import path

from reporting.statistics.api.views import FIGURES, StatisticsOverviewView, figure_view

urlpatterns = [
    path("statistics/", StatisticsOverviewView.as_view(), name="api-statistics"),
    *(path(f"statistics/{name}/", figure_view(name), name=f"api-statistics-{name}") for name in FIGURES),
]
