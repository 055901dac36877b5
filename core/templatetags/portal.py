from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    """`{{ names|get_item:code }}`: a dictionary lookup with a variable key ("" when there is no dictionary)."""
    return mapping.get(key, "") if isinstance(mapping, dict) else ""


@register.filter
def local(text: Any) -> str:
    """`{{ criterion.title|local }}`: the reader's language of a {"vi": …, "en": …} text (Vietnamese
    when the other is missing)."""
    if not isinstance(text, dict):
        return "" if text is None else str(text)
    return str(text.get(get_language() or "vi") or text.get("vi") or "")
