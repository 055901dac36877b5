"""What the apps above the registry add to it, without the registry importing them.

The registry stands below assessments, campaigns and reporting, yet an enterprise's page shows its
assessments and the courses it attended, the list shows each enterprise's DBI level and an expert
sees the enterprises assigned to them. Those apps register here, in their `AppConfig.ready()`, what
they contribute; the registry only calls what was registered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.db.models import QuerySet

if TYPE_CHECKING:
    from accounts.models import User
    from core.types import AuthenticatedRequest
    from enterprises.models import Enterprise


@dataclass(frozen=True)
class Section:
    """A part of an enterprise's page drawn by a higher app: its template, rendered with the
    page's context plus what `context` returns (None: this user is not shown the part).
    A `card` sits in the grid beside the enterprise's identity; other sections follow it."""

    template: str
    context: Callable[[AuthenticatedRequest, Enterprise], Mapping[str, Any] | None]
    order: int = 0
    card: bool = False


class Levels(Protocol):
    """Each enterprise's current DBI level, as the statistics count it."""

    def of(self, enterprise_ids: Iterable[int]) -> dict[int, int]:
        """The level of those that have one."""
        ...

    def narrow(self, queryset: QuerySet[Enterprise], level: str) -> QuerySet[Enterprise]:
        """Those at `level` ("0"–"5"), or never counted ("none")."""
        ...


Access = Callable[["User"], "QuerySet[Enterprise] | None"]

_sections: list[Section] = []
_access: list[Access] = []
_levels: list[Levels] = []


def section_register(section: Section) -> None:
    _sections.append(section)
    _sections.sort(key=lambda item: item.order)


def sections() -> list[Section]:
    return list(_sections)


def access_register(access: Access) -> None:
    """`access(user)` gives the enterprises that user may open without the registry's permission
    (an expert: those assigned to them), or None."""
    _access.append(access)


def extra_access(user: User) -> QuerySet[Enterprise] | None:
    """The enterprises a user without the registry's permission may still open (None: none)."""
    found = [queryset for queryset in (grant(user) for grant in _access) if queryset is not None]
    if not found:
        return None
    combined = found[0]
    for queryset in found[1:]:
        combined = combined | queryset
    return combined


def levels_register(levels: Levels) -> None:
    _levels[:] = [levels]


def levels() -> Levels | None:
    """Where the registry reads levels from (None until the statistics app has registered)."""
    return _levels[0] if _levels else None
