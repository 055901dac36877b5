from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format
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


@register.filter
def amount(value: Any) -> str:
    """`{{ budget.settlement|amount }}`: a sum in million VND as the reader's language writes it, with
    its decimals only as far as they go (142,5 and 1.234 in Vietnamese; 142.5 and 1,234 in English),
    never padded (“142,500” would read as a hundred and forty-two thousand)."""
    if value is None or value == "":
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    number = number.quantize(Decimal("0.001")).normalize()
    if number == number.to_integral_value():
        number = number.quantize(Decimal(1))
    return number_format(number, force_grouping=True)
