from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tenants.selectors import province_list


def landing_view(request: HttpRequest) -> HttpResponse:
    """The national site's home: the provinces on the portal, each linking to its own site."""
    host = request.get_host()
    # Keep the port the visitor used (localhost:8000 in development, none behind a proxy).
    port = host.rsplit(":", 1)[1] if ":" in host and not host.endswith("]") else ""
    suffix = f":{port}" if port else ""
    provinces = [
        (province, f"{request.scheme}://{province.primary_domain}{suffix}/")
        for province in province_list()
        if province.primary_domain
    ]
    return render(request, "tenants/landing.html", {"provinces": provinces})
