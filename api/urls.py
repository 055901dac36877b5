from __future__ import annotations

from django.urls import path

from api import views

urlpatterns = [
    path("enterprises/", views.EnterpriseListView.as_view(), name="api-enterprises"),
    path("enterprises/<uuid:enterprise_uuid>/", views.EnterpriseDetailView.as_view(), name="api-enterprise"),
    path("assessments/", views.AssessmentListView.as_view(), name="api-assessments"),
    path("activities/", views.ActivityListView.as_view(), name="api-activities"),
]
