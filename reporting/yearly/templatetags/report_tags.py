"""Filters of the report PDF: Vietnamese number formatting and paragraphs of a narrative."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template

from reporting.yearly.tables import cell_text

register = template.Library()

STATES_VI = {
    "validated": "đã được Sở xác nhận",
    "submitted": "đã nộp",
    "under_review": "đang thẩm định",
    "reviewed": "đã thẩm định, chờ Sở xác nhận",
}


@register.filter
def cell(value: Any) -> str:
    return cell_text(value)


@register.filter
def is_number(value: Any) -> bool:
    """A number, or a small count hidden as “<5”: both are aligned right."""
    if isinstance(value, str):
        return value.startswith("<") and value[1:].isdigit()
    return isinstance(value, int | float) and not isinstance(value, bool)


@register.filter
def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register.filter
def isodate(value: str, layout: str = "d/m/Y") -> str:
    day = date.fromisoformat(value)
    return layout.replace("d", f"{day.day:02d}").replace("m", f"{day.month:02d}").replace("Y", str(day.year))


@register.filter
def states_vi(states: list[str]) -> str:
    return ", ".join(STATES_VI.get(state, state) for state in states)
