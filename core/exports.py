"""One base for every tabular export: a header row and a row generator, written as CSV or XLSX.

Every spreadsheet or CSV the portal writes goes through `safe_cell` (this base, the yearly report's
annex): text never becomes a formula, so an enterprise name typed as "=HYPERLINK(...)" stays text in
the department's Excel. In a CSV, text starting like a formula (= + - @, tab, CR) is prefixed with a
quote (a spreadsheet parses every CSV cell); in an XLSX, text is stored as text and shown exactly
as typed, so a phone number "+84 912 345 678" keeps its plus. Numbers and dates stay typed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, ClassVar

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import get_language

from core.http import client_ip
from core.types import AuthenticatedRequest

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any, sheet: Any = None) -> Any:
    """A value made safe for a spreadsheet: for a CSV (no `sheet`), formula-like text gets a leading
    quote; for a write-only XLSX `sheet`, text becomes a cell stored as text, never as a formula.
    Numbers, dates and times stay typed (times in the portal's zone, as Excel has no zones)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool | int | float | date):
        return value
    text = str(value)
    if sheet is None:
        return "'" + text if text.startswith(FORMULA_PREFIXES) else text
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl would store "=…" as a formula
    return cell


def sheet_title(text: str) -> str:
    """A name Excel accepts for a sheet: none of : \\ / ? * [ ], and at most 31 characters."""
    return re.sub(r"[:\\/?*\[\]]", " ", text).strip()[:31] or "Sheet"


class Export:
    """Subclass: set `name`, implement `header()` and `rows()`; call `write_csv` or `write_xlsx`."""

    name: ClassVar[str] = "export"
    # The sheet's name as the reader's language writes it (the job runs in the language of who
    # started it); `name` when not given.
    title: ClassVar[Any] = ""

    def header(self) -> Sequence[str]:
        raise NotImplementedError

    def rows(self) -> Iterable[Sequence[Any]]:
        raise NotImplementedError

    def count(self) -> int | None:
        """How many rows `rows()` yields, if cheap to know; used for progress."""
        return None

    def _safe_rows(self, progress: Callable[[int], None] | None, sheet: Any = None) -> Iterator[list[Any]]:
        total = self.count()
        for index, row in enumerate(self.rows(), start=1):
            if progress and total and index % 500 == 0:
                progress(int(index * 100 / total))
            yield [safe_cell(value, sheet) for value in row]

    def write_csv(self, progress: Callable[[int], None] | None = None) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([safe_cell(h) for h in self.header()])
        writer.writerows(self._safe_rows(progress))
        # The BOM makes Excel open Vietnamese text as UTF-8.
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    def write_xlsx(self, progress: Callable[[int], None] | None = None) -> bytes:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(sheet_title(str(self.title or self.name)))
        sheet.append([safe_cell(h, sheet) for h in self.header()])
        for row in self._safe_rows(progress, sheet):
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    def write(self, file_format: str, progress: Callable[[int, str], None]) -> bytes:
        """The file in the format a job asked for ("csv", else XLSX), reporting a job's progress."""
        report = lambda percent: progress(percent, "")  # noqa: E731
        return self.write_csv(report) if file_format == "csv" else self.write_xlsx(report)


def export_job_redirect(request: AuthenticatedRequest, *, kind: str, params: dict[str, Any]) -> HttpResponse:
    """Start an export job in the format the form asked for (XLSX unless "csv"), in the user's
    language, and send the user to the job's page."""
    from core.services import job_start

    params = {
        **params,
        "format": "csv" if request.POST.get("format") == "csv" else "xlsx",
        "language": get_language(),
    }
    job = job_start(kind=kind, user=request.user, params=params, ip=client_ip(request))
    return redirect("core:job-detail", job_uuid=job.uuid)
