from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """`{{ names|get_item:code }}`: a dictionary lookup with a variable key."""
    return mapping.get(key, "")
