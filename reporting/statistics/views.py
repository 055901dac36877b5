"""The province's dashboard: the staff's home page."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from campaigns.selectors import overdue_updates, update_deadline
from core.cache import FIGURES_STAMP, stamp, stamped_get_many, stamped_set
from core.decorators import permission_or_404
from core.types import AuthenticatedRequest
from reporting.statistics import extensions
from reporting.statistics.apps import CALENDAR_STAMP
from reporting.statistics.charts import charts
from reporting.statistics.forms import DashboardFilterForm, recent_years, vsic_sections
from reporting.statistics.selectors import Period, cached, filters_for, overview_cached
from tenants.selectors import current_province

VARIANTS = ("wide", "phone")  # a chart for a laptop, and compact for a phone (templates/includes/_chart.html)
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
    year, section, size = today.year, "", ""
    # Without a query (the usual visit) nothing is checked, and no form is made unless it is drawn.
    form = DashboardFilterForm(request.GET) if request.GET else None
    if form is not None and form.is_valid():
        year, section, size = form.cleaned_data["year"], form.cleaned_data["section"], form.cleaned_data["size"]
    # One round trip to the cache for a page shown again: both kept parts with their stamps.
    # 3: kept beside their stamps (core.cache.stamped_get_many), not under keys that carry them
    figures_key = f"stats:dashboard:3:{year}:{section}:{size}:{get_language()}"
    calendar_key = _calendar_key(request, today)
    current, kept = stamped_get_many({figures_key: FIGURES_STAMP, calendar_key: CALENDAR_STAMP})
    if not settings.STATS_CACHE_SECONDS:
        kept = {}
    if figures_key in kept:
        figures = kept[figures_key]
    else:
        figures = _figures(request, figures_key, current[FIGURES_STAMP], year, section, size)
    if calendar_key in kept:
        calendar = kept[calendar_key]
    else:
        calendar = _calendar(request, calendar_key, current[CALENDAR_STAMP], today)
    context = {"filters": _filters_drawn(form, today), "figures": figures, "calendar": calendar}
    return render(request, "statistics/dashboard.html", context)


_FILTERS_DRAWN: dict[tuple[object, ...], SafeString] = {}


def _filters_drawn(form: DashboardFilterForm | None, today: date) -> SafeString:
    """The filter form as HTML (unfilled when `form` is None), drawn once per process for each
    language, list of choices and chosen values (all it shows), then reused: its thirty options
    cost more than the rest of the page."""
    # The chosen values as the template compares them (`field.value|stringformat:"s"`).
    chosen = (
        tuple(str(form[name].value()) for name in form.fields)
        if form is not None
        else (str(today.year), "None", "None")
    )
    key = (get_language(), chosen, tuple(recent_years()), vsic_sections())
    html = _FILTERS_DRAWN.get(key)
    if html is None:
        if len(_FILTERS_DRAWN) >= 512:  # chosen values come from the query string: keep it bounded
            _FILTERS_DRAWN.clear()
        drawn = form if form is not None else DashboardFilterForm(initial={"year": today.year})
        html = _FILTERS_DRAWN[key] = render_to_string("statistics/_filters.html", {"form": drawn})
    return html


def _figures(request: HttpRequest, key: str, figures: int, year: int, section: str, size: str) -> dict[str, SafeString]:
    """The key numbers, the charts and the barriers as HTML, kept under `key` for
    STATS_CACHE_SECONDS per province, question and language: a page shown again within that time
    counts nothing and draws nothing. The key function adds the schema; the stamp `figures` in the
    key changes with any write that moves a figure."""
    f = filters_for(Period.of_year(year), section=section, size=size)
    overview = overview_cached(f)
    drawn = _charts_drawn(year, section, size)
    question = _chart_question(year, section, size, figures)
    context = {
        "year": year,
        "overview": overview,
        "key_numbers": [(_KEY_LABELS[row["key"]], row) for row in overview["key_numbers"]],
        # Each chart is an image of its own (chart_view), so the page does not carry it: its URL
        # names the figures' stamp and the language, so a browser keeps it until they change.
        "charts": {
            name: {variant: f"{reverse('dashboard-chart', args=[name, variant])}?{question}" for variant in VARIANTS}
            for name in drawn
        },
    }
    html = {
        part: render_to_string(f"statistics/_{part}.html", context, request)  # a SafeString
        for part in ("key_numbers", "charts", "barriers")
    }
    if settings.STATS_CACHE_SECONDS:
        stamped_set(key, figures, html, settings.STATS_CACHE_SECONDS)
    return html


def _chart_question(year: int, section: str, size: str, figures: int | str) -> str:
    """The query of a chart's URL: the filters, and the language and stamp it was drawn with."""
    return urlencode({"year": year, "section": section, "size": size, "lang": get_language(), "v": figures})


