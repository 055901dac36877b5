from __future__ import annotations

from django.urls import path

from reporting.national import views

app_name = "national"

urlpatterns = [
    path("", views.rollup_view, name="rollup"),
    path("reports/<slug:slug>/<int:year>/", views.report_pdf_view, name="report-pdf"),
]
