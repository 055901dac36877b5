"""URLs of a province's site (dong-nai.<base domain>)."""

from __future__ import annotations

from django.urls import include, path

from api.views import DocsView
from assessments.views_assessment import verify_view
from assessments.views_verify import verify_lookup_view
from campaigns.urls import urlpatterns as campaign_patterns
from campaigns.views_public import public_honours_view
from dbi_portal import health
from dbi_portal.views import home_view
from reporting.statistics.urls_programme import urlpatterns as programme_figure_patterns
from reporting.statistics.views import chart_view

urlpatterns = [
    path("", home_view, name="home"),
    path("", include("core.urls")),
    path("statistics/charts/<slug:chart>/<slug:variant>.svg", chart_view, name="dashboard-chart"),
    path("accounts/", include("accounts.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("assessments/", include("assessments.urls")),
    # The programme's pages and its figure pages share the `programme` namespace.
    path("programme/", include((campaign_patterns + programme_figure_patterns, "programme"))),
    path("reports/", include("reporting.yearly.urls")),
    path("province/", include("tenants.urls")),
    path("api/v1/", include("dbi_portal.urls_api")),
    path("api/docs/", DocsView.as_view(), name="api-docs"),
    path("api-keys/", include("api.urls_keys")),
    path("honours/", public_honours_view, name="public-honours"),
    path("verify/", verify_lookup_view, name="verify-lookup"),
    path("verify/<str:code>/", verify_view, name="verify"),
    path("i18n/", include("django.conf.urls.i18n")),
    *health.urlpatterns,
]

handler404 = "core.views.not_found_view"
handler500 = "core.views.server_error_view"
