"""The province's dashboard: the staff's home page."""

from __future__ import annotations

from datetime import date

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.charts import svg_data_uri
from core.types import AuthenticatedRequest
from programme.selectors import overdue_updates, update_deadline
from stats.charts import charts
from stats.forms import DashboardFilterForm, recent_years
from stats.selectors import Period, cached, filters_for, overview_cached

_KEY_LABELS = {
    "registry": _("Enterprises in the registry"),
    "assessed": _("Enterprises assessed"),
    "validated": _("Assessments validated"),
    "average_level": _("Average DBI level"),
    "level_3_or_more": _("At level 3 or more"),
    "trained": _("Enterprises trained"),
    "reached": _("Enterprises reached by activities"),
}


def dashboard_view(request: AuthenticatedRequest) -> HttpResponse:
    """Key numbers against last year, the charts, overdue task updates and the reporting calendar.
    Reached through the home page, which checks the permission."""
    today = timezone.localdate()
    form = DashboardFilterForm(request.GET or None, initial={"year": today.year})
    year, section, size = today.year, "", ""
    if form.is_bound and form.is_valid():
        year, section, size = form.cleaned_data["year"], form.cleaned_data["section"], form.cleaned_data["size"]
    f = filters_for(Period.of_year(year), section=section, size=size)
    overview = overview_cached(f)

    def draw() -> dict[str, str]:
        drawn = charts(overview, national_pillars=_national(year))
        return {name: svg_data_uri(svg) for name, svg in drawn.items() if svg}

    pictures = cached(f, f"charts:{get_language()}", draw)
    context = {
        "form": form,
        "year": year,
        "years": recent_years(),
        "overview": overview,
        "key_numbers": [(_KEY_LABELS[row["key"]], row) for row in overview["key_numbers"]],
        "charts": pictures,
        "overdue": overdue_updates(today=today),
        "deadlines": _deadlines(today),
        "version": f.version,
    }
    return render(request, "stats/dashboard.html", context)


def _national(year: int) -> list[float | None] | None:
    """The national median of each pillar's share, from the provinces' stored snapshots."""
    from national.selectors import pillar_median

    return pillar_median(year)


def _deadlines(today: date) -> list[dict[str, object]]:
    """This year's reporting dates from the province's settings (next year's once passed)."""
    from reports.selectors import ministry_deadline, report_of_year

    rows: list[dict[str, object]] = []
    for label, deadline_of in (
        (_("Agencies report to the department"), update_deadline),
        (_("The department reports to the ministry"), ministry_deadline),
    ):
        day = deadline_of(today.year)
        if day is not None and day < today:
            day = deadline_of(today.year + 1)
        if day is not None:
            rows.append({"label": label, "date": day, "days": (day - today).days})
    report = report_of_year(today.year)
    if rows:
        rows[-1]["report"] = report
    return rows
