from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser

from reporting.yearly.services import report_start, version_build
from tenants.management.base import ProvinceCommand
from tenants.models import Province


class Command(ProvinceCommand):
    help = (
        "Build the yearly report of a province (PDF + Excel annex, a new version) synchronously, starting the "
        "report from the province's settings if needed. The last line is the PDF's path."
    )
    province_help = "The province's slug, e.g. dak-lak."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--out", type=Path, help="Also write the PDF to this file.")

    def handle_province(self, province: Province, **options: Any) -> None:
        year: int = options["year"]
        if not 2000 <= year <= 2100:
            self.fail(f"năm không hợp lệ / invalid year {year}")
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
