from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.db import transaction

from campaigns.attendance import COLUMNS, column_labels, sheet_apply, sheet_check
from campaigns.models import Activity
from core.errors import ApplicationError
from core.http import is_uuid
from enterprises.importing.columns import parse_forced_columns
from tenants.management.base import ProvinceCommand
from tenants.models import Province


class Command(ProvinceCommand):
    help = (
        "Attach the people of a sign-in sheet (.xlsx/.xls/.ods/.csv) to a training course or workshop. The last "
        'line is a JSON summary {"matched", "created", "rejected", "ambiguous"}; exit 0 when every row was '
        "attached, 1 when rows were not, 2 when the file or the activity cannot be used. The columns used and "
        "every column ignored are listed on stderr."
    )
    province_help = "The province's slug, e.g. dak-lak."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        super().add_arguments(parser)
        parser.add_argument("--activity", required=True, help="The activity's id (the UUID in its page's address).")
        parser.add_argument("--dry-run", action="store_true", help="Match and count; write nothing.")
        parser.add_argument(
            "--columns",
            default="",
            help='Force the mapping of columns: "Title=field,…" (an empty field ignores the column). Fields: '
            + ", ".join(COLUMNS),
        )

    def handle_province(self, province: Province, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            self.fail(f"không thấy tệp / no such file {path}")
        activity = Activity.objects.filter(uuid=options["activity"]).first() if is_uuid(options["activity"]) else None
        if activity is None:
            self.fail(f"không có hoạt động / no activity {options['activity']} in {province.slug}")
        try:
            choices = parse_forced_columns(options["columns"], list(COLUMNS))
        except ValueError as error:
            self.fail(f"--columns: “{error}” không phải / is not Title=field ({', '.join(COLUMNS)})")
        try:
            report = sheet_check(activity=activity, path=path, filename=path.name, choices=choices)
            self._columns(report.columns, report.ignored)
            if report.missing:
                raise report.missing_error()
            if not options["dry_run"]:
                with transaction.atomic():
                    report = sheet_apply(activity=activity, path=path, filename=path.name, user=None, choices=choices)
        except ApplicationError as error:
            self.fail(f'{error.bilingual()} (--columns "Title=field")')
        for row in report.rows:
            if row.reason:
                self.stderr.write(f"Dòng/row {row.row}: {row.reason}")
        summary = report.summary()
        self.stdout.write(json.dumps(summary))
        if summary["rejected"] or summary["ambiguous"]:
            sys.exit(1)

    def _columns(self, columns: dict[str, str], ignored: list[str]) -> None:
        labels = column_labels()
        for title, name in columns.items():
            self.stderr.write(f"Cột/column “{title}” → {name} ({labels[name]})")
        for title in ignored:
            self.stderr.write(f"Bỏ qua cột/ignored column “{title}”")
