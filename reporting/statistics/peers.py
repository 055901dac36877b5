"""How an assessment's result compares with similar enterprises of the province (shown on the
result's page, registered with assessments)."""

from __future__ import annotations

import json
from statistics import median
from typing import Any

from assessments.models import Assessment
from reporting.statistics.counting import counted_sql, sql_rows, until_today

MIN_PEERS = 3  # a median of one or two enterprises would reveal them


def peer_medians(assessment: Assessment) -> dict[str, Any] | None:
    """The median total and pillar points of the other enterprises of the same VSIC section and
    size, from the latest assessment of each that the figures count to date, under the same model
    version (pillars compare only within one version); None when fewer than MIN_PEERS compare."""
    enterprise = assessment.enterprise
    if not enterprise.section or not enterprise.size:
        return None
    version = assessment.version
    f = until_today(section=enterprise.section, size=enterprise.size, family=version.key, version_number=version.number)
    sql, params = counted_sql(f)
    results = [
        (
            total or 0,
            [pillar["points"] for pillar in (json.loads(pillars) if isinstance(pillars, str) else pillars) or []],
        )
        for total, pillars in sql_rows(
            f"SELECT c.total, c.result -> 'pillars' FROM ({sql}) c WHERE c.enterprise_id <> %(self)s",
            params | {"self": enterprise.pk},
        )
    ]
    if len(results) < MIN_PEERS:
        return None
    return {
        "count": len(results),
        "total": median(total for total, _points in results),
        "pillars": [median(points) for points in zip(*(points for _total, points in results), strict=True)],
    }
