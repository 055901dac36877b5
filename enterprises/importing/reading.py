"""Reading .xlsx/.xls/.ods/.csv into a header row and value rows, with hard limits.

Every failure is an ImportFileError with a message for the officer; nothing here raises anything
else for a bad file.
"""

from __future__ import annotations

import csv
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from core.errors import ApplicationError
from core.files import check_upload_size

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
ZIP_SUFFIXES = {".xlsx", ".xlsm", ".ods"}
MAX_UNZIPPED_RATIO = 100  # a real workbook compresses about 5–15×; a zip bomb far more
MAX_UNZIPPED_BYTES = 1024 * 1024 * 1024


class ImportFileError(ApplicationError):
    """The file cannot be imported at all (as opposed to a row that is rejected)."""


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[Any]]  # values as read: str, int, float, date, datetime, bool
    row_numbers: list[int]  # each row's number in the spreadsheet (blank rows are skipped)


def check_file(*, filename: str, size: int, max_bytes: int) -> str:
    """Refuse a file by its name and size alone (at upload, before keeping it); returns its suffix."""
    suffix = Path(filename).suffix.lower()
    if suffix not in {*SPREADSHEET_SUFFIXES, ".csv"}:
        raise ImportFileError(_("Only .xlsx, .xls, .ods and .csv files can be imported."))
    check_upload_size(size=size, max_bytes=max_bytes, error=ImportFileError)
    return suffix


def read_table(path: Path, *, filename: str, max_bytes: int, max_rows: int) -> Table:
    size = path.stat().st_size
    suffix = check_file(filename=filename, size=size, max_bytes=max_bytes)
    if suffix == ".csv":
        raw_rows = _csv_rows(path)
    else:
        if suffix in ZIP_SUFFIXES:
            _check_zip(path, size)
        raw_rows = _workbook_rows(path)
    try:
        return _table(raw_rows, max_rows=max_rows)
    except csv.Error as error:
        raise ImportFileError(_("The CSV file is malformed: %(reason)s."), {"reason": str(error)}) from error


def _table(raw_rows: Iterator[list[Any]], *, max_rows: int) -> Table:
    headers: list[str] | None = None
    rows: list[list[Any]] = []
    numbers: list[int] = []
    for number, row in enumerate(raw_rows, start=1):
        if headers is None:
            if any(_text(cell) for cell in row):
                headers = [_text(cell) for cell in row]
            continue
        if _blank(row):
            continue
        rows.append(row)
        numbers.append(number)
        if len(rows) > max_rows:
            raise ImportFileError(_("The file has more than %(limit)s rows; split it."), {"limit": max_rows})
    if headers is None:
        raise ImportFileError(_("The sheet is empty."))
    if not rows:
        raise ImportFileError(_("The sheet has a header row but no data."))
    return Table(headers=headers, rows=rows, row_numbers=numbers)


def _blank(row: list[Any]) -> bool:
    """No cell but spaces: what `_text` gives is empty (composing accents never makes or removes a
    space, so the text is not normalised for this)."""
    return not any((cell.strip() if type(cell) is str else str(cell).strip()) for cell in row if cell is not None)


def _text(value: Any) -> str:
    return unicodedata.normalize("NFC", str(value)).strip() if value is not None else ""


def _csv_rows(path: Path) -> Iterator[list[Any]]:
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        raise ImportFileError(_("This is not a text CSV file."))
    text = decode_text(data)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text, newline=""), dialect)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1258, the Vietnamese code page."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1258", errors="replace")
    # CP1258 writes tones as combining marks: compose them as UTF-8 text normally is.
    return unicodedata.normalize("NFC", text)


def _check_zip(path: Path, size: int) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        # Encrypted OOXML workbooks are not zips but OLE containers: let calamine say which.
        return
    if unzipped > MAX_UNZIPPED_BYTES or unzipped > size * MAX_UNZIPPED_RATIO:
        raise ImportFileError(_("The workbook expands to an unreasonable size; it is refused."))


def _workbook_rows(path: Path) -> Iterator[list[Any]]:
    from python_calamine import CalamineError, CalamineWorkbook, PasswordError

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        if not workbook.sheet_names:
            raise ImportFileError(_("The workbook has no sheet."))
        sheet = workbook.get_sheet_by_index(0)
        merged = sheet.merged_cell_ranges or []
        rows = sheet.to_python(skip_empty_area=False)
    except PasswordError as error:
        raise ImportFileError(_("The workbook is protected by a password; save it without one.")) from error
    except (CalamineError, ValueError, OSError) as error:
        raise ImportFileError(_("The file is damaged or is not a spreadsheet.")) from error
    header_index = next((index for index, row in enumerate(rows) if any(_text(cell) for cell in row)), None)
    if header_index is not None and any(start[0] <= header_index <= end[0] for start, end in merged):
        raise ImportFileError(_("The header row has merged cells: unmerge them so each column has its own title."))
    yield from rows
