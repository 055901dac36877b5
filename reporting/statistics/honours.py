"""Candidates for honouring as leading enterprises: proposed from the validated assessments the figures
count and the courses attended; the department decides (`campaigns.honours`)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db.models import Count
from django.utils.translation import gettext as _

from assessments.models import AssessmentState
from campaigns.models import AttendanceStatus, Honour, Participant
from enterprises.models import Enterprise
from reporting.statistics import counting
from reporting.statistics.counting import Filters

MIN_LEVEL = 3  # candidates reach at least this DBI level in a validated assessment of the period


@dataclass(frozen=True)
class Candidate:
    enterprise: Enterprise
    level: int
    total: int
    courses: int  # held activities its people attended in the period

    def criteria(self, year: int) -> str:
        message = _("DBI level %(level)s (%(total)s/320 points) validated in %(year)s; %(courses)s courses attended.")
        return message % {"level": self.level, "total": self.total, "year": year, "courses": self.courses}


def candidates(f: Filters, *, limit: int | None = None) -> list[Candidate]:
    """Enterprises whose latest validated assessment of the period reaches MIN_LEVEL, still in the
    registry and not yet honoured in the period's years: highest level first, then points, then
    courses attended."""
    validated = replace(f, states=(AssessmentState.VALIDATED.value,))
    sql, params = counting.counted_sql(validated)
    found = {
        enterprise: (level or 0, total or 0)
        for enterprise, level, total in counting.sql_rows(
            f"SELECT enterprise_id, overall_level, total FROM ({sql}) c WHERE c.overall_level >= %(level)s",
            params | {"level": MIN_LEVEL},
        )
    }
    honoured = Honour.objects.filter(year__range=f.period.years).values("enterprise_id")
    enterprises = Enterprise.objects.filter(pk__in=found, archived_at__isnull=True).exclude(pk__in=honoured)
    courses = dict(
        Participant.objects.filter(
            enterprise_id__in=found, status=AttendanceStatus.ATTENDED, activity__in=counting.held(f.period)
        )
        .values("enterprise_id")
        .annotate(count=Count("activity", distinct=True))
        .values_list("enterprise_id", "count")
    )
    ranked = [Candidate(e, *found[e.pk], courses.get(e.pk, 0)) for e in enterprises]
    ranked.sort(key=lambda c: (-c.level, -c.total, -c.courses, c.enterprise.name))
    return ranked[:limit] if limit is not None else ranked
