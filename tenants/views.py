from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tenants.selectors import province_list


def landing_view(request: HttpRequest) -> HttpResponse:
    """The national site's home: the provinces on the portal, each linking to its own site."""
    port = request.get_port()
    suffix = "" if port in ("80", "443") else f":{port}"
    provinces = []
    for province in province_list():
        domain = next((d.domain for d in province.domains.all() if d.is_primary), None)
        if domain:
            provinces.append((province, f"{request.scheme}://{domain}{suffix}/"))
    return render(request, "tenants/landing.html", {"provinces": provinces})
