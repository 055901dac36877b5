"""What the API's pages share: the Swagger UI."""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerSplitView


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI, its files served by the portal and its script a separate file (the portal's
    Content-Security-Policy allows no inline script)."""

    template_name = "api/swagger_ui.html"
    url_name = "api-schema"
    title = "DBI — API"
