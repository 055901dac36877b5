"""What assessments add to the registry's pages (registered from `AssessmentsConfig.ready()`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from assessments.selectors import expert_enterprises, experts
from enterprises import extensions
from enterprises.models import Enterprise

if TYPE_CHECKING:
    from accounts.models import User
    from core.types import AuthenticatedRequest


def _assessments(request: AuthenticatedRequest, enterprise: Enterprise) -> Mapping[str, Any]:
    """The enterprise's assessments, its experts and, for those who may assess, the actions."""
    may_assess = request.user.has_perm("assessments.add_assessment")
    return {
        "assessments": enterprise.assessments.select_related("version")
        .defer("version__content")
        .order_by("-created_at"),
        "assignments": enterprise.expert_assignments.select_related("expert"),
        "expert_choices": experts() if may_assess else [],
    }


def _assigned(user: User) -> QuerySet[Enterprise] | None:
    """An expert opens the enterprises assigned to them."""
    if not user.has_perm("assessments.review_assessment"):
        return None
    return expert_enterprises(user=user)


def register() -> None:
    extensions.section_register(
        extensions.Section("assessments/_enterprise_assessments.html", _assessments, order=10, card=True)
    )
    extensions.access_register(_assigned)
