from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from tenants.models import Province


def portal(request: HttpRequest) -> dict[str, Any]:
    """The province the page belongs to (None on the national site and unknown hosts)."""
    tenant = getattr(request, "tenant", None)
    province = tenant if isinstance(tenant, Province) and not tenant.is_public else None
    return {"province": province}
