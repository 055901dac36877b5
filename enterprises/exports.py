"""The registry as a spreadsheet: the current list with its filters, as XLSX or CSV, built by a job."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import Export
from core.models import Job
from core.services import ProgressCallback, job_runner
from enterprises.privacy import TaxCodes, tax_codes_for
from enterprises.selectors import enterprise_list


class EnterpriseExport(Export):
    name = "enterprises"
    title = gettext_lazy("Enterprises")

    def __init__(self, filters: dict[str, Any], tax_codes: TaxCodes) -> None:
        self.queryset = enterprise_list(**filters).prefetch_related("associations")
        self.tax_codes = tax_codes

    def header(self) -> Sequence[str]:
        return [
            _("Tax code"), _("Name"), _("Short or English name"), _("Legal form"), _("Founding date"), _("Status"),
            _("VSIC edition"), _("Main sector"), _("Section"), _("Other sectors"), _("Employees"),
            _("Revenue (billion VND)"), _("Capital (billion VND)"), _("Size"), _("Ward or commune"),
            _("Address (house, street)"),
            _("Address as given"), _("Phone"), _("E-mail"), _("Website"), _("Legal representative"),
            _("Associations"), _("Tags"),
        ]  # fmt: skip

    def count(self) -> int:
        return self.queryset.count()

    def rows(self) -> Iterable[Sequence[Any]]:
        for e in self.queryset.iterator(chunk_size=2000):
            yield [
                self.tax_codes.show(e.tax_code, e.pk), e.name, e.short_name, e.get_legal_form_display(), e.founded_on,
                e.get_status_display(),
                e.vsic_edition, e.main_sector, e.section, " ".join(e.other_sectors), e.headcount, e.revenue,
                e.capital, e.get_size_display(), str(e.ward) if e.ward else "", e.street_address, e.legacy_address,
                e.phone, e.email, e.website, e.legal_representative,
                ", ".join(str(association) for association in e.associations.all()), ", ".join(e.tags),
            ]  # fmt: skip


@job_runner("enterprise_export")
def enterprise_export(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    file_format = job.params.get("format", "xlsx")
    with translation.override(job.params.get("language") or None):
        export = EnterpriseExport(job.params.get("filters", {}), tax_codes_for(job.created_by))
        report = lambda percent: progress(percent, "")  # noqa: E731
        content = export.write_csv(report) if file_format == "csv" else export.write_xlsx(report)
    return f"doanh-nghiep-{timezone.localdate():%Y%m%d}.{file_format}", content
