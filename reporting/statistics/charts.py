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


def charts(
    overview: dict[str, Any], *, national_pillars: list[float | None] | None = None, compact: bool = False
) -> dict[str, str]:
    """SVG text of each chart, by name, in the active language ("" for a chart with nothing to show);
    `compact` draws them for a phone (core.charts)."""
    return {
        "levels": levels_chart(overview, compact=compact),
        "pillars": pillars_chart(overview, national_pillars, compact=compact),
        "trend": trend_chart(overview, compact=compact),
        "sectors": sectors_chart(overview, compact=compact),
        "targets": targets_chart(overview, compact=compact),
    }


def levels_chart(overview: dict[str, Any], *, compact: bool = False) -> str:
    language = _language()
    rows = list(reversed(overview["levels"]))  # horizontal bars draw from the bottom up
    if not any(row["count"] for row in rows):
        return ""
    return bars(
        [f"{row['level']} · {row['name'][language]}" for row in rows],
        [(_("Enterprises"), [row["count"] for row in rows])],
        title=_("Enterprises by DBI level"),
        horizontal=True,
        compact=compact,
    )


def pillars_chart(overview: dict[str, Any], national: list[float | None] | None, *, compact: bool = False) -> str:
    language = _language()
    rows = overview["pillars"]
    if not any(row["percent"] is not None for row in rows):
        return ""
    series: list[tuple[str, list[float | None]]] = [(_("This province"), [row["percent"] for row in rows])]
    if national and any(value is not None for value in national):
        series.append((_("National median"), list(national)))
    return pillar_radar(
        [row["name"][language] for row in rows],
        series,
        title=_("Pillar points, percent of each pillar's maximum"),
        compact=compact,
    )


def trend_chart(overview: dict[str, Any], *, compact: bool = False) -> str:
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
        compact=compact,
    )


def sectors_chart(overview: dict[str, Any], *, top: int = 10, compact: bool = False) -> str:
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
        height=520 if compact else 420,
        title=_("Enterprises by sector (VSIC section)"),
        compact=compact,
    )


def targets_chart(overview: dict[str, Any], *, compact: bool = False) -> str:
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
        height=max(240, 70 * len(rows) + 120) + (60 if compact else 0),
        title=_("Targets of the plan against the records"),
        compact=compact,
    )