def _charts_drawn(year: int, section: str, size: str) -> dict[str, dict[str, str]]:
    """The dashboard's charts as SVG, each twice: for a laptop and, compact, for a phone
    (templates/includes/_chart.html); kept with the figures they draw."""
    f = filters_for(Period.of_year(year), section=section, size=size)

    def draw() -> dict[str, dict[str, str]]:
        overview = overview_cached(f)
        national = extensions.national_median(year)
        wide = charts(overview, national_pillars=national)
        phone = charts(overview, national_pillars=national, compact=True)
        return {name: {"wide": svg, "phone": phone[name]} for name, svg in wide.items() if svg}

    return cached(f, f"charts:{get_language()}:svg", draw)


@permission_or_404("assessments.view_assessment")  # who sees the dashboard (dbi_portal.views.home_view)
def chart_view(request: AuthenticatedRequest, chart: str, variant: str) -> HttpResponse:
    """One chart of the dashboard as an SVG image. Its URL carries the filters, the language and the
    figures' stamp: a URL whose stamp or language is not the current one (a page kept by a browser
    from before a write, or the language switched) is sent to the current one, so an image never
    shows figures older than the page's, and the current one may be kept by the browser for a year."""
    form = DashboardFilterForm(request.GET)
    if variant not in VARIANTS or not form.is_valid():
        raise Http404
    year, section, size = form.cleaned_data["year"], form.cleaned_data["section"], form.cleaned_data["size"]
    figures, language = str(stamp(FIGURES_STAMP)), get_language()
    if request.GET.get("v") != figures or request.GET.get("lang") != language:
        question = _chart_question(year, section, size, figures)
        response: HttpResponse = redirect(f"{request.path}?{question}")
        response["Cache-Control"] = "private, no-cache"
        return response
    etag = f'"{figures}-{language}-{year}-{section}-{size}-{chart}-{variant}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
    else:
        svg = _charts_drawn(year, section, size).get(chart, {}).get(variant)
        if svg is None:
            raise Http404
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=31536000, immutable"
    return response


def _calendar_key(request: AuthenticatedRequest, today: date) -> str:
    """The reporting calendar and the overdue task updates are kept until the day, the province's
    dates or any plan, task, update, agency or yearly report (the stamp `calendar`) changes."""
    province = current_province()
    return ":".join(map(str, [
        "stats:calendar:2", today, get_language(), request.user.has_perm("reports.view_yearlyreport"),
        province.agency_report_date(today.year), province.ministry_report_date(today.year),
    ]))  # fmt: skip


def _calendar(request: AuthenticatedRequest, key: str, calendar: int, today: date) -> SafeString:
    """The reporting calendar and the overdue task updates as HTML, kept a day under `key`, drawn at
    the stamp `calendar`."""
    context = {"overdue": overdue_updates(today=today), "deadlines": _deadlines(today)}
    html = render_to_string("statistics/_calendar.html", context, request)
    if settings.STATS_CACHE_SECONDS:
        stamped_set(key, calendar, html, 24 * 3600)
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
