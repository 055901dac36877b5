from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django_tenants.utils import schema_context

from reporting.yearly.services import report_start, version_build
from tenants.models import Province


class Command(BaseCommand):
    help = (
        "Build the yearly report of a province (PDF + Excel annex, a new version) synchronously, starting the "
        "report from the province's settings if needed. The last line is the PDF's path."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", required=True, help="The province's slug, e.g. dak-lak.")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--out", type=Path, help="Also write the PDF to this file.")

    def handle(self, *args: Any, **options: Any) -> None:
        province = Province.objects.filter(slug=options["province"]).exclude(schema_name="public").first()
        if province is None:
            self.stderr.write(f"Lỗi / Error: không có tỉnh / no province “{options['province']}”")
            sys.exit(2)
        year: int = options["year"]
        if not 2000 <= year <= 2100:
            self.stderr.write(f"Lỗi / Error: năm không hợp lệ / invalid year {year}")
            sys.exit(2)
        with schema_context(province.schema_name):
            report = report_start(year=year, user=None)
            version = version_build(
                report=report, user=None, progress=lambda percent, message: self.stderr.write(f"{percent}% {message}")
            )
            self.stderr.write(f"{province.full_name} {year}: version {version.number}, {version.pages} pages")
            if options["out"]:
                out: Path = options["out"]
                with version.pdf.open("rb") as pdf:
                    out.write_bytes(pdf.read())
                self.stdout.write(str(out.resolve()))
            else:
                self.stdout.write(str(Path(settings.MEDIA_ROOT) / (version.pdf.name or "")))
