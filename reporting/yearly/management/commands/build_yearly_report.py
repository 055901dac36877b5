from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.db import transaction

from reporting.yearly.defaults import issuer_defaults_follow
from reporting.yearly.models import Issuer
from reporting.yearly.services import report_start, version_build
from tenants.management.base import ProvinceCommand
from tenants.models import Province


class Command(ProvinceCommand):
    help = (
        "Build the yearly report of a province (PDF + Excel annex, a new version) synchronously, starting the "
        "report from the province's settings if needed. --date and --issuer are stored on the report (the "
        "signature block, addressees and recipients not edited by staff follow the issuer). The last line is "
        "the PDF's path."
    )
    province_help = "The province's slug, e.g. dak-lak."

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--out", type=Path, help="Also write the PDF to this file.")
        parser.add_argument("--date", help="The document's date, YYYY-MM-DD (default: as on the report, else today).")
        parser.add_argument("--issuer", help="Who issues the report: " + " | ".join(Issuer.values) + ".")

    def handle_province(self, province: Province, **options: Any) -> None:
        year: int = options["year"]
        if not 2000 <= year <= 2100:
            self.fail(f"năm không hợp lệ / invalid year {year}")
        day = self._date(options["date"])
        issuer: str | None = options["issuer"]
        if issuer is not None and issuer not in Issuer.values:
            self.fail(
                f"cơ quan ban hành không hợp lệ “{issuer}”, chọn {' hoặc '.join(Issuer.values)} / "
                f"invalid issuer “{issuer}”, choose {' or '.join(Issuer.values)}"
            )
        with transaction.atomic():
            report = report_start(year=year, user=None, issuer=issuer)
            if issuer is not None and issuer != report.issuer:
                previous, report.issuer = report.issuer, issuer
                issuer_defaults_follow(report, province=province, previous=previous)
            if day is not None:
                report.document_date = day
            report.save()
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

    def _date(self, given: str | None) -> date | None:
        if given is None:
            return None
        try:
            return date.fromisoformat(given)
        except ValueError:
            self.fail(f"ngày không hợp lệ “{given}”, viết YYYY-MM-DD / invalid date “{given}”, write YYYY-MM-DD")
