from __future__ import annotations

from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("audit/", views.audit_list_view, name="audit-list"),
    path("audit/export/", views.audit_export_view, name="audit-export"),
    path("jobs/<uuid:job_uuid>/", views.job_detail_view, name="job-detail"),
    path("jobs/<uuid:job_uuid>/restart/", views.job_restart_view, name="job-restart"),
    path("jobs/<uuid:job_uuid>/download/", views.job_download_view, name="job-download"),
]
