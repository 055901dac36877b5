"""Small-cell protection for figures that leave the department's own screens (the statistics API, the
national rollup): no cell may single out a few enterprises.

A count of enterprises from 1 to k − 1 (k = settings.STATS_MIN_CELL, 5 by default) is replaced by the
text "<k"; an average or a percentage over fewer than k enterprises becomes null, so no endpoint
gives one enterprise's points. Where the cells of a distribution add up to a published total (levels,
sizes, sectors, re-assessed up/same/down) and only one cell would be hidden, the next smallest is hidden
too, or the hidden one could be worked out by subtraction. Zero stays zero. Counts of people and of
activities, reach and money are not counts of enterprises and are left as they are.

The department's dashboard, the KPI page and the yearly report show every figure (they are the
department's own and name the enterprises behind them anyway), except the report's table by ward: a
report is read far beyond the department, and a ward holding one assessed enterprise would print its
level; that table is hidden with `wards`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings

Figure = Any


def small() -> str:
    return f"<{settings.STATS_MIN_CELL}"


def _k() -> int:
    return int(settings.STATS_MIN_CELL)


def _is_small(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < _k()


def mask(value: Any) -> Any:
    """A count of enterprises, hidden if small."""
    return small() if _is_small(value) else value


def enough(count: Any) -> bool:
    """Whether an average over `count` enterprises may be shown."""
    return isinstance(count, int) and count >= _k()


def _hide_cells(rows: list[dict[str, Any]], key: str = "count") -> list[dict[str, Any]]:
    """A distribution's counts, small ones hidden, plus one more if a single one would be hidden."""
    hidden = {i for i, row in enumerate(rows) if _is_small(row[key])}
    if len(hidden) == 1:
        others = [(row[key], i) for i, row in enumerate(rows) if i not in hidden and row[key]]
        if others:
            hidden.add(min(others)[1])
    return [{**row, key: small() if i in hidden else row[key]} for i, row in enumerate(rows)]


def hide_counts(counts: list[int]) -> list[Any]:
    return [row["n"] for row in _hide_cells([{"n": count} for count in counts], "n")]


