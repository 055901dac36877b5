from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django_tenants.utils import schema_context

from enterprises.importing.apply import MODES, enterprise_import
from enterprises.importing.reading import ImportFileError
from tenants.models import Province


class Command(BaseCommand):
    help = (
        "Import enterprises from an .xlsx/.xls/.ods/.csv file into a province's registry. The last line is a "
        'JSON summary {"created", "updated", "unchanged", "rejected"}; exit 0 when nothing was rejected, '
        "1 when rows were rejected, 2 when the file cannot be read."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--province", required=True, help="The province's slug, e.g. dong-nai.")
        parser.add_argument("--dry-run", action="store_true", help="Validate and count; write nothing.")
        parser.add_argument("--mode", choices=MODES, default="upsert")
        parser.add_argument("--vsic-edition", choices=["auto", "2018", "2025"], default="auto")

    def handle(self, *args: Any, **options: Any) -> None:
        province = Province.objects.filter(slug=options["province"]).first()
        if province is None:
            self.stderr.write(f"Lỗi / Error: không có tỉnh / no province “{options['province']}”")
            sys.exit(2)
        path: Path = options["file"]
        if not path.is_file():
            self.stderr.write(f"Lỗi / Error: không thấy tệp / no such file {path}")
            sys.exit(2)
        try:
            with schema_context(province.schema_name):
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
            self.stderr.write(f"Lỗi / Error: {error.bilingual()}")
            sys.exit(2)
        self.stderr.write(f"VSIC {report.edition}" + (" (dry run: nothing written)" if options["dry_run"] else ""))
        for row in report.rejected_rows:
            self.stderr.write(f"Dòng/row {row.row_number}: {'; '.join(row.errors)}")
        self.stdout.write(json.dumps(report.summary()))
        if report.rejected:
            sys.exit(1)
