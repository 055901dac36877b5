from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from core.errors import ApplicationError
from tenants.backup import province_restore


class Command(BaseCommand):
    help = (
        "Restore a province from a province_backup archive, all or nothing: refused if its slug or schema "
        "exists or the archive comes from a newer portal. --as SLUG restores a copy under another slug, schema "
        "and domain (<slug>.<base domain>); give it its own --code while the original exists. Exit 2 on error."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", required=True, type=Path, help="The archive province_backup wrote.")
        parser.add_argument("--as", dest="slug", help="Restore under this slug instead of the archived one.")
        parser.add_argument("--code", help="Statistics code of the restored province (default: the archived one).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            province = province_restore(file=options["file"], slug=options["slug"], code=options["code"])
        except ApplicationError as error:
            self.stderr.write(f"Lỗi / Error: {error.bilingual()}")
            sys.exit(2)
        self.stdout.write(f"{province.full_name}: schema {province.schema_name}, {province.primary_domain}")
