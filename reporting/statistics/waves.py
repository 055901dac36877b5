"""An invitation wave's figures: how far the enterprises invited have got, and the results of the
assessments of the wave the figures count (shown on the wave's page, registered with assessments)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db.models import Count, Q

from assessments.models import Wave
from assessments.selectors import InviteeStatus, invitation_statuses
from enterprises.models import SIZE_CHOICES
from reporting.statistics import selectors as stats
from reporting.statistics.counting import basis, until_today


def wave_report(wave: Wave) -> dict[str, Any]:
    """Listed, invited, opened, started, submitted and validated (enterprises of the list), then the levels, pillars,
    sector × size, barriers and support wanted of each enterprise's latest counted assessment of
    the wave, whenever submitted."""
    f = replace(until_today(), wave=wave.pk)
    rows = stats.counted(f)
    sizes = {code: str(label) for code, label in SIZE_CHOICES}
    # Each enterprise on the list counts at every stage up to the furthest it reached (starting
    # implies having opened, submitting implies having started...), so the funnel only narrows.
    stages = {
        "invited": InviteeStatus.INVITED,
        "opened": InviteeStatus.OPENED,
        "started": InviteeStatus.STARTED,
        "submitted": InviteeStatus.SUBMITTED,
        "validated": InviteeStatus.VALIDATED,
    }
    funnel = (
        invitation_statuses(wave=wave)
        .order_by()
        .aggregate(
            listed=Count("pk"), **{name: Count("pk", filter=Q(stage__gte=stage)) for name, stage in stages.items()}
        )
    )
    return {
        **funnel,
        "basis": basis(f),
        "counted": len(rows),
        "levels": stats.levels(f, rows),
        "pillars": stats.pillars(f, rows),
        "sector_size": [{**row, "size_label": sizes.get(row["size"], "")} for row in stats.sector_size(f, rows)],
        "barriers": stats.barriers(f, rows),
        "support": stats.support_demand(f, rows),
    }
