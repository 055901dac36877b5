"""`{% tax_code enterprise %}`: an enterprise's tax code as the signed-in viewer may see it (a
household business's personal ID masked for anyone but the department and the enterprise itself)."""

from __future__ import annotations

from typing import Any

from django import template

from enterprises.models import Enterprise
from enterprises.privacy import TaxCodes, tax_codes_for

register = template.Library()


@register.simple_tag(takes_context=True)
def tax_code(context: dict[str, Any], enterprise: Enterprise) -> str:
    request = context.get("request")
    codes: TaxCodes | None = getattr(request, "tax_codes", None)
    if codes is None:  # decided once per page, not once per row
        codes = tax_codes_for(getattr(request, "user", None))
        if request is not None:
            request.tax_codes = codes
    return codes.show(enterprise.tax_code, enterprise.pk)
