"""The Excel annex of a report version: one sheet per table of the PDF (the same rows, as numbers),
then the lists behind the counts."""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Callable
from typing import Any

from django.db import connection, connections
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font

from core.exports import safe_cell
from enterprises.privacy import MASKED
from reporting.statistics import selectors as stats
from reporting.yearly.tables import KINDS, SIZES, Table, tables

BOLD = Font(bold=True)
logger = logging.getLogger(__name__)


def annex_xlsx(snapshot: dict[str, Any], f: stats.Filters) -> bytes:
    workbook = Workbook(write_only=True)  # streams rows: the lists run to tens of thousands
    header = snapshot["header"]
    for table in tables(snapshot["overview"]):
        _write(workbook.create_sheet(table.sheet_name), table, header)
    for table in _lists(f):
        _write(workbook.create_sheet(table.sheet[:31]), table, header)
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
    line = f"{header['province']} · {header['number']} · {header['period']['from']} – {header['period']['to']}"
    line += f" · {table.note}" if table.note else ""
    sheet.append([safe_cell(line, sheet)])
    sheet.append([_cell(sheet, column, BOLD, wrap=True) for column in table.columns])
    sheet.append([safe_cell(value, sheet) for value in table.numbers])
    for row in table.rows:  # names and titles come from imports and forms: never a formula
        sheet.append([safe_cell(value, sheet) for value in row])


def _cell(sheet: Any, value: Any, font: Font, *, wrap: bool = False) -> Cell:
    cell = safe_cell(value, sheet)
    if not isinstance(cell, Cell):  # a number or a date
        cell = WriteOnlyCell(sheet, value=cell)
    cell.font = font
    if wrap:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _lists(f: stats.Filters) -> list[Table]:
    return [
        Table(
            "assessed-list",
            "DS-Doanh nghiep danh gia",
            "Danh sách doanh nghiệp được tính trong thống kê mức độ chuyển đổi số",
            ["STT", "Mã số thuế", "Tên doanh nghiệp", "Ngành", "Quy mô", "Xã, phường", "Mức", "Điểm", "Ngày nộp"],
            [
                [i, MASKED.show(tax), name, section, SIZES.get(size, size), ward, level, total, day]
                for i, (tax, name, section, size, ward, level, total, day) in enumerate(stats.assessed_list(f), 1)
            ],
        ),
        Table(
            "reached-list",
            "DS-Doanh nghiep tham gia",
            "Danh sách doanh nghiệp tham gia các hoạt động hỗ trợ",
            ["STT", "Mã số thuế", "Tên doanh nghiệp", "Lượt người tham dự", "Số hoạt động tham dự", "Lượt được hỗ trợ"],
            [[i, MASKED.show(tax), *rest] for i, (tax, *rest) in enumerate(stats.reached_list(f), 1)],
        ),
        Table(
            "activity-list",
            "DS-Hoat dong",
            "Danh sách hoạt động đã tổ chức",
            ["STT", "Ngày", "Loại", "Tên hoạt động", "Người tham dự", "Lượt tiếp cận", "Kinh phí (triệu đồng)"],
            [
                [i, day, KINDS.get(kind, kind), title, people, reach, float(cost) if cost is not None else None]
                for i, (day, kind, title, people, reach, cost) in enumerate(stats.activity_list(f), 1)
            ],
        ),
    ]


def annex_started(snapshot: dict[str, Any], f: stats.Filters) -> Callable[[], bytes]:
    """Start writing the annex beside the PDF and return how to collect it.

    The annex and the PDF are independent and both CPU-bound, so outside a transaction the annex is
    written by a forked child process (its own database connection; the parent's are closed first
    and reopen on their next query) while the parent draws the PDF. Inside a transaction (tests) a
    child could not see uncommitted rows, so it is written here and now; if the child fails, the
    parent writes it itself.
    """
    if connection.in_atomic_block or not hasattr(os, "fork"):
        content = annex_xlsx(snapshot, f)
        return lambda: content
    connections.close_all()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write the annex into the pipe and leave without running any cleanup
        status = 1
        try:
            os.close(read_end)
            content = annex_xlsx(snapshot, f)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(content)
            connections.close_all()
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)

    def collect() -> bytes:
        with os.fdopen(read_end, "rb") as pipe:
            content = pipe.read()
        _pid, status = os.waitpid(pid, 0)
        if status != 0 or not content:
            logger.warning("The annex child process failed (status %s); writing the annex here", status)
            return annex_xlsx(snapshot, f)
        return content

    return collect
