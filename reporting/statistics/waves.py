"""An invitation wave's figures: how far the enterprises invited have got, and the results of the
assessments of the wave the figures count (shown on the wave's page, registered with assessments)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db.models import Count, Q

from assessments.models import Assessment, AssessmentState, Wave
from enterprises.models import SIZE_CHOICES
from reporting.statistics import selectors as stats
from reporting.statistics.counting import basis, until_today


def wave_report(wave: Wave) -> dict[str, Any]:
    """Invited, opened, started, submitted and validated (enterprises), then the levels, pillars,
    sector × size, barriers and support wanted of each enterprise's latest counted assessment of
    the wave, whenever submitted."""
    f = replace(until_today(), wave=wave.pk)
    rows = stats.counted(f)
    sizes = {code: str(label) for code, label in SIZE_CHOICES}
    funnel = wave.invitations.aggregate(
        listed=Count("pk"),
        invited=Count("pk", filter=~Q(email="")),
        opened=Count("pk", filter=Q(accepted_at__isnull=False)),
    )
    progress = Assessment.objects.filter(wave=wave).aggregate(
        started=Count("enterprise", distinct=True),
        submitted=Count("enterprise", distinct=True, filter=Q(submitted_at__isnull=False)),
        validated=Count("enterprise", distinct=True, filter=Q(state=AssessmentState.VALIDATED)),
    )
    return {
        **funnel,
        **progress,
        "basis": basis(f),
        "counted": len(rows),
        "levels": stats.levels(f, rows),
        "pillars": stats.pillars(f, rows),
        "sector_size": [{**row, "size_label": sizes.get(row["size"], "")} for row in stats.sector_size(f, rows)],
        "barriers": stats.barriers(f, rows),
        "support": stats.support_demand(f, rows),
    }
