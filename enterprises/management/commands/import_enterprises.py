from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from enterprises.importing.apply import MODES, MissingColumnsError, enterprise_import
from enterprises.importing.batches import remembered_columns
from enterprises.importing.columns import FIELD_LABELS, SYNONYMS, parse_forced_columns
from enterprises.importing.reading import ImportFileError
from tenants.management.base import ProvinceCommand
from tenants.models import Province


class Command(ProvinceCommand):
    help = (
        "Import enterprises from an .xlsx/.xls/.ods/.csv file into a province's registry. The last line is a "
        'JSON summary {"created", "updated", "unchanged", "rejected"}; exit 0 when nothing was rejected, '
        "1 when rows were rejected, 2 when the file cannot be read. The columns used and every column ignored "
        "are listed on stderr."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        super().add_arguments(parser)
        parser.add_argument("--dry-run", action="store_true", help="Validate and count; write nothing.")
        parser.add_argument("--mode", choices=MODES, default="upsert")
        parser.add_argument("--vsic-edition", choices=["auto", "2018", "2025"], default="auto")
        parser.add_argument(
            "--columns",
            default="",
            help='Force the mapping of columns: "Title=field,…" (an empty field ignores the column). Fields: '
            + ", ".join(SYNONYMS),
        )

    def handle_province(self, province: Province, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            self.fail(f"không thấy tệp / no such file {path}")
        try:
            forced = parse_forced_columns(options["columns"], list(SYNONYMS))
        except ValueError as error:
            self.fail(f"--columns: “{error}” không phải / is not Title=field ({', '.join(SYNONYMS)})")
        try:
            report = enterprise_import(
                path=path,
                filename=path.name,
                user=None,
                province_code=province.code or "",
                mode=options["mode"],
                vsic_edition=options["vsic_edition"],
                dry_run=options["dry_run"],
                # The province's remembered choices, as on the import page; --columns over them.
                remembered_columns=remembered_columns() | forced,
            )
        except MissingColumnsError as error:
            self._columns(error.extra["columns"], error.extra["ignored_columns"], error.extra["ambiguous_columns"])
            self.fail(f'{error.bilingual()} (--columns "Title=field")')
        except ImportFileError as error:
            self.fail(error.bilingual())
        self._columns(report.columns, report.ignored_columns, report.ambiguous_columns)
        self.stderr.write(f"VSIC {report.edition}" + (" (dry run: nothing written)" if options["dry_run"] else ""))
        for row in report.rejected_rows:
            self.stderr.write(f"Dòng/row {row.row_number}: {'; '.join(row.errors)}")
        self.stdout.write(json.dumps(report.summary()))
        if report.rejected:
            sys.exit(1)

    def _columns(self, columns: dict[str, str], ignored: list[str], ambiguous: dict[str, list[str]]) -> None:
        """Which column went into which field, and every column left out, so none is lost unseen."""
        for title, name in columns.items():
            self.stderr.write(f"Cột/column “{title}” → {name} ({FIELD_LABELS[name]})")
        for title in ignored:
            close = f" (gần/close to: {', '.join(ambiguous[title])})" if title in ambiguous else ""
            self.stderr.write(f"Bỏ qua cột/ignored column “{title}”{close}")
