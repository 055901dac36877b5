from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from core.exports import Export, safe_cell, sheet_title


class _Names(Export):
    name = "names"

    def __init__(self, values: list[Any]) -> None:
        self.values = values

    def header(self) -> Sequence[str]:
        return ["Tên"]

    def rows(self) -> Iterable[Sequence[Any]]:
        return ([value] for value in self.values)


def test_formula_like_text_is_escaped_but_numbers_and_dates_stay_typed() -> None:
    assert safe_cell("=SUM(A1:A9)") == "'=SUM(A1:A9)"
    assert safe_cell("@cmd") == "'@cmd"
    assert safe_cell("-1+2") == "'-1+2"
    assert safe_cell("Công ty Đức Anh") == "Công ty Đức Anh"
    assert safe_cell(-5) == -5
    assert safe_cell(date(2026, 1, 2)) == date(2026, 1, 2)
    assert safe_cell(None) == ""


@given(st.lists(st.text(min_size=1, max_size=30), max_size=20))
def test_csv_never_starts_a_cell_with_a_formula_and_keeps_every_row(values: list[str]) -> None:
    content = _Names(values).write_csv().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content, newline="")))
    assert rows[0] == ["Tên"]
    assert len(rows) == len(values) + 1
    for cell, original in zip((row[0] for row in rows[1:]), values, strict=True):
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
        assert cell in (original, "'" + original)


def test_xlsx_keeps_text_as_typed_and_never_writes_a_formula() -> None:
    link, phone = '=HYPERLINK("http://evil.example","Bấm vào")', "+84 912 345 678"
    workbook = load_workbook(io.BytesIO(_Names([link, phone, "@cmd", 42]).write_xlsx()))
    cells = [row[0] for row in workbook.active.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == [link, phone, "@cmd", 42]
    assert [cell.data_type for cell in cells] == ["s", "s", "s", "n"]  # "f" would be a live formula


def test_a_sheet_is_named_in_the_readers_language() -> None:
    from django.utils import translation

    from enterprises.exports import EnterpriseExport

    class Enterprises(_Names):
        title = EnterpriseExport.title  # the registry export's own title

    for language, sheet in (("vi", "Doanh nghiệp"), ("en", "Enterprises")):
        with translation.override(language):
            assert load_workbook(io.BytesIO(Enterprises(["Công ty A"]).write_xlsx())).sheetnames == [sheet]
    assert sheet_title("Kinh phí: 2026/2027 [dự kiến]?") == "Kinh phí  2026 2027  dự kiến"
    assert len(sheet_title("Các doanh nghiệp được mời tham gia đợt đánh giá")) == 31
