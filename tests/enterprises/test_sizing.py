from __future__ import annotations

from decimal import Decimal

import pytest

from enterprises.sizing import SectorGroup, SizeClass, classify, sector_group

D = Decimal


@pytest.mark.parametrize(
    ("section", "headcount", "revenue", "capital", "expected"),
    [
        # production (A–F): micro ≤10 and (rev ≤3 or cap ≤3)
        ("C", 10, D(3), None, SizeClass.MICRO),
        ("C", 11, D(3), None, SizeClass.SMALL),
        ("C", 10, D("3.001"), D("3.001"), SizeClass.SMALL),
        ("C", 10, D(500), D(3), SizeClass.MICRO),  # capital alone is enough
        # small ≤100 and (rev ≤50 or cap ≤20)
        ("F", 100, D(50), None, SizeClass.SMALL),
        ("F", 101, D(50), None, SizeClass.MEDIUM),
        ("F", 45, D(51), D(21), SizeClass.MEDIUM),
        # medium ≤200 and (rev ≤200 or cap ≤100)
        ("A", 200, D(200), None, SizeClass.MEDIUM),
        ("A", 201, D(1), D(1), SizeClass.LARGE),
        ("A", 150, D(201), D(101), SizeClass.LARGE),
        # trade and services: micro ≤10 and (rev ≤10 or cap ≤3)
        ("G", 10, D(10), None, SizeClass.MICRO),
        ("G", 10, D(11), D(4), SizeClass.SMALL),
        # small ≤50 and (rev ≤100 or cap ≤50)
        ("K", 50, D(100), None, SizeClass.SMALL),
        ("K", 51, D(100), None, SizeClass.MEDIUM),
        # medium ≤100 and (rev ≤300 or cap ≤100)
        ("M", 100, D(300), None, SizeClass.MEDIUM),
        ("M", 100, D(301), D(101), SizeClass.LARGE),
        ("M", 101, D(1), None, SizeClass.LARGE),
    ],
)
def test_size_at_each_threshold(
    section: str, headcount: int, revenue: Decimal | None, capital: Decimal | None, expected: SizeClass
) -> None:
    assert classify(section=section, headcount=headcount, revenue=revenue, capital=capital).size == expected


def test_the_same_figures_are_small_in_industry_and_medium_in_trade() -> None:
    assert classify(section="C", headcount=80, revenue=D(40), capital=None).size == SizeClass.SMALL
    assert classify(section="G", headcount=80, revenue=D(40), capital=None).size == SizeClass.MEDIUM


def test_missing_inputs_give_no_size_and_say_what_is_missing() -> None:
    result = classify(section=None, headcount=None, revenue=None, capital=None)
    assert result.size is None
    assert result.missing == ("sector", "headcount", "revenue_or_capital")
    assert classify(section="G", headcount=5, revenue=None, capital=D(1)).size == SizeClass.MICRO


def test_sections_of_both_editions_fall_in_the_right_group() -> None:
    assert sector_group("F") == SectorGroup.PRODUCTION
    assert sector_group("g") == SectorGroup.TRADE_SERVICES
    assert sector_group("V") == SectorGroup.TRADE_SERVICES  # VSIC 2025's extraterritorial section
