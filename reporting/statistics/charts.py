"""The charts of a province's figures, drawn from an overview (live, or a report's snapshot) so the
dashboard and the yearly report PDF show the same pictures of the same numbers."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.charts import bars, lines, pillar_radar


def _language() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def charts(overview: dict[str, Any], *, national_pillars: list[float | None] | None = None) -> dict[str, str]:
    """SVG text of each chart, by name, in the active language ("" for a chart with nothing to show)."""
    return {
        "levels": levels_chart(overview),
        "pillars": pillars_chart(overview, national_pillars),
        "trend": trend_chart(overview),
        "sectors": sectors_chart(overview),
        "targets": targets_chart(overview),
    }


def levels_chart(overview: dict[str, Any]) -> str:
    language = _language()
    rows = list(reversed(overview["levels"]))  # horizontal bars draw from the bottom up
    if not any(row["count"] for row in rows):
        return ""
    return bars(
        [f"{row['level']} · {row['name'][language]}" for row in rows],
        [(_("Enterprises"), [row["count"] for row in rows])],
        title=_("Enterprises by DBI level"),
        horizontal=True,
    )


def pillars_chart(overview: dict[str, Any], national: list[float | None] | None) -> str:
    language = _language()
    rows = overview["pillars"]
    if not any(row["percent"] is not None for row in rows):
        return ""
    series: list[tuple[str, list[float | None]]] = [(_("This province"), [row["percent"] for row in rows])]
    if national and any(value is not None for value in national):
        series.append((_("National median"), list(national)))
    return pillar_radar(
        [row["name"][language] for row in rows], series, title=_("Pillar points, percent of each pillar's maximum")
    )


def trend_chart(overview: dict[str, Any]) -> str:
    rows = overview["trend"]
    if not any(row["counted"] for row in rows):
        return ""
    return lines(
        [row["label"] for row in rows],
        [
            (_("Enterprises assessed"), [row["counted"] for row in rows]),
            (_("At level 3 or more"), [row["level_3_or_more"] for row in rows]),
        ],
        secondary=[(_("Average level (right)"), [row["average_level"] for row in rows])],
        title=_("Assessments year by year"),
    )


def sectors_chart(overview: dict[str, Any], *, top: int = 10) -> str:
    assessed = Counter[str]()
    for row in overview["sector_size"]:
        assessed[row["section"]] += row["count"]
    sections = sorted(overview["registry"]["by_section"], key=lambda row: -row["count"])[:top]
    sections.reverse()  # horizontal bars draw from the bottom up
    if not sections:
        return ""
    return bars(
        [f"{row['code'] or '?'} · {row['name'][:40]}" if row["name"] else row["code"] or "?" for row in sections],
        [
            (_("In the registry"), [row["count"] for row in sections]),
            (_("Assessed"), [assessed.get(row["code"], 0) for row in sections]),
        ],
        horizontal=True,
        height=420,
        title=_("Enterprises by sector (VSIC section)"),
    )


def targets_chart(overview: dict[str, Any]) -> str:
    rows = [row for row in overview["targets"] if row["achieved"] is not None]
    if not rows:
        return ""
    return bars(
        [f"{row['task']}. {row['text'] or row['unit']}"[:60] for row in rows],
        [
            (_("Target (at least)"), [row["minimum"] for row in rows]),
            (_("Achieved"), [row["achieved"] for row in rows]),
        ],
        horizontal=True,
        height=max(240, 70 * len(rows) + 120),
        title=_("Targets of the plan against the records"),
    )
