"""The spread of a bench's repeated measurements (issue 19): one helper so every bench reports it alike.

A bench measures `--runs` times, keeps its old keys as the median of the runs and adds
`<key>_runs: {"min", "median", "max"}` beside each headline figure; `bench/table.py` reads them.
"""

from __future__ import annotations

import math
import statistics


def spread(values: list[float], digits: int = 0) -> dict[str, float]:
    """Min, median and max of the runs, rounded to `digits` (whole numbers by default)."""
    if not values:
        raise ValueError("a spread needs at least one run")
    return {
        "min": _round(min(values), digits),
        "median": _round(statistics.median(values), digits),
        "max": _round(max(values), digits),
    }


def with_spread(key: str, values: list[float], digits: int = 0) -> dict[str, object]:
    """`{key: median, key_runs: spread}`, the two entries a bench prints for one headline figure."""
    figures = spread(values, digits)
    return {key: figures["median"], f"{key}_runs": figures}


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (`share` 0.95 for p95): the smallest value with `share` of them at or below."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(len(ordered) * share) - 1)]


def _round(value: float, digits: int) -> float:
    return round(value) if digits == 0 else round(value, digits)
