"""The import service: from a file to a report (dry run) or to the registry (all or nothing)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import BooleanField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.cache import figures_changed
from core.services import audit_record
from enterprises.importing.addresses import AddressMatcher
from enterprises.importing.columns import FIELD_LABELS, match_columns, missing_required, money_scale
from enterprises.importing.reading import ImportFileError, read_table
from enterprises.importing.validation import (
    RowResult,
    cell_text,
    choose_edition,
    row_checker,
    row_edition,
    sector_code,
)
from enterprises.importing.writing import copy_insert, copy_update
from enterprises.models import Enterprise
from enterprises.services import enterprise_derive
from reference.models import VsicCode
from reference.selectors import vsic_sections

if TYPE_CHECKING:
    from accounts.models import User

MODES = ("create", "update", "upsert")
COMPARED = [
    "name", "short_name", "legal_form", "founded_on", "status", "vsic_edition", "main_sector", "other_sectors",
    "headcount", "revenue", "capital", "ward_id", "street_address", "legacy_address", "phone", "email",
    "website", "legal_representative", "tags",
]  # fmt: skip
PREVIEW_ROWS = 20


class MissingColumnsError(ImportFileError):
    """No column holds a required field: the officer chooses the columns on the preview.

    `extra` holds "missing" (the fields), "columns" (title → field, as matched), "ignored_columns",
    "ambiguous_columns" (title → the fields it is close to), "converted_columns" and "samples"
    (title → first value)."""


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    edition: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # file title → field
    ignored_columns: list[str] = field(default_factory=list)
    ambiguous_columns: dict[str, list[str]] = field(default_factory=dict)  # file title → fields it is close to
    converted_columns: list[str] = field(default_factory=list)  # money titles whose unit was converted
    samples: dict[str, str] = field(default_factory=dict)  # file title → its first value, to help choose
    rejected_rows: list[RowResult] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)
    written: bool = False

    def summary(self) -> dict[str, int]:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


def enterprise_import(
    *,
    path: Path,
    filename: str,
    user: User | None,
    province_code: str,
    mode: str = "upsert",
    vsic_edition: str = "auto",
    dry_run: bool = False,
    remembered_columns: dict[str, str] | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Read, validate and compare the file; unless `dry_run`, write its valid rows in one transaction.

    Raises ImportFileError when the file cannot be imported at all.
    """
    if mode not in MODES:
        raise ValueError(mode)
    table = read_table(path, filename=filename, max_bytes=settings.IMPORT_MAX_BYTES, max_rows=settings.IMPORT_MAX_ROWS)
    matched = match_columns(table.headers, remembered_columns)
    mapping = matched.mapping
    # Money columns whose title names a unit ("Vốn điều lệ (triệu đồng)") are converted to billion VND.
    scales = {
        name: money_scale(table.headers[index]) for index, name in mapping.items() if name in ("revenue", "capital")
    }
    report = ImportReport(
        columns={table.headers[index]: name for index, name in mapping.items()},
        ignored_columns=[title for index, title in enumerate(table.headers) if index not in mapping and title],
        ambiguous_columns={table.headers[index]: names for index, names in matched.ambiguous.items()},
        converted_columns=[table.headers[index] for index, name in mapping.items() if scales.get(name, 1) != 1],
        samples=_samples(table.headers, table.rows),
    )
    missing = missing_required(mapping)
    if missing:
        raise MissingColumnsError(
            gettext_lazy("No column for: %(fields)s. Choose the column that holds it."),
            {"fields": ", ".join(str(FIELD_LABELS[name]) for name in missing)},
            extra={
                "missing": missing,
                "columns": report.columns,
                "ignored_columns": report.ignored_columns,
                "ambiguous_columns": report.ambiguous_columns,
                "converted_columns": report.converted_columns,
                "samples": report.samples,
            },
        )
    by_name = {name: index for index, name in mapping.items()}
    known = {
        edition: set(VsicCode.objects.filter(edition=edition, level__gte=2).values_list("code", flat=True))
        for edition in ("2018", "2025")
    }
    report.edition = _edition(table.rows, by_name, known) if vsic_edition == "auto" else vsic_edition
    check = row_checker(
        by_name,
        edition=report.edition,
        known_codes=known[report.edition],
        seen_tax_codes={},
        today=timezone.localdate(),
        known_by_edition=known,
        scales=scales,
    )
    total = len(table.rows)
    step = max(1_000, total // 10)  # progress every tenth of the file

    def validated() -> Iterator[RowResult]:
        # Checked as the rows stream into COPY, so this work overlaps PostgreSQL's.
        for index, (number, row) in enumerate(zip(table.row_numbers, table.rows, strict=True), start=1):
            yield check(number, row)
            if progress and index % step == 0:
                progress(10 + 70 * index // total)

    sorting = _Sorting(
        report=report,
        mode=mode,
        matcher=AddressMatcher(province_code) if "address" in mapping.values() else None,
        sections=vsic_sections(),
    )
    if progress:
        progress(10)
    if dry_run:
        sorting.registered = _registered()
        for _values in sorting.creations(validated()):
            pass
        sorting.updates(lock=False)
    else:
        # One transaction, and the rows stream into COPY as they are validated: PostgreSQL indexes
        # them in its own process while Python checks the next ones.
        with transaction.atomic():
            sorting.registered = _registered()
            copy_insert(sorting.creations(validated()), sections=sorting.sections)
            if progress:
                progress(80)
            to_update, changed = sorting.updates(lock=True)
            copy_update(to_update, [*sorted(changed), "section", "size_computed", "size", "search_text"])
            # Counted before the entry is written: rows are also rejected while the updates sort.
            report.rejected = len(report.rejected_rows)
            if report.created or report.updated:
                figures_changed()  # COPY sends no model signal
                audit_record(
                    actor=user,
                    action="enterprise.import",
                    changes={"file": filename, "mode": mode, "vsic_edition": report.edition, **report.summary()},
                )
                report.written = True
    report.rejected_rows.sort(key=lambda row: row.row_number)
    report.rejected = len(report.rejected_rows)
    report.preview = sorted(sorting.preview, key=lambda row: row["row"])[:PREVIEW_ROWS]
    if progress:
        progress(100)
    return report


@dataclass
class _Sorting:
    """Sorts validated rows into rejected, new and already registered; compares the registered ones."""

    report: ImportReport
    mode: str
    matcher: AddressMatcher | None
    sections: dict[tuple[str, str], str]
    registered: dict[str, int | None] = field(default_factory=dict)  # tax code → merged into
    known_rows: list[tuple[RowResult, dict[str, Any]]] = field(default_factory=list)
    preview: list[dict[str, Any]] = field(default_factory=list)
    _previewed_creations: int = 0

    def creations(self, results: Iterable[RowResult]) -> Iterator[dict[str, Any]]:
        """The values of each new enterprise (by attname), as the rows go by; the others are kept aside."""
        for result in results:
            if not result.ok:
                self.report.rejected_rows.append(result)
                continue
            values = self._placed(result)
            tax_code = values["tax_code"]
            if tax_code in self.registered:
                if self.registered[tax_code]:
                    message = _("This tax code belongs to a record merged into another; update the one kept.")
                    result.errors.append(message)
                    self.report.rejected_rows.append(result)
                else:
                    self.known_rows.append((result, values))
                continue
            if self.mode == "update":
                result.errors.append(_("Not in the registry (this import only updates)."))
                self.report.rejected_rows.append(result)
                continue
            values["tax_code_kind"] = result.tax_code_kind
            if not values.get("legal_form"):
                values["legal_form"] = result.inferred_legal_form
            self.report.created += 1
            if self._previewed_creations < PREVIEW_ROWS:
                self._previewed_creations += 1
                self.preview.append({"row": result.row_number, "action": "create", **values})
            yield values

    def updates(self, *, lock: bool) -> tuple[list[Enterprise], set[str]]:
        """The registered enterprises the file changes, changed in memory, and the fields it changes.

        With `lock`, their rows are locked as they are read, so nobody's edit slips in between the
        comparison and the write.
        """
        existing = _existing([values["tax_code"] for _result, values in self.known_rows], lock=lock)
        to_update: list[Enterprise] = []
        changed: set[str] = set()
        for index, (result, values) in enumerate(self.known_rows):
            current = existing.get(values["tax_code"])
            if current is None or current.merged_into_id:  # deleted or merged since the list was read
                result.errors.append(_("Changed by someone while this file was being imported; import it again."))
                self.report.rejected_rows.append(result)
                continue
            # A blank cell never erases what the registry already knows.
            changes = [
                name
                for name in COMPARED
                if name in values and values[name] not in (None, "", []) and getattr(current, name) != values[name]
            ]
            if self.mode == "create" or not changes:
                self.report.unchanged += 1
                action = "unchanged"
            else:
                for name in changes:
                    setattr(current, name, values[name])
                enterprise_derive(current, sections=self.sections)
                to_update.append(current)
                changed.update(changes)
                action = "update"
            if index < PREVIEW_ROWS:
                self.preview.append({"row": result.row_number, "action": action, **values})
        self.report.updated = len(to_update)
        return to_update, changed

    def _placed(self, result: RowResult) -> dict[str, Any]:
        """The row's values, with the current ward its address names when it names one."""
        values = result.values
        if self.matcher is not None and values.get("legacy_address"):
            placement = self.matcher.place(values["legacy_address"])
            if placement.ward_id is not None:
                values["ward_id"], values["street_address"] = placement.ward_id, placement.street
        return values


def _edition(rows: list[list[Any]], by_name: dict[str, int], known: dict[str, set[str]]) -> str:
    """The VSIC edition more of the file's main sectors are in (see choose_edition); rows that name
    their own edition do not vote. Each distinct cell is read once: a registry repeats a few hundred codes."""
    main_at, edition_at = by_name.get("main_sector"), by_name.get("vsic_edition")
    if main_at is None:
        return choose_edition([], known)
    cells: Counter[tuple[type, Any]] = Counter()
    for row in rows:
        if edition_at is not None and edition_at < len(row) and row_edition(row[edition_at]):
            continue
        cell = row[main_at] if main_at < len(row) else None
        cells[type(cell), cell] += 1  # by type too: True and 1 are equal keys but different codes
    codes: Counter[str] = Counter()
    for (_type, cell), count in cells.items():
        codes[sector_code(cell)] += count
    return choose_edition(codes.elements(), known)


def _samples(headers: list[str], rows: list[list[Any]]) -> dict[str, str]:
    """Each titled column's first non-blank value, as typed (a numeric tax code without ".0")."""
    samples: dict[str, str] = {}
    for index, title in enumerate(headers):
        if title:
            values = (cell_text(row[index]).strip() for row in rows[:50] if index < len(row))
            samples[title] = next((value for value in values if value), "")[:80]
    return samples


def _registered() -> dict[str, int | None]:
    return dict(Enterprise.objects.values_list("tax_code", "merged_into_id"))


def _existing(tax_codes: list[str], *, lock: bool) -> dict[str, Enterprise]:
    if not tax_codes:
        return {}
    # One array parameter: `tax_code__in` would send (and PostgreSQL parse) one parameter per code.
    matching = RawSQL('"tax_code" = ANY(%s)', (tax_codes,), output_field=BooleanField())
    enterprises = Enterprise.objects.filter(matching)
    if lock:  # in one order, so two imports touching the same rows wait for each other, never deadlock
        enterprises = enterprises.select_for_update().order_by("pk")
    return {enterprise.tax_code: enterprise for enterprise in enterprises}
