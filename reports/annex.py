"""The Excel annex of a report version: one sheet per table of the PDF (the same rows, as numbers),
then the lists behind the counts."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from reports.tables import KINDS, SIZES, Table, tables
from stats import selectors as stats

BOLD = Font(bold=True)


def annex_xlsx(snapshot: dict[str, Any], f: stats.Filters) -> bytes:
    workbook = Workbook(write_only=True)  # streams rows: the lists run to tens of thousands
    header = snapshot["header"]
    for table in tables(snapshot["overview"]):
        _write(workbook.create_sheet(table.key[:31]), table, header)
    for table in _lists(f):
        _write(workbook.create_sheet(table.key[:31]), table, header)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write(sheet: Any, table: Table, header: dict[str, Any]) -> None:
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(table.columns, 1):  # widths must come before the rows
        width = max([len(str(column))] + [len(str(row[index - 1])) for row in table.rows[:200]])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, width + 2))
    sheet.freeze_panes = "A5"
    sheet.append([_cell(sheet, table.title, Font(bold=True, size=13))])
    sheet.append([f"{header['province']} · {header['number']} · {header['period']['from']} – {header['period']['to']}"])
    sheet.append([_cell(sheet, column, BOLD, wrap=True) for column in table.columns])
    sheet.append(table.numbers)
    for row in table.rows:
        sheet.append(list(row))


def _cell(sheet: Any, value: Any, font: Font, *, wrap: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _lists(f: stats.Filters) -> list[Table]:
    return [
        Table(
            "DS-Doanh nghiep danh gia",
            "Danh sách doanh nghiệp được tính trong thống kê mức độ chuyển đổi số",
            ["STT", "Mã số thuế", "Tên doanh nghiệp", "Ngành", "Quy mô", "Xã, phường", "Mức", "Điểm", "Ngày nộp"],
            [
                [i, tax, name, section, SIZES.get(size, size), ward, level, total, day]
                for i, (tax, name, section, size, ward, level, total, day) in enumerate(stats.assessed_list(f), 1)
            ],
        ),
        Table(
            "DS-Doanh nghiep tham gia",
            "Danh sách doanh nghiệp tham gia các hoạt động hỗ trợ",
            ["STT", "Mã số thuế", "Tên doanh nghiệp", "Lượt người tham dự", "Số hoạt động"],
            [[i, *row] for i, row in enumerate(stats.reached_list(f), 1)],
        ),
        Table(
            "DS-Hoat dong",
            "Danh sách hoạt động đã tổ chức",
            ["STT", "Ngày", "Loại", "Tên hoạt động", "Người tham dự", "Lượt tiếp cận", "Kinh phí (triệu đồng)"],
            [
                [i, day, KINDS.get(kind, kind), title, people, reach, float(cost) if cost is not None else None]
                for i, (day, kind, title, people, reach, cost) in enumerate(stats.activity_list(f), 1)
            ],
        ),
    ]
