"""`manage.py province_merge --from binh-phuoc --into dong-nai [--dry-run]`"""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.db.models import Q
from django_tenants.utils import get_public_schema_name

from core.errors import ApplicationError
from merger.services import province_merge
from tenants.models import Province


class Command(BaseCommand):
    help = (
        "Move a province that merged into another (2025) into it: registry, assessments, programme, "
        "reports and accounts. The last line is JSON; exit 0 on success, 2 on bad input."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="source", required=True, help="The merged-away province's slug.")
        parser.add_argument("--into", dest="target", required=True, help="The slug of the province it joined.")
        parser.add_argument("--dry-run", action="store_true", help="Count everything, change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        source, target = self._province(options["source"]), self._province(options["target"])
        try:
            summary = province_merge(source=source, target=target, dry_run=options["dry_run"])
        except ApplicationError as error:
            self._fail(error.bilingual())
        if summary.already_merged:
            self.stdout.write(
                f"{source.full_name} đã sáp nhập vào {target.full_name}: không có gì thay đổi / "
                f"{source.full_name} was merged into {target.full_name} already: nothing changed."
            )
        else:
            for table in summary.tables:
                if table.matched or table.copied or table.dropped:
                    self.stdout.write(
                        f"{table.label:40} copied {table.copied:>8}  matched {table.matched:>8}  "
                        f"dropped {table.dropped:>6}  {table.seconds:6.2f} s"
                    )
            if options["dry_run"]:
                self.stdout.write("Chạy thử: không có gì thay đổi / Dry run: nothing changed.")
        self.stdout.write(json.dumps(summary.as_json()))

    def _province(self, slug: str) -> Province:
        province = Province.objects.filter(Q(slug=slug) & ~Q(schema_name=get_public_schema_name())).first()
        if province is None:
            self._fail(f"không có tỉnh “{slug}” / no province “{slug}”")
        return province

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(f"Lỗi / Error: {message}")
        sys.exit(2)
