from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from enterprises.importing.apply import MODES, enterprise_import
from enterprises.importing.reading import ImportFileError
from tenants.management.base import ProvinceCommand
from tenants.models import Province


class Command(ProvinceCommand):
    help = (
        "Import enterprises from an .xlsx/.xls/.ods/.csv file into a province's registry. The last line is a "
        'JSON summary {"created", "updated", "unchanged", "rejected"}; exit 0 when nothing was rejected, '
        "1 when rows were rejected, 2 when the file cannot be read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        super().add_arguments(parser)
        parser.add_argument("--dry-run", action="store_true", help="Validate and count; write nothing.")
        parser.add_argument("--mode", choices=MODES, default="upsert")
        parser.add_argument("--vsic-edition", choices=["auto", "2018", "2025"], default="auto")

    def handle_province(self, province: Province, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            self.fail(f"không thấy tệp / no such file {path}")
        try:
            report = enterprise_import(
                path=path,
                filename=path.name,
                user=None,
                province_code=province.code or "",
                mode=options["mode"],
                vsic_edition=options["vsic_edition"],
                dry_run=options["dry_run"],
            )
        except ImportFileError as error:
            self.fail(error.bilingual())
        self.stderr.write(f"VSIC {report.edition}" + (" (dry run: nothing written)" if options["dry_run"] else ""))
        for row in report.rejected_rows:
            self.stderr.write(f"Dòng/row {row.row_number}: {'; '.join(row.errors)}")
        self.stdout.write(json.dumps(report.summary()))
        if report.rejected:
            sys.exit(1)
