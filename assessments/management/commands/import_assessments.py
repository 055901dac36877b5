from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser

from assessments.models import AssessmentState
from assessments.selectors import model_version_published
from assessments.services.importing import IMPORT_STATES, assessment_import
from core.errors import ApplicationError
from tenants.management.base import ProvinceCommand
from tenants.models import Province


class Command(ProvinceCommand):
    help = (
        "Import survey results typed into a model version's template (.xlsx/.xls/.ods/.csv, headers in Vietnamese "
        "or English) as scored assessments of the registry's enterprises, under the province's current version of "
        'the model. The last line is a JSON summary {"created", "rejected", "unmatched"} (unmatched: the tax code '
        "names no enterprise of the registry; the three add up to the rows read); exit 0 when every row was "
        "imported, 1 when rows were left out (each on stderr with its reasons), 2 when the file or the arguments "
        "cannot be used. Nothing is written with --dry-run, or when the import fails."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        super().add_arguments(parser)
        parser.add_argument("--model", default="qd1970-sme", help="The model key (default qd1970-sme).")
        parser.add_argument("--dry-run", action="store_true", help="Check and count; write nothing.")
        parser.add_argument(
            "--state",
            choices=[str(state) for state in IMPORT_STATES],
            default=AssessmentState.SUBMITTED.value,
            help="Import the results as submitted (the department validates them later) or validated.",
        )
        parser.add_argument(
            "--source",
            default="",
            help="Where the results come from, shown on each assessment (default: the file name).",
        )

    def handle_province(self, province: Province, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            self.fail(f"không thấy tệp / no such file {path}")
        try:
            version = model_version_published(key=options["model"])
            report = assessment_import(
                version=version,
                path=path,
                filename=path.name,
                user=None,
                state=options["state"],
                source=options["source"],
                dry_run=options["dry_run"],
                max_rows=settings.IMPORT_MAX_ROWS,  # no request to answer within a minute here
            )
        except ApplicationError as error:
            self.fail(error.bilingual())
        self.stderr.write(f"{version}" + (" (dry run: nothing written)" if options["dry_run"] else ""))
        for title in report.ignored:
            self.stderr.write(f"Bỏ qua cột/ignored column “{title}”")
        for row in report.left_out():
            self.stderr.write(f"Dòng/row {row.row} ({row.outcome}): {'; '.join(row.reasons)}")
        summary = report.summary()
        self.stdout.write(json.dumps(summary))
        if summary["rejected"] or summary["unmatched"]:
            sys.exit(1)
