from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from core.errors import ApplicationError
from tenants.backup import province_backup
from tenants.management.base import ProvinceCommand
from tenants.models import Province


class Command(ProvinceCommand):
    help = (
        "Back up one province into one .tar.gz: every table of its schema, read in one consistent snapshot "
        "(COPY text, readable by any PostgreSQL major), the files its rows point to, its row and domains. "
        "The national site's copies of its figures are not included (they are rebuilt from the province). "
        "Prints a JSON summary; exit 2 on error, leaving no file."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--out", required=True, type=Path, help="The archive to write, e.g. dong-nai.tar.gz.")

    def handle_province(self, province: Province, **options: Any) -> None:
        try:
            summary = province_backup(province=province, out=options["out"])
        except ApplicationError as error:
            self.fail(error.bilingual())
        for name in summary.missing_files:
            self.stderr.write(f"Thiếu tệp / missing file: {name}")
        self.stdout.write(json.dumps({**asdict(summary), "missing_files": len(summary.missing_files)}))
