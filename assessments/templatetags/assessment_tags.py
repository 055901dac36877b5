"""Template filters of assessments that other apps' pages use too."""

from __future__ import annotations

from django import template

from assessments.models import AssessmentState

register = template.Library()


@register.filter
def state_label(state: str) -> str:
    """`{{ "reviewed"|state_label }}`: a state's one label, the same on every page."""
    try:
        return str(AssessmentState(state).label)
    except ValueError:
        return state
