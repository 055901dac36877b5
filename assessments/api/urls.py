from __future__ import annotations

from django.urls import path

from assessments.api import views

urlpatterns = [
    path("assessments/", views.AssessmentListView.as_view(), name="api-assessments"),
    path("scoring/<slug:key>/", views.ScoringView.as_view(), name="api-scoring"),
]
