"""What assessments add to the registry's pages (registered from `AssessmentsConfig.ready()`), and
what the apps above assessments add to its pages (a wave's figures, counted by reporting)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

from assessments.selectors import expert_enterprises, experts
from enterprises import extensions
from enterprises.models import Enterprise

if TYPE_CHECKING:
    from accounts.models import User
    from assessments.models import Assessment, Wave
    from core.types import AuthenticatedRequest

WaveReport = Callable[["Wave"], Mapping[str, Any]]
Peers = Callable[["Assessment"], "Mapping[str, Any] | None"]
_wave_reports: list[WaveReport] = []
_peers: list[Peers] = []


def wave_report_register(report: WaveReport) -> None:
    """The wave's page shows what `report(wave)` returns: its progress and results."""
    _wave_reports.append(report)


def wave_report(wave: Wave) -> Mapping[str, Any] | None:
    return _wave_reports[-1](wave) if _wave_reports else None


def peers_register(peers: Peers) -> None:
    """A result's page compares it with what `peers(assessment)` returns: {count, total, pillars}
    (None: too few to compare)."""
    _peers.append(peers)


def peers(assessment: Assessment) -> Mapping[str, Any] | None:
    return _peers[-1](assessment) if _peers else None


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
