from __future__ import annotations

from django.urls import path

from enterprises.api import views

urlpatterns = [
    path("enterprises/", views.EnterpriseListView.as_view(), name="api-enterprises"),
    path("enterprises/<uuid:enterprise_uuid>/", views.EnterpriseDetailView.as_view(), name="api-enterprise"),
]
