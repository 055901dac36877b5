"""Print one table of the benches' results against the goals of issue 19, and write them all as JSON.

Usage (what `make bench` runs after the benches):
    .venv/bin/python bench/table.py [--out bench/results.json] bench/logs/*.out
Each file is one bench's standard output, named after it (stats_api.out); its last line is the bench's
JSON. A file `<name>.seconds` beside it, if any, holds how long the bench took. Each row shows the
median of the runs, their min–max, the goal and whether the median meets it; a figure whose goal is
from an earlier issue says so, one without a goal shows a dash. Exits 1 if a bench printed no JSON
(a goal missed is reported, not an error).
"""

from __future__ import annotations

import argparse
import json
import operator
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Row:
    work: str
    bench: str
    key: str
    unit: str = ""
    goal: float | None = None
    better: str = "<"  # the median meets the goal if `median <better> goal`
    source: str = "19"  # the issue that set the goal


ROWS = [
    Row("dashboard under wrk, p95", "stats_api", "dashboard_p95_ms", "ms", 100),
    Row("statistics API under wrk, p95", "stats_api", "api_p95_ms", "ms", 50),
    Row("statistics API under wrk, requests/s", "stats_api", "rps"),
    Row("registry import, rows/s", "import_registry", "rows_per_s", "", 20_000, "≥"),
    Row("registry import, peak RSS", "import_registry", "peak_rss_mb", "MB", 300, "≤"),
    Row("registry import ÷ plain django-import-export", "import_registry", "speedup", "×", 40, "≥"),
    Row("yearly report PDF + annex", "report_pdf", "seconds", "s", 5),
    Row("yearly report, peak RSS", "report_pdf", "peak_rss_mb", "MB", 300),
    Row("scoring engine, assessments/s", "scoring", "assessments_per_s", "", 100_000, "≥"),
    Row("assessment submit (server)", "scoring", "submit_median_ms", "ms", 50, source="5"),
    Row("fresh clone → first page (make run)", "first_page", "seconds", "s", 60),
    Row("national rollup, 34 provinces", "rollup", "rollup_ms", "ms", 1000, source="7"),
    Row("national rollup page", "rollup", "page_ms", "ms"),
    Row("slowest province page, p95 (no load)", "pages", "slowest_p95_ms", "ms"),
    Row("slowest registry search, p95 (no load)", "registry_search", "slowest_p95_ms", "ms"),
]
COMPARE: dict[str, Callable[[float, float], bool]] = {"<": operator.lt, "≤": operator.le, "≥": operator.ge}


def last_json(path: Path) -> dict[str, object] | None:
    """The bench's result: the JSON object on the last non-empty line of its output, if it printed one."""
    lines = [line for line in path.read_text(errors="replace").splitlines() if line.strip()]
    try:
        result = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        return None
    return result if isinstance(result, dict) else None


def number(value: float, unit: str = "") -> str:
    """Three significant figures or more (1,289 ms, 73.6 ms, 6.82 s), with the thousands grouped."""
    digits = 0 if abs(value) >= 100 or float(value).is_integer() else 1 if abs(value) >= 10 else 2
    text = f"{value:,.{digits}f}"
    return f"{text} {unit}".rstrip() if unit not in ("", "×") else f"{text}{unit}"


def table_rows(results: dict[str, dict[str, object] | None]) -> list[dict[str, str]]:
    rows = []
    for row in ROWS:
        if row.bench not in results:
            continue
        result = results[row.bench]
        goal = "—" if row.goal is None else f"{row.better} {number(row.goal, row.unit)}"
        if row.goal is not None and row.source != "19":
            goal += f" (issue {row.source})"
        met = "—" if row.goal is None else "no"
        line = {"work": row.work, "median": "failed", "min–max": "", "goal": goal, "met": met}
        value = result.get(row.key) if result else None
        if isinstance(value, int | float):
            line["median"] = number(value, row.unit)
            spread = result.get(f"{row.key}_runs") if result else None
            if isinstance(spread, dict):
                line["min–max"] = f"{number(spread['min'], row.unit)} – {number(spread['max'], row.unit)}"
            line["met"] = "—" if row.goal is None else ("yes" if COMPARE[row.better](value, row.goal) else "no")
        rows.append(line)
    return rows


def sizes(results: dict[str, dict[str, object] | None]) -> list[str]:
    """What the figures were measured on, since a goal holds for its issue's sizes only."""
    notes = []
    seed = results.get("seed_load")
    if seed:
        notes.append(
            f"bench province: {seed.get('enterprises'):,} enterprises, {seed.get('assessments'):,} assessments"
        )
    imported = results.get("import_registry")
    if imported:
        notes.append(
            f"import: {imported.get('rows'):,} rows (goal: 50,000), baseline {imported.get('baseline_rows'):,}"
        )
    wrk = results.get("stats_api")
    if wrk:
        notes.append(f"wrk: {wrk.get('runs')} runs × {wrk.get('seconds')} s, {wrk.get('connections')} connections")
    return notes


def render(rows: list[dict[str, str]]) -> str:
    columns = ["work", "median", "min–max", "goal", "met"]
    widths = {column: max(len(column), *(len(row[column]) for row in rows)) for column in columns}
    lines = [" | ".join(column.ljust(widths[column]) for column in columns)]
    lines.append("-+-".join("-" * widths[column] for column in columns))
    lines += [" | ".join(row[column].ljust(widths[column]) for column in columns) for row in rows]
    return "\n".join(line.rstrip() for line in lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outputs", nargs="+", type=Path, help="each bench's standard output, <bench>.out")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results.json")
    args = parser.parse_args()
    results = {path.stem: last_json(path) for path in args.outputs}
    timings = [path.with_suffix(".seconds") for path in args.outputs if path.with_suffix(".seconds").exists()]
    took = {path.stem: int(path.read_text().strip()) for path in sorted(timings, key=lambda path: path.stat().st_mtime)}
    rows = table_rows(results)
    print(render(rows))
    for note in sizes(results):
        print(f"  {note}")
    if took:
        print("  took: " + ", ".join(f"{name} {seconds} s" for name, seconds in took.items()))
    args.out.write_text(json.dumps({"results": results, "took_s": took, "table": rows}, indent=2, ensure_ascii=False))
    failed = sorted(name for name, result in results.items() if result is None)
    if failed:
        sys.exit(f"no result from: {', '.join(failed)} (see its .err beside its .out)")


if __name__ == "__main__":
    main()
