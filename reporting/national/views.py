"""The national site's rollup for the ministry: provinces side by side, and their submitted reports."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.charts import bars, pillar_radar, svg_data_uri
from core.decorators import permission_or_404
from core.http import file_download
from core.types import AuthenticatedRequest
from reporting.national.selectors import rollup, submitted_report
from reporting.statistics.forms import recent_years, requested_year


def _year(request: AuthenticatedRequest) -> int:
    return requested_year(request, years=recent_years(), default=timezone.localdate().year)


@permission_or_404("accounts.view_national")
def rollup_view(request: AuthenticatedRequest) -> HttpResponse:
    year = _year(request)
    data = rollup(year)
    language = "en" if (get_language() or "vi").startswith("en") else "vi"
    shown = [row for row in data["provinces"] if isinstance(row["counted"], int) and row["counted"]]
    charts: dict[str, dict[str, str]] = {}
    if shown:
        pillars = data["total"]["pillars"]
        for compact, size in ((False, "wide"), (True, "phone")):
            levels = bars(
                [row["province"] for row in shown],
                [
                    (_("Level %(level)s") % {"level": level}, [_share(row, level) for row in shown])
                    for level in range(6)
                ],
                stacked=True,
                title=_("Enterprises by DBI level, percent of those assessed"),
                height=420,
                compact=compact,
            )
            radar = pillar_radar(
                [pillar["name"][language] for pillar in pillars],
                [
                    (_("National average"), [pillar["average"] for pillar in pillars]),
                    (_("Median of provinces"), [pillar["median"] for pillar in pillars]),
                ],
                title=_("Pillar points, percent of each pillar's maximum"),
                compact=compact,
            )
            charts.setdefault("levels", {})[size] = svg_data_uri(levels)
            charts.setdefault("pillars", {})[size] = svg_data_uri(radar)
    context = {"data": data, "year": year, "years": recent_years(), "charts": charts, "language": language}
    return render(request, "national/rollup.html", context)


@permission_or_404("accounts.view_national")
def report_pdf_view(request: AuthenticatedRequest, slug: str, year: int) -> FileResponse:
    report = submitted_report(slug=slug, year=year)
    if report is None:
        raise Http404
    return file_download(report.pdf, f"bao-cao-cds-{slug}-{year}.pdf")


def _share(row: dict[str, Any], level: int) -> float | None:
    """The level's share of the province's assessed; None where the count is hidden (a small cell)."""
    count, counted = row["levels"][level], row["counted"]
    if not isinstance(count, int) or not isinstance(counted, int):
        return None
    return round(100 * count / counted, 1)
