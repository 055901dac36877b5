"""Enterprise size classes under Nghị định 80/2021/NĐ-CP, Điều 5.

Headcount (average employees with social insurance) AND (revenue OR total capital), tested from
micro to medium; anything larger is large. Money in billion VND. The sector group follows the
main business line's VSIC section: A–F (agriculture, forestry and fishery; industry; construction)
in both the 2018 and the 2025 edition, everything else is trade and services.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class SectorGroup(StrEnum):
    PRODUCTION = "production"  # nông, lâm, thủy sản; công nghiệp; xây dựng
    TRADE_SERVICES = "trade_services"  # thương mại, dịch vụ


class SizeClass(StrEnum):
    MICRO = "micro"
    SMALL = "small"
    MEDIUM = "medium"
    LARGE = "large"


@dataclass(frozen=True)
class Limit:
    headcount: int
    revenue: Decimal
    capital: Decimal


# (size, production limits, trade-and-services limits), smallest first.
LIMITS: tuple[tuple[SizeClass, Limit, Limit], ...] = (
    (SizeClass.MICRO, Limit(10, Decimal(3), Decimal(3)), Limit(10, Decimal(10), Decimal(3))),
    (SizeClass.SMALL, Limit(100, Decimal(50), Decimal(20)), Limit(50, Decimal(100), Decimal(50))),
    (SizeClass.MEDIUM, Limit(200, Decimal(200), Decimal(100)), Limit(100, Decimal(300), Decimal(100))),
)
PRODUCTION_SECTIONS = frozenset("ABCDEF")


@dataclass(frozen=True)
class SizeResult:
    size: SizeClass | None  # None: not enough data to decide
    group: SectorGroup | None
    headcount: int | None
    revenue: Decimal | None
    capital: Decimal | None
    missing: tuple[str, ...] = ()  # the inputs that were needed but absent


def sector_group(section: str | None) -> SectorGroup | None:
    if not section:
        return None
    return SectorGroup.PRODUCTION if section.upper() in PRODUCTION_SECTIONS else SectorGroup.TRADE_SERVICES


def size_class(
    section: str | None, headcount: int | None, revenue: Decimal | None, capital: Decimal | None
) -> SizeClass | None:
    """The smallest class whose headcount limit holds and whose revenue or capital limit holds;
    None when the sector, the headcount, or both money figures are unknown."""
    if not section or headcount is None or (revenue is None and capital is None):
        return None
    production = section.upper() in PRODUCTION_SECTIONS
    for size, production_limit, trade_limit in LIMITS:
        limit = production_limit if production else trade_limit
        if headcount <= limit.headcount and (
            (revenue is not None and revenue <= limit.revenue) or (capital is not None and capital <= limit.capital)
        ):
            return size
    return SizeClass.LARGE


def classify(
    *, section: str | None, headcount: int | None, revenue: Decimal | None, capital: Decimal | None
) -> SizeResult:
    """The size class with the figures it was decided on, or what is missing to decide it."""
    group = sector_group(section)
    missing = tuple(
        name
        for name, absent in (
            ("sector", group is None),
            ("headcount", headcount is None),
            ("revenue_or_capital", revenue is None and capital is None),
        )
        if absent
    )
    return SizeResult(size_class(section, headcount, revenue, capital), group, headcount, revenue, capital, missing)
