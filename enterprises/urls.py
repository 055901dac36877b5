from __future__ import annotations

from django.urls import path

from enterprises import views, views_import

app_name = "enterprises"

urlpatterns = [
    path("", views.enterprise_list_view, name="enterprise-list"),
    path("new/", views.enterprise_create_view, name="enterprise-create"),
    path("export/", views.enterprise_export_view, name="enterprise-export"),
    path("duplicates/", views.enterprise_duplicates_view, name="enterprise-duplicates"),
    path("duplicates/not/", views.enterprise_not_duplicate_view, name="enterprise-not-duplicate"),
    path("merge/", views.enterprise_merge_view, name="enterprise-merge"),
    path("<uuid:enterprise_uuid>/", views.enterprise_detail_view, name="enterprise-detail"),
    path("<uuid:enterprise_uuid>/edit/", views.enterprise_update_view, name="enterprise-update"),
    path("<uuid:enterprise_uuid>/archive/", views.enterprise_archive_view, name="enterprise-archive"),
    path("import/", views_import.import_start_view, name="import-start"),
    path("import/<uuid:batch_uuid>/", views_import.import_detail_view, name="import-detail"),
    path("import/<uuid:batch_uuid>/columns/", views_import.import_columns_view, name="import-columns"),
    path("import/<uuid:batch_uuid>/confirm/", views_import.import_confirm_view, name="import-confirm"),
    path("import/<uuid:batch_uuid>/restart/", views_import.import_restart_view, name="import-restart"),
]
