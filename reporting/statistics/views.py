"""The province's dashboard: the staff's home page."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from campaigns.selectors import overdue_updates, update_deadline
from core.cache import FIGURES_STAMP, stamp
from core.charts import svg_data_uri
from core.types import AuthenticatedRequest
from reporting.statistics import extensions
from reporting.statistics.apps import CALENDAR_STAMP
from reporting.statistics.charts import charts
from reporting.statistics.forms import DashboardFilterForm
from reporting.statistics.selectors import Period, cached, filters_for, overview_cached
from tenants.selectors import current_province

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
    context = {"form": form, "figures": _figures(request, year, section, size), "calendar": _calendar(request, today)}
    return render(request, "statistics/dashboard.html", context)


def _figures(request: HttpRequest, year: int, section: str, size: str) -> dict[str, SafeString]:
    """The key numbers, the charts and the barriers as HTML, kept for STATS_CACHE_SECONDS per
    province, question and language: a page shown again within that time counts nothing and
    draws nothing. (The calendar and the overdue updates around them are read on every visit.)"""
    seconds = settings.STATS_CACHE_SECONDS
    # The key function adds the schema; the stamp changes with any write that moves a figure.
    key = f"stats:dashboard:{stamp(FIGURES_STAMP)}:{year}:{section}:{size}:{get_language()}"
    html: dict[str, SafeString] | None = cache.get(key) if seconds else None
    if html is None:
        f = filters_for(Period.of_year(year), section=section, size=size)
        overview = overview_cached(f)

        def draw() -> dict[str, dict[str, str]]:
            """Each chart twice: for a laptop and, compact, for a phone (templates/includes/_chart.html)."""
            national = extensions.national_median(year)
            wide = charts(overview, national_pillars=national)
            phone = charts(overview, national_pillars=national, compact=True)
            return {
                name: {"wide": svg_data_uri(svg), "phone": svg_data_uri(phone[name])}
                for name, svg in wide.items()
                if svg
            }

        context = {
            "year": year,
            "overview": overview,
            "key_numbers": [(_KEY_LABELS[row["key"]], row) for row in overview["key_numbers"]],
            "charts": cached(f, f"charts:{get_language()}:wide-and-phone", draw),
        }
        html = {
            part: render_to_string(f"statistics/_{part}.html", context, request)  # a SafeString
            for part in ("key_numbers", "charts", "barriers")
        }
        if seconds:
            cache.set(key, html, seconds)
    return html


def _calendar(request: AuthenticatedRequest, today: date) -> SafeString:
    """The reporting calendar and the overdue task updates as HTML, kept until the day, the
    province's dates or any plan, task, update, agency or yearly report changes."""
    province = current_province()
    may_report = request.user.has_perm("reports.view_yearlyreport")
    key = ":".join(map(str, [
        "stats:calendar", stamp(CALENDAR_STAMP), today, get_language(), may_report,
        province.agency_report_date(today.year), province.ministry_report_date(today.year),
    ]))  # fmt: skip
    html: SafeString | None = cache.get(key) if settings.STATS_CACHE_SECONDS else None
    if html is None:
        context = {"overdue": overdue_updates(today=today), "deadlines": _deadlines(today)}
        html = render_to_string("statistics/_calendar.html", context, request)
        if settings.STATS_CACHE_SECONDS:
            cache.set(key, html, 24 * 3600)
    return html


def _deadlines(today: date) -> list[dict[str, object]]:
    """This year's reporting dates from the province's settings (next year's once passed)."""
    rows: list[dict[str, object]] = []
    for label, deadline_of in (
        (_("Agencies report to the department"), update_deadline),
        (_("The department reports to the ministry"), current_province().ministry_report_date),
    ):
        day = deadline_of(today.year)
        if day is not None and day < today:
            day = deadline_of(today.year + 1)
        if day is not None:
            rows.append({"label": label, "date": day, "days": (day - today).days})
    report = extensions.report_of_year(today.year)
    if rows:
        rows[-1]["report"] = report
    return rows
