"""One base for every tabular export: a header row and a row generator, written as CSV or XLSX.

Cells that a spreadsheet would read as a formula (= + - @, tab, CR) are prefixed with a quote,
so an enterprise name typed as "=HYPERLINK(...)" stays text in the department's Excel.
"""

from __future__ import annotations

import csv
import io
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


def escape_cell(value: Any) -> Any:
    """Make a value safe for a spreadsheet; numbers and dates stay typed."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool | int | float | date):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


class Export:
    """Subclass: set `name`, implement `header()` and `rows()`; call `write_csv` or `write_xlsx`."""

    name: ClassVar[str] = "export"

    def header(self) -> Sequence[str]:
        raise NotImplementedError

    def rows(self) -> Iterable[Sequence[Any]]:
        raise NotImplementedError

    def count(self) -> int | None:
        """How many rows `rows()` yields, if cheap to know; used for progress."""
        return None

    def _safe_rows(self, progress: Callable[[int], None] | None) -> Iterator[list[Any]]:
        total = self.count()
        for index, row in enumerate(self.rows(), start=1):
            if progress and total and index % 500 == 0:
                progress(int(index * 100 / total))
            yield [escape_cell(value) for value in row]

    def write_csv(self, progress: Callable[[int], None] | None = None) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([escape_cell(h) for h in self.header()])
        writer.writerows(self._safe_rows(progress))
        # The BOM makes Excel open Vietnamese text as UTF-8.
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    def write_xlsx(self, progress: Callable[[int], None] | None = None) -> bytes:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(self.name[:31])
        sheet.append([escape_cell(h) for h in self.header()])
        for row in self._safe_rows(progress):
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
