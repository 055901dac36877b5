"""The import service: from a file to a report (dry run) or to the registry (all or nothing)."""

from __future__ import annotations

from collections.abc import Callable
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

from core.services import audit_record
from enterprises.importing.addresses import AddressMatcher
from enterprises.importing.columns import FIELD_LABELS, match_columns, missing_required
from enterprises.importing.reading import ImportFileError, read_table
from enterprises.importing.validation import RowResult, choose_edition, row_edition, sector_code, validate_row
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


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    edition: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # file title → field
    ignored_columns: list[str] = field(default_factory=list)
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
    mapping = match_columns(table.headers, remembered_columns)
    missing = missing_required(mapping)
    if missing:
        raise ImportFileError(
            gettext_lazy("No column for: %(fields)s. Rename the column titles or choose them on the preview."),
            {"fields": ", ".join(str(FIELD_LABELS[name]) for name in missing)},
        )
    report = ImportReport(
        columns={table.headers[index]: name for index, name in mapping.items()},
        ignored_columns=[title for index, title in enumerate(table.headers) if index not in mapping and title],
    )
    rows = [{name: (row[index] if index < len(row) else None) for index, name in mapping.items()} for row in table.rows]

    known = {
        edition: set(VsicCode.objects.filter(edition=edition, level__gte=2).values_list("code", flat=True))
        for edition in ("2018", "2025")
    }
    report.edition = (
        # Rows that name their own edition do not vote.
        choose_edition(
            (sector_code(cells.get("main_sector")) for cells in rows if not row_edition(cells.get("vsic_edition"))),
            known,
        )
        if vsic_edition == "auto"
        else vsic_edition
    )
    seen: dict[str, int] = {}
    today = timezone.localdate()
    results = [
        validate_row(
            number,
            cells,
            edition=report.edition,
            known_codes=known[report.edition],
            seen_tax_codes=seen,
            today=today,
            known_by_edition=known,
        )
        for number, cells in zip(table.row_numbers, rows, strict=True)
    ]
    if progress:
        progress(40)

    matcher = AddressMatcher(province_code) if "address" in mapping.values() else None
    existing = _existing([result.values["tax_code"] for result in results if result.ok])
    sections = vsic_sections()
    to_create: list[dict[str, Any]] = []  # attribute values; the rest is filled while writing
    to_update: list[Enterprise] = []
    update_rows: dict[int, tuple[RowResult, Any]] = {}  # pk → (row, updated_at as read)
    changed_fields: set[str] = set()
    for result in results:
        if not result.ok:
            report.rejected_rows.append(result)
            continue
        values = dict(result.values)
        if matcher is not None and values.get("legacy_address"):
            placement = matcher.place(values["legacy_address"])
            if placement.ward_id is not None:
                values["ward_id"], values["street_address"] = placement.ward_id, placement.street
        current = existing.get(values["tax_code"])
        if current is None:
            if mode == "update":
                result.errors.append(_("Not in the registry (this import only updates)."))
                report.rejected_rows.append(result)
                continue
            values["tax_code_kind"] = result.tax_code_kind
            if not values.get("legal_form"):
                values["legal_form"] = result.inferred_legal_form
            to_create.append(values)
            action = "create"
        elif current.merged_into_id:
            result.errors.append(_("This tax code belongs to a record merged into another; update the one kept."))
            report.rejected_rows.append(result)
            continue
        else:
            # A blank cell never erases what the registry already knows.
            changes = [
                name
                for name in COMPARED
                if name in values and values[name] not in (None, "", []) and getattr(current, name) != values[name]
            ]
            if mode == "create" or not changes:
                report.unchanged += 1
                action = "unchanged"
            else:
                update_rows[current.pk] = (result, current.updated_at)
                for name in changes:
                    setattr(current, name, values[name])
                enterprise_derive(current, sections=sections)
                to_update.append(current)
                changed_fields.update(changes)
                action = "update"
        if len(report.preview) < PREVIEW_ROWS:
            report.preview.append({"row": result.row_number, "action": action, **values})
    report.created, report.updated, report.rejected = len(to_create), len(to_update), len(report.rejected_rows)
    if progress:
        progress(60)

    if not dry_run and (to_create or to_update):
        derived = ["section", "size_computed", "size", "search_text"]
        with transaction.atomic():
            to_update = _without_concurrent_edits(to_update, update_rows, report)
            copy_insert(to_create, sections=sections)
            copy_update(to_update, [*sorted(changed_fields), *derived])
            audit_record(
                actor=user,
                action="enterprise.import",
                changes={"file": filename, "mode": mode, "vsic_edition": report.edition, **report.summary()},
            )
        report.written = True
    if progress:
        progress(100)
    return report


def _without_concurrent_edits(
    to_update: list[Enterprise], rows: dict[int, tuple[RowResult, Any]], report: ImportReport
) -> list[Enterprise]:
    """Lock the rows to update; leave out (as rejected) any an officer changed since they were read,
    so an import never silently reverts someone's edit."""
    if not to_update:
        return to_update
    current = dict(
        Enterprise.objects.select_for_update()
        .filter(pk__in=[enterprise.pk for enterprise in to_update])
        .values_list("pk", "updated_at")
    )
    kept = []
    for enterprise in to_update:
        result, read_at = rows[enterprise.pk]
        if current.get(enterprise.pk) != read_at:
            result.errors.append(_("Changed by someone while this file was being imported; import it again."))
            report.rejected_rows.append(result)
        else:
            kept.append(enterprise)
    report.updated, report.rejected = len(kept), len(report.rejected_rows)
    return kept


def _existing(tax_codes: list[str]) -> dict[str, Enterprise]:
    # One array parameter: `tax_code__in` would send (and PostgreSQL parse) one parameter per code.
    matching = RawSQL('"tax_code" = ANY(%s)', (tax_codes,), output_field=BooleanField())
    return {enterprise.tax_code: enterprise for enterprise in Enterprise.objects.filter(matching)}
