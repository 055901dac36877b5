"""The programme's tables (targets against the records, budget, honours, solution providers) as
spreadsheets for a year, built by a job through the shared export base."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.honours import honours
from core.exports import Export
from core.models import Job
from core.services import ProgressCallback, job_runner
from enterprises.privacy import TaxCodes, tax_codes_for
from reporting.statistics.counting import Period, filters_for
from reporting.statistics.selectors import providers_with_supported
from reporting.statistics.targets import achievements, budget_lines


class HonourExport(Export):
    name = "honours"
    title = gettext_lazy("Honours")

    def __init__(self, year: int, tax_codes: TaxCodes) -> None:
        self.year = year
        self.tax_codes = tax_codes

    def header(self) -> Sequence[str]:
        return [_("Year"), _("Tax code"), _("Enterprise"), _("Category"), _("Criteria used"), _("Decision number"),
                _("Decision date")]  # fmt: skip

    def rows(self) -> Iterable[Sequence[Any]]:
        for h in honours(self.year):
            code = self.tax_codes.show(h.enterprise.tax_code, h.enterprise_id)
            yield [h.year, code, h.enterprise.name, h.get_category_display(), h.criteria, h.decision_number,
                   h.decision_date]  # fmt: skip


class ProviderExport(Export):
    name = "providers"
    title = gettext_lazy("Consulting network")

    def header(self) -> Sequence[str]:
        return [_("Name"), _("Kind"), _("Services"), _("Contact person"), _("Phone"), _("E-mail"), _("Website"),
                _("Enterprises supported")]  # fmt: skip

    def rows(self) -> Iterable[Sequence[Any]]:
        for p in providers_with_supported():
            yield [p.name, p.get_kind_display(), ", ".join(p.services), p.contact_person, p.phone, p.email, p.website,
                   p.supported]  # type: ignore[attr-defined]  # fmt: skip


class TargetExport(Export):
    name = "targets"
    title = gettext_lazy("Targets and results")

    def __init__(self, year: int) -> None:
        self.year = year

    def header(self) -> Sequence[str]:
        return [_("Plan"), _("Task"), _("Target"), _("At least"), _("At most"), _("Achieved"), _("Progress (%)")]

    def rows(self) -> Iterable[Sequence[Any]]:
        for item in achievements(filters_for(Period.of_year(self.year))):
            task = item.target.task
            yield [task.plan.number, f"{task.number}. {task.title}", str(item.target), item.target.minimum,
                   item.target.maximum, item.achieved, item.percent if item.achieved is not None else None]  # fmt: skip


class BudgetExport(Export):
    name = "budget"
    title = gettext_lazy("Budget")

    def __init__(self, year: int) -> None:
        self.year = year

    def header(self) -> Sequence[str]:
        return [_("Plan"), _("Task"), _("Planned (million VND)"), _("Spent (million VND)")]

    def rows(self) -> Iterable[Sequence[Any]]:
        for line in budget_lines(Period.of_year(self.year)):
            yield [line.task.plan.number, f"{line.task.number}. {line.task.title}", line.planned, line.spent]


# Table name → the export of that table for a year, as the person asking sees it.
TABLES: dict[str, Callable[[int, TaxCodes], Export]] = {
    "honours": HonourExport,
    "providers": lambda _year, _codes: ProviderExport(),
    "targets": lambda year, _codes: TargetExport(year),
    "budget": lambda year, _codes: BudgetExport(year),
}


@job_runner("programme_table_export")
def programme_table_export(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    table, year = job.params["table"], int(job.params.get("year") or timezone.localdate().year)
    with translation.override(job.params.get("language") or None):
        content = TABLES[table](year, tax_codes_for(job.created_by)).write(job.params.get("format", ""), progress)
    return f"{table}-{year}.{job.params.get('format', 'xlsx')}", content
