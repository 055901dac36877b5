"""What the programme adds to the registry's pages (registered from `ProgrammeConfig.ready()`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from campaigns.selectors import participations_of, supports_of
from enterprises import extensions

if TYPE_CHECKING:
    from core.types import AuthenticatedRequest
    from enterprises.models import Enterprise


def _programme(request: AuthenticatedRequest, enterprise: Enterprise) -> Mapping[str, Any]:
    """The courses the enterprise's people attended, its honours and the support it received."""
    return {"participations": participations_of(enterprise), "supports": supports_of(enterprise)}


def register() -> None:
    extensions.section_register(extensions.Section("campaigns/_enterprise_programme.html", _programme, order=20))
