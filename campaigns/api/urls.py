from __future__ import annotations

from django.urls import path

from campaigns.api import views

urlpatterns = [
    path("activities/", views.ActivityListView.as_view(), name="api-activities"),
]
