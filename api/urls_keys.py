from __future__ import annotations

from django.urls import path

from api import views_keys

app_name = "api-keys"

urlpatterns = [
    path("", views_keys.key_list_view, name="list"),
    path("<uuid:key_uuid>/", views_keys.key_detail_view, name="detail"),
]
