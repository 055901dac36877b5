"""URLs of the national site (the base domain): the list of provinces, ministry login, admin."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path, re_path

from accounts.urls import auth_urlpatterns
from core.api import not_found_view as api_not_found_view
from dbi_portal import health
from reporting.national.api.views import NationalRollupView
from tenants import views as tenant_views

urlpatterns = [
    path("", tenant_views.landing_view, name="landing"),
    path("accounts/", include((auth_urlpatterns, "accounts"))),
    path("admin/", admin.site.urls),
    path("national/", include("reporting.national.urls")),
    path("api-keys/", include("api.urls_keys")),
    path("api/v1/national/", NationalRollupView.as_view(), name="api-national"),
    re_path(r"^api/[\s\S]*$", api_not_found_view),
    path("i18n/", include("django.conf.urls.i18n")),
    *health.urlpatterns,
]

handler404 = "core.views.not_found_view"
handler500 = "core.views.server_error_view"
