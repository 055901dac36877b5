"""Agency names of the day: the 2022 plans name agencies the 2025 reorganisation merged away (Sở
Thông tin và Truyền thông into Sở Khoa học và Công nghệ…). The mapping is data
(`data/agency_renames.csv`, with the instrument behind each row); documents call `current_names`
on the text they print and `renaming_note` once for what was renamed."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "agency_renames.csv"

# “Quyết định số 1970/QĐ-BTTTT ngày 13/12/2021 của Bộ Thông tin và Truyền thông”: the name of whoever
# issued a past document stays as it was (the decision was the old ministry's). A document symbol
# earlier in the same clause followed by “của” marks such a citation.
_SYMBOL = re.compile(r"\b\d+/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9]*-[A-ZĐ0-9-]+")
_CITATION_WINDOW = 120


@dataclass(frozen=True)
class Rename:
    old: str
    new: str
    stands_for: str  # the full old name an abbreviation stands for ("" for a full name)
    effective: date
    source: str

    @property
    def full_old(self) -> str:
        return self.stands_for or self.old


@cache
def renames() -> tuple[Rename, ...]:
    """Every row of the data file, longest old name first (so “Sở TT&TT” never eats a longer name)."""
    with DATA.open(encoding="utf-8", newline="") as file:
        rows = [
            Rename(
                old=row["old"].strip(),
                new=row["new"].strip(),
                stands_for=row["stands_for"].strip(),
                effective=date.fromisoformat(row["effective"].strip()),
                source=row["source"].strip(),
            )
            for row in csv.DictReader(file)
        ]
    return tuple(sorted(rows, key=lambda rename: -len(rename.old)))


@cache
def _pattern(on: date) -> tuple[re.Pattern[str], dict[str, Rename]]:
    by_spelling: dict[str, Rename] = {}
    for rename in renames():
        if rename.effective <= on:
            by_spelling.setdefault(rename.old, rename)
            by_spelling.setdefault(rename.old.upper(), rename)  # headings in capitals
    if not by_spelling:
        return re.compile(r"(?!)"), {}
    spellings = sorted(by_spelling, key=len, reverse=True)
    alternatives = "|".join(re.escape(spelling) for spelling in spellings)
    return re.compile(rf"(?<![\w&])(?:{alternatives})(?![\w&])"), by_spelling


def _is_citation(text: str, start: int) -> bool:
    before = text[max(0, start - _CITATION_WINDOW) : start]
    if not before.rstrip().endswith("của"):
        return False
    clause = re.split(r"[.;:\n]\s", before)[-1]
    return _SYMBOL.search(clause) is not None


def current_names(text: str, *, on: date) -> tuple[str, list[Rename]]:
    """`text` with the agencies renamed before `on` called by today's names, and the renames applied.

    Names of the issuers of past documents (“… 1970/QĐ-BTTTT … của Bộ Thông tin và Truyền thông”)
    are kept."""
    pattern, by_spelling = _pattern(on)
    applied: list[Rename] = []

    def replace(match: re.Match[str]) -> str:
        if _is_citation(match.string, match.start()):
            return match.group(0)
        rename = by_spelling[match.group(0)]
        if rename not in applied:
            applied.append(rename)
        return rename.new.upper() if match.group(0).isupper() else rename.new

    return pattern.sub(replace, text), applied


def renaming_note(applied: list[Rename]) -> str:
    """One sentence saying which agencies the text calls by today's names and why ("" if none)."""
    full: dict[str, tuple[str, str]] = {}  # full old name -> (full new name, source)
    for rename in renames():
        if not rename.stands_for:
            full[rename.old] = (rename.new, rename.source)
    by_source: dict[str, list[str]] = {}
    for old in dict.fromkeys(rename.full_old for rename in applied):
        new, source = full.get(old, ("", ""))
        if new:
            by_source.setdefault(source, []).append(f"{old} hợp nhất vào {new}")
    if not by_source:
        return ""
    clauses = [f"theo {source}, {', '.join(merges)}" for source, merges in by_source.items()]
    sentence = "; ".join(clauses)
    return f"{sentence[0].upper()}{sentence[1:]}; báo cáo dùng tên cơ quan hiện nay."
