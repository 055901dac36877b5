"""Reading the national rollup: provinces side by side from their stored snapshots (a handful of
queries whatever the number of provinces; no province schema is read)."""

from __future__ import annotations

from datetime import date
from statistics import median
from typing import Any

from django.utils import timezone

from reporting.national.models import ProvinceSnapshot, SubmittedReport
from reporting.statistics import disclosure


def _snapshots(year: int) -> dict[int, ProvinceSnapshot]:
    """Each province's snapshot of the year: the submitted one when there is one, else the live one."""
    chosen: dict[int, ProvinceSnapshot] = {}
    for snapshot in ProvinceSnapshot.objects.filter(year=year).order_by("kind"):  # "live" < "submitted"
        chosen[snapshot.province_id] = snapshot
    return chosen


def pillar_median(year: int) -> list[float | None] | None:
    """The median across provinces of each pillar's share of its maximum; None without snapshots."""
    rows = [snapshot.data["pillars"] for snapshot in _snapshots(year).values() if snapshot.data.get("pillars")]
    if not rows:
        return None
    medians: list[float | None] = []
    for index in range(len(rows[0])):
        values = [row[index]["percent"] for row in rows if len(row) > index and row[index]["percent"] is not None]
        medians.append(round(median(values), 1) if values else None)
    return medians


def report_status(*, deadline: date | None, submitted: SubmittedReport | None, today: date) -> str:
    if submitted is not None:
        return "submitted"
    if deadline is None:
        return "no_deadline"
    return "late" if deadline < today else "due"


def rollup(year: int, *, today: date | None = None) -> dict[str, Any]:
    """Per province: enterprises, assessed, levels, average level, pillar shares, training against
    its targets and the report's status; then the national total."""
    from tenants.selectors import province_list

    today = today or timezone.localdate()
    snapshots = _snapshots(year)
    reports = {report.province_id: report for report in SubmittedReport.objects.filter(year=year)}
    rows = []
    for province in province_list():
        snapshot = snapshots.get(province.pk)
        data = snapshot.data if snapshot else None
        report = reports.get(province.pk)
        deadline = province.ministry_report_date(year)
        trained_target = sum(t["minimum"] for t in data["targets"] if t["unit"] == "enterprises_trained") if data else 0
        rows.append({
            "province": province.full_name,
            "slug": province.slug,
            "code": province.code,
            "snapshot": snapshot.kind if snapshot else None,
            "computed_at": snapshot.computed_at.isoformat() if snapshot else None,
            "registry": data["registry"] if data else None,
            "counted": data["counted"] if data else None,
            "levels": data["levels"] if data else None,
            "average_level": data["average_level"] if data else None,
            "pillars": [p["percent"] for p in data["pillars"]] if data else None,
            "trained": data["reached"]["trained"] if data else None,
            "trained_target": trained_target or None,
            "report": {
                "status": report_status(deadline=deadline, submitted=report, today=today),
                "deadline": deadline.isoformat() if deadline else None,
                "number": report.number if report else None,
                "submitted_at": report.submitted_at.isoformat() if report else None,
            },
        })  # fmt: skip
    total = _total(rows, snapshots)
    return {"year": year, "provinces": [_protected(row) for row in rows], "total": _protected(total)}


def _protected(row: dict[str, Any]) -> dict[str, Any]:
    """A province's (or the nation's) row as the ministry sees it: no cell of fewer than k enterprises,
    no average over so few (the totals are summed from the exact figures first)."""
    if row.get("counted") is None:
        return row
    counted = row["counted"]
    protected = {
        **row,
        "registry": disclosure.mask(row["registry"]),
        "counted": disclosure.mask(counted),
        "levels": disclosure.hide_counts(row["levels"]),
        "average_level": row["average_level"] if disclosure.enough(counted) else None,
        "trained": disclosure.mask(row["trained"]),
    }
    if isinstance(row["pillars"], list) and row["pillars"] and not isinstance(row["pillars"][0], dict):
        protected["pillars"] = row["pillars"] if disclosure.enough(counted) else [None] * len(row["pillars"])
    return protected


def _total(rows: list[dict[str, Any]], snapshots: dict[int, ProvinceSnapshot]) -> dict[str, Any]:
    with_data = [row for row in rows if row["snapshot"]]
    counted = sum(row["counted"] for row in with_data)
    levels = [sum(row["levels"][level] for row in with_data) for level in range(6)]
    pillar_names: list[dict[str, Any]] = next(
        (s.data["pillars"] for s in snapshots.values() if s.data.get("pillars")), []
    )
    pillars = []
    for index, pillar in enumerate(pillar_names):
        weighted = [
            (row["pillars"][index], row["counted"])
            for row in with_data
            if len(row["pillars"]) > index and row["pillars"][index] is not None and row["counted"]
        ]
        weight = sum(count for _value, count in weighted)
        values = [value for value, _count in weighted]
        pillars.append({
            "code": pillar["code"],
            "name": pillar["name"],
            "average": round(sum(value * count for value, count in weighted) / weight, 1) if weight else None,
            "median": round(median(values), 1) if values else None,
        })  # fmt: skip
    return {
        "provinces": len(rows),
        "reporting": len(with_data),
        "registry": sum(row["registry"] for row in with_data),
        "counted": counted,
        "levels": levels,
        "average_level": round(sum(level * n for level, n in enumerate(levels)) / counted, 2) if counted else None,
        "pillars": pillars,
        "trained": sum(row["trained"] for row in with_data),
        "trained_target": sum(row["trained_target"] or 0 for row in with_data) or None,
        "submitted": sum(1 for row in rows if row["report"]["status"] == "submitted"),
        "late": sum(1 for row in rows if row["report"]["status"] == "late"),
    }


def submitted_report(*, slug: str, year: int) -> SubmittedReport | None:
    return SubmittedReport.objects.filter(province__slug=slug, year=year).select_related("province").first()
