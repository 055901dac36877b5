"""What the yearly report and the national rollup add to the dashboard, without the statistics
importing them (they stand above it and register here from their `AppConfig.ready()`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# The yearly report of a year (or None), linked from the calendar's ministry deadline.
ReportOfYear = Callable[[int], Any]
# The national median of each pillar's share for a year, drawn beside the province's radar.
NationalMedian = Callable[[int], "list[float | None] | None"]

_report_of_year: list[ReportOfYear] = []
_national_median: list[NationalMedian] = []


def report_of_year_register(provider: ReportOfYear) -> None:
    _report_of_year[:] = [provider]


def report_of_year(year: int) -> Any:
    return _report_of_year[0](year) if _report_of_year else None


def national_median_register(provider: NationalMedian) -> None:
    _national_median[:] = [provider]


def national_median(year: int) -> list[float | None] | None:
    return _national_median[0](year) if _national_median else None
