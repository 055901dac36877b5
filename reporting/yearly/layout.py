"""The report's form as Nghị định 30/2020/NĐ-CP (Phụ lục I) draws it: the issuer's header lines, the
number's symbol and the date line (the signature block's rule is core.documents', which the
province's settings check too). Plain functions over plain data."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from reporting.yearly.models import Issuer

if TYPE_CHECKING:
    from tenants.models import Province

COMMITTEE = "ỦY BAN NHÂN DÂN"


def document_date(day: date) -> str:
    """“ngày 05 tháng 3 năm 2026”: days below 10 and the months 1 and 2 take a leading zero, nothing
    else does (Phụ lục I, mục I.5)."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def abbreviation(name: str) -> str:
    """“Sở Khoa học và Công nghệ” → “SKHCN”, as in document numbers."""
    return "".join(word[0].upper() for word in name.split() if word.lower() != "và")


def number_symbol(province: Province, issuer: str) -> str:
    """The symbol after the number: “BC-UBND” for the People's Committee, “BC-SKHCN” for the department."""
    return "BC-UBND" if issuer == Issuer.COMMITTEE else f"BC-{abbreviation(province.department_name)}"


def header_lines(province: Province, issuer: str) -> list[dict[str, Any]]:
    """The left column above the rule, as {text, bold}: the issuer's name, under its superior's if any
    (the superior's not bold). Plain JSON, as the version's snapshot keeps it."""
    if issuer == Issuer.COMMITTEE:
        lines = [(COMMITTEE, True), (province.full_name.upper(), True)]
    else:
        lines = [(f"UBND {province.full_name.upper()}", False), (province.department_name.upper(), True)]
    return [{"text": text, "bold": bold} for text, bold in lines]


def issuer_name(province: Province, issuer: str) -> str:
    """The issuer inside a sentence: “Ủy ban nhân dân tỉnh Đắk Lắk”, “Sở Khoa học và Công nghệ”."""
    if issuer == Issuer.COMMITTEE:
        return f"Ủy ban nhân dân {province.full_name_in_sentence}"
    return province.department_name
