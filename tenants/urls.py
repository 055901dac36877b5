from __future__ import annotations

from django.urls import path

from tenants import views

app_name = "tenants"

urlpatterns = [
    path("settings/", views.province_settings_view, name="settings"),
]