def key_numbers(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    assessed = {row["key"]: row for row in rows}.get("assessed", {})
    result = []
    for row in rows:
        if row["key"] == "average_level":
            result.append({
                **row,
                "value": row["value"] if enough(assessed.get("value")) else None,
                "previous": row["previous"] if enough(assessed.get("previous")) else None,
            })  # fmt: skip
        else:
            result.append({**row, "value": mask(row["value"]), "previous": mask(row["previous"])})
    return result


def registry(data: dict[str, Any]) -> dict[str, Any]:
    return {
        **data,
        "total": mask(data["total"]),
        "by_section": _hide_cells(data["by_section"]),
        "by_size": _hide_cells(data["by_size"]),
        "by_ward": _hide_cells(data["by_ward"]),
    }


def assessments(data: dict[str, Any]) -> dict[str, Any]:
    kinds = hide_counts([data["self_assessed"], data["expert_assisted"]])
    return {
        **{key: mask(value) for key, value in data.items()},
        "self_assessed": kinds[0],
        "expert_assisted": kinds[1],
    }


def levels(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return _hide_cells(rows)


def pillars(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    counted = sum(rows[0]["levels"]) if rows else 0  # each pillar's levels count every counted enterprise
    if not enough(counted):
        return [{**row, "average": None, "percent": None, "levels": [mask(n) for n in row["levels"]]} for row in rows]
    return [{**row, "levels": hide_counts(row["levels"])} for row in rows]


def sector_size(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    hidden = _hide_cells(rows)
    return [
        row if row["count"] == original["count"] else {**row, "average_points": None, "average_level": None}
        for row, original in zip(hidden, rows, strict=True)
    ]


def progress(data: dict[str, int]) -> dict[str, Any]:
    up, same, down = hide_counts([data["up"], data["same"], data["down"]])
    return {"reassessed": mask(data["reassessed"]), "up": up, "same": same, "down": down}


def ranked(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Part C or D: each item's count of enterprises (items are ticked together: no total to subtract from)."""
    return [
        {**row, "count": mask(row["count"]), "percent": None if _is_small(row["count"]) else row["percent"]}
        for row in rows
    ]


def trend(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **row,
            "counted": mask(row["counted"]),
            "average_level": row["average_level"] if enough(row["counted"]) else None,
            "level_3_or_more": mask(row["level_3_or_more"]),
        }
        for row in rows
    ]


def activities(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "enterprises": mask(row["enterprises"])} for row in rows]


def reached(data: dict[str, int]) -> dict[str, Any]:
    return {**data, **{key: mask(data[key]) for key in ("enterprises", "trained", "supported")}}


ENTERPRISE_UNITS = {"enterprises_trained", "enterprises_assessed", "enterprises_supported", "enterprises_honoured"}


def targets(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**row, "achieved": mask(row["achieved"])} if row["unit"] in ENTERPRISE_UNITS and _is_small(row["achieved"])
        else row
        for row in rows
    ]  # fmt: skip


def honours(data: dict[str, Any]) -> dict[str, Any]:
    return {"count": mask(data["count"]), "by_category": {key: mask(n) for key, n in data["by_category"].items()}}


def _hide_grid(grid: list[list[int]]) -> list[list[Any]]:
    """A table of counts whose rows and columns each add up to a published total (a ward × level
    table): the small cells hidden, then, until nothing changes, in any row or column where a single
    cell is hidden, the next smallest non-zero one too, so none can be worked out by subtraction."""
    hidden = {(r, c) for r, row in enumerate(grid) for c, value in enumerate(row) if _is_small(value)}
    lines = [[(r, c) for c in range(len(row))] for r, row in enumerate(grid)]
    lines += [[(r, c) for r in range(len(grid)) if c < len(grid[r])] for c in range(max(map(len, grid), default=0))]
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(cell in hidden for cell in line) != 1:
                continue
            others = [(grid[r][c], (r, c)) for r, c in line if (r, c) not in hidden and grid[r][c]]
            if others:
                hidden.add(min(others)[1])
                changed = True
    return [[small() if (r, c) in hidden else value for c, value in enumerate(row)] for r, row in enumerate(grid)]


def wards(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Ward by ward: the smallest area the figures are cut by, where a few enterprises are easily
    told apart. Enterprises assessed and validated per ward, and each ward's levels, as one grid."""
    grid = _hide_grid([[row["assessed"], row["validated"], *row["levels"]] for row in rows])
    return [
        {**row, "assessed": cells[0], "validated": cells[1], "levels": cells[2:]}
        for row, cells in zip(rows, grid, strict=True)
    ]


def certificates(data: dict[str, Any]) -> dict[str, Any]:
    return {"count": mask(data["count"]), "by_level": _hide_cells(data["by_level"])}


def _same(data: Figure) -> Figure:
    return data


# Figure name (as in the API) → how it is protected; the overview applies each to its part.
PROTECT: dict[str, Callable[[Figure], Figure]] = {
    "key-numbers": key_numbers,
    "registry": registry,
    "assessments": assessments,
    "levels": levels,
    "pillars": pillars,
    "sector-size": sector_size,
    "wards": wards,
    "certificates": certificates,
    "progress": progress,
    "barriers": ranked,
    "support-demand": ranked,
    "trend": trend,
    "activities": activities,
    "reached": reached,
    "targets": targets,
    "budget": _same,
    "honours": honours,
}


def basis(data: dict[str, Any]) -> dict[str, Any]:
    """The basis of an answer, saying how small cells are shown."""
    return {**data, "small_cells": small()}


def overview(data: dict[str, Any]) -> dict[str, Any]:
    protected = {**data, "basis": basis(data["basis"])}
    for name, protect in PROTECT.items():
        part = name.replace("-", "_")
        if part in data:
            protected[part] = protect(data[part])
    return protected
