"""The REST API of a province's site, version 1 (/api/v1/…), and its OpenAPI schema."""

from __future__ import annotations

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView

from core.api import not_found_view

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("", include("assessments.api.urls")),
    path("", include("reporting.statistics.api.urls")),
    path("", include("enterprises.api.urls")),
    path("", include("campaigns.api.urls")),
    # Unknown addresses answer in the API's error shape ([\s\S], not '.': a %0A in the address too).
    re_path(r"^[\s\S]*$", not_found_view),
]
