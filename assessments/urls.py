from __future__ import annotations

from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("models/", views.model_version_list_view, name="modelversion-list"),
    path("models/<uuid:version_uuid>/", views.model_version_detail_view, name="modelversion-detail"),
    path("models/<uuid:version_uuid>/copy/", views.model_version_copy_view, name="modelversion-copy"),
    path("models/<uuid:version_uuid>/publish/", views.model_version_publish_view, name="modelversion-publish"),
    path("models/<uuid:version_uuid>/discard/", views.model_version_discard_view, name="modelversion-discard"),
    path(
        "models/<uuid:version_uuid>/criteria/<str:code>/",
        views.model_version_criterion_view,
        name="modelversion-criterion",
    ),
]
