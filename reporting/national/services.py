"""Writing the national rollup: each province's aggregates (nightly, and as submitted) and the PDF of
its official yearly report, copied to the public schema so the ministry never reads a province's."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from reporting.national.models import ProvinceSnapshot, SnapshotKind, SubmittedReport

if TYPE_CHECKING:
    from tenants.models import Province


def snapshot_data(overview: dict[str, Any]) -> dict[str, Any]:
    """What leaves a province: counts, averages and targets of a `stats.selectors.overview` — never a
    name, a tax code or anything else about one enterprise."""
    key = {row["key"]: row["value"] for row in overview["key_numbers"]}
    return {
        "basis": overview["basis"],
        "registry": overview["registry"]["total"],
        "by_size": {row["code"]: row["count"] for row in overview["registry"]["by_size"]},
        "assessments": overview["assessments"],
        "counted": overview["assessments"]["counted"],
        "levels": [row["count"] for row in overview["levels"]],
        "average_level": key.get("average_level"),
        "level_3_or_more": key.get("level_3_or_more"),
        "pillars": [
            {key: row[key] for key in ("code", "name", "max", "average", "percent")} for row in overview["pillars"]
        ],
        "progress": overview["progress"],
        "activities": {
            row["kind"]: {key: row[key] for key in ("held", "participants", "enterprises", "reach")}
            for row in overview["activities"]
        },
        "reached": overview["reached"],
        "targets": [
            {key: row[key] for key in ("plan", "task", "text", "unit", "minimum", "maximum", "per_year", "achieved")}
            for row in overview["targets"]
        ],
        "budget": {"planned": overview["budget"]["planned"], "spent": overview["budget"]["spent"]},
        "honours": overview["honours"]["count"],
    }


def snapshot_take(*, province: Province, year: int, kind: str = SnapshotKind.LIVE) -> ProvinceSnapshot:
    """Compute a province's figures of the year in its schema and store the aggregates."""
    from reporting.statistics.selectors import Period, filters_for, overview

    with schema_context(province.schema_name):
        data = snapshot_data(overview(filters_for(Period.of_year(year))))
    snapshot, _created = ProvinceSnapshot.objects.update_or_create(
        province=province, year=year, kind=kind, defaults={"data": data, "computed_at": timezone.now()}
    )
    return snapshot


def snapshots_refresh(*, year: int | None = None) -> int:
    """The live snapshots of every province, one province at a time (the nightly beat)."""
    from tenants.selectors import province_list

    year = year or timezone.localdate().year
    count = 0
    for province in province_list():
        snapshot_take(province=province, year=year)
        count += 1
    return count


def report_submitted(
    *,
    province: Province,
    year: int,
    number: str,
    pdf: bytes,
    pages: int,
    overview: dict[str, Any],
    submitted_at: datetime,
) -> None:
    """Called by `reports` (inside its transaction) when a province submits its yearly report: the
    report's exact numbers become the province's submitted snapshot, and its PDF is copied."""
    with transaction.atomic():
        ProvinceSnapshot.objects.update_or_create(
            province=province, year=year, kind=SnapshotKind.SUBMITTED,
            defaults={"data": snapshot_data(overview), "computed_at": submitted_at},
        )  # fmt: skip
        report = SubmittedReport.objects.filter(province=province, year=year).first() or SubmittedReport(
            province=province, year=year
        )
        report.number, report.pages, report.submitted_at = number, pages, submitted_at
        report.pdf.save(f"{province.slug}-{year}.pdf", ContentFile(pdf), save=False)
        report.save()
