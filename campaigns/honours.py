"""Honouring leading enterprises: candidates proposed from validated assessment results and training
attended; the department decides, and each honour keeps the criteria used."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.models import Assessment, AssessmentState
from campaigns.models import ActivityStatus, AttendanceStatus, Honour, HonourCategory, Participant
from core.errors import ApplicationError
from core.services import audit_record
from enterprises.models import Enterprise

if TYPE_CHECKING:
    from accounts.models import User

MIN_LEVEL = 3  # candidates reach at least this DBI level in a validated assessment of the year


@dataclass(frozen=True)
class Candidate:
    enterprise: Enterprise
    level: int
    total: int
    courses: int  # training courses and workshops its people attended that year

    def criteria(self, year: int) -> str:
        message = _("DBI level %(level)s (%(total)s/320 points) validated in %(year)s; %(courses)s courses attended.")
        return message % {
            "level": self.level,
            "total": self.total,
            "year": year,
            "courses": self.courses,
        }


def candidates(year: int, *, limit: int = 50) -> list[Candidate]:
    """Enterprises with a validated assessment of the year at level ≥ MIN_LEVEL, not yet honoured that
    year: highest level first, then points, then courses attended."""
    best: dict[int, Assessment] = {}
    validated = (
        Assessment.objects.filter(
            state=AssessmentState.VALIDATED, validated_at__year=year, overall_level__gte=MIN_LEVEL,
            enterprise__archived_at__isnull=True,
        )
        .exclude(enterprise__honours__year=year)
        .select_related("enterprise")
        .order_by("enterprise_id", "-overall_level", "-total")
        .distinct("enterprise_id")
    )  # fmt: skip
    for assessment in validated:
        best[assessment.enterprise_id] = assessment
    courses = dict(
        Participant.objects.filter(
            enterprise_id__in=best,
            status=AttendanceStatus.ATTENDED,
            activity__status=ActivityStatus.HELD,
            activity__starts_on__year=year,
        )
        .values("enterprise_id")
        .annotate(count=Count("activity", distinct=True))
        .values_list("enterprise_id", "count")
    )
    found = [
        Candidate(a.enterprise, a.overall_level or 0, a.total or 0, courses.get(a.enterprise_id, 0))
        for a in best.values()
    ]
    found.sort(key=lambda c: (-c.level, -c.total, -c.courses, c.enterprise.name))
    return found[:limit]


def honour_grant(
    *, year: int, enterprise: Enterprise, category: str, criteria: str, user: User, ip: str | None = None
) -> Honour:
    if category not in HonourCategory.values:
        raise ApplicationError(gettext_lazy("Choose a category."))
    if not criteria.strip():
        raise ApplicationError(gettext_lazy("Write the criteria the department used."))
    if enterprise.merged_into_id or enterprise.archived_at:
        raise ApplicationError(gettext_lazy("This enterprise is archived or merged into another."))
    with transaction.atomic():
        Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()  # a double click grants once
        if Honour.objects.filter(year=year, enterprise=enterprise, category=category).exists():
            raise ApplicationError(gettext_lazy("This enterprise is already honoured in this category this year."))
        honour = Honour.objects.create(
            year=year, enterprise=enterprise, category=category, criteria=criteria.strip(), decided_by=user
        )
        audit_record(
            actor=user,
            action="honour.grant",
            obj=enterprise,
            changes={"year": year, "category": category, "criteria": honour.criteria},
            ip=ip,
        )
    return honour


def honour_withdraw(*, honour: Honour, user: User, ip: str | None = None) -> None:
    with transaction.atomic():
        audit_record(
            actor=user,
            action="honour.withdraw",
            obj=honour.enterprise,
            changes={"year": honour.year, "category": honour.category},
            ip=ip,
        )
        honour.delete()


def honours(year: int) -> list[Honour]:
    return list(Honour.objects.filter(year=year).select_related("enterprise", "decided_by"))
