"""URLs of the national site (the base domain): the list of provinces, ministry login, admin."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from accounts.urls import auth_urlpatterns
from dbi_portal import health
from tenants import views as tenant_views

urlpatterns = [
    path("", tenant_views.landing_view, name="landing"),
    path("accounts/", include((auth_urlpatterns, "accounts"))),
    path("admin/", admin.site.urls),
    path("national/", include("national.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    *health.urlpatterns,
]

handler404 = "core.views.not_found_view"
