from __future__ import annotations

from django.urls import path

from reporting.yearly import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list_view, name="list"),
    path("start/", views.report_start_view, name="start"),
    path("<uuid:report_uuid>/", views.report_detail_view, name="detail"),
    path("<uuid:report_uuid>/prefill/", views.report_prefill_view, name="prefill"),
    path("<uuid:report_uuid>/generate/", views.report_generate_view, name="generate"),
    path("<uuid:report_uuid>/preview/", views.report_preview_view, name="preview"),
    path("versions/<uuid:report_version_uuid>/pdf/", views.version_file_view, {"part": "pdf"}, name="version-pdf"),
    path(
        "versions/<uuid:report_version_uuid>/annex/", views.version_file_view, {"part": "annex"}, name="version-annex"
    ),
    path("versions/<uuid:report_version_uuid>/submit/", views.version_submit_view, name="version-submit"),
]
