"""What a new report is filled with, and what follows its issuer. Every default of a report is read
through `report_defaults`, the one place that will read the province's own settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reporting.yearly.models import Issuer
from tenants.models import UnitType

if TYPE_CHECKING:
    from reporting.yearly.models import YearlyReport
    from tenants.models import Province

# The header fields whose default depends on who issues the report.
ISSUER_FIELDS = ("signature", "addressees", "recipients")

SIGNATURES = {
    Issuer.COMMITTEE: "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    Issuer.DEPARTMENT: "GIÁM ĐỐC",
}


def report_defaults(province: Province, *, year: int, issuer: str | None = None) -> dict[str, Any]:
    """The header of a new report of `year`, issued by `issuer` (the province's usual issuer if None).
    For the usual issuer, what the province's settings give (signature, signer, addressees,
    recipients) replaces the built-in default; a blank setting keeps it."""
    usual = province.report_issuer or Issuer.DEPARTMENT
    issuer = issuer or usual
    where = province.full_name_in_sentence  # “tỉnh Đắk Lắk”
    party = "Thành ủy" if province.unit_type == UnitType.CITY else "Tỉnh ủy"
    unit = where.removesuffix(f" {province.name}")  # “tỉnh”, “thành phố”
    if issuer == Issuer.COMMITTEE:
        # The committee reports to the ministry; its own superiors and the department get copies.
        addressees = [province.ministry_name]
        recipients = [
            "Như trên",
            f"Thường trực {party}",
            f"Thường trực HĐND {unit}",
            f"Chủ tịch, các Phó Chủ tịch UBND {unit}",
            province.department_name,
            "Lưu: VT",
        ]
    else:
        addressees = [province.ministry_name, f"Ủy ban nhân dân {where}"]
        recipients = ["Như trên", f"Lãnh đạo {province.department_name}", "Lưu: VT"]
    defaults = {
        "issuer": issuer,
        "place": province.name,
        "subject": f"Kết quả triển khai hỗ trợ doanh nghiệp chuyển đổi số trên địa bàn {where} năm {year}",
        "addressees": "\n".join(addressees),
        "recipients": "\n".join(recipients),
        "signature": SIGNATURES[Issuer(issuer)],
        "signer_name": "",
    }
    if issuer == usual:
        settings = {
            "addressees": "\n".join(province.report_addressee_list),
            "recipients": "\n".join(province.report_recipient_list),
            "signature": "\n".join(province.report_signature_lines),
            "signer_name": province.report_signer_name.strip(),
        }
        defaults |= {field: value for field, value in settings.items() if value}
    return defaults


def issuer_defaults_follow(report: YearlyReport, *, province: Province, previous: str) -> list[str]:
    """After `report.issuer` changed from `previous`: the issuer's fields still holding the previous
    issuer's defaults take the new issuer's; those staff edited are kept and returned (to say so)."""
    before = report_defaults(province, year=report.year, issuer=previous)
    after = report_defaults(province, year=report.year, issuer=report.issuer)
    kept = []
    for field in ISSUER_FIELDS:
        if _same(getattr(report, field), before[field]):
            setattr(report, field, after[field])
        elif not _same(getattr(report, field), after[field]):
            kept.append(field)
    return kept


def _same(a: str, b: str) -> bool:
    return [line.strip() for line in a.splitlines() if line.strip()] == [
        line.strip() for line in b.splitlines() if line.strip()
    ]
