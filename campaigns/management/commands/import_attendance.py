from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser
from django.db import transaction

from campaigns.attendance import sheet_apply, sheet_check
from campaigns.models import Activity
from core.errors import ApplicationError
from core.http import is_uuid
from tenants.management.base import ProvinceCommand
from tenants.models import Province


class Command(ProvinceCommand):
    help = (
        "Attach the people of a sign-in sheet (.xlsx/.xls/.ods/.csv) to a training course or workshop. The last "
        'line is a JSON summary {"matched", "created", "rejected", "ambiguous"}; exit 0 when every row was '
        "attached, 1 when rows were not, 2 when the file or the activity cannot be used."
    )
    province_help = "The province's slug, e.g. dak-lak."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        super().add_arguments(parser)
        parser.add_argument("--activity", required=True, help="The activity's id (the UUID in its page's address).")
        parser.add_argument("--dry-run", action="store_true", help="Match and count; write nothing.")

    def handle_province(self, province: Province, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            self.fail(f"không thấy tệp / no such file {path}")
        activity = Activity.objects.filter(uuid=options["activity"]).first() if is_uuid(options["activity"]) else None
        if activity is None:
            self.fail(f"không có hoạt động / no activity {options['activity']} in {province.slug}")
        try:
            if options["dry_run"]:
                report = sheet_check(activity=activity, path=path, filename=path.name)
            else:
                with transaction.atomic():
                    report = sheet_apply(activity=activity, path=path, filename=path.name, user=None)
        except ApplicationError as error:
            self.fail(error.bilingual())
        for row in report.rows:
            if row.reason:
                self.stderr.write(f"Dòng/row {row.row}: {row.reason}")
        summary = report.summary()
        self.stdout.write(json.dumps(summary))
        if summary["rejected"] or summary["ambiguous"]:
            sys.exit(1)
