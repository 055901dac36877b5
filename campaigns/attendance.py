"""Sign-in sheets: an association's Excel/CSV list of who came, matched to the registry by tax code.

A row is attached only to the one enterprise its tax code names; an invalid, unknown or ambiguous
code is reported with its reason, never guessed. The check writes nothing; the confirmation writes
every matched row or none, and the same sheet uploaded again changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Activity, AttendanceStatus, EnterpriseProposal, Participant, ProposalStatus
from campaigns.selectors import person_key
from campaigns.services import PERSON_FIELDS, activity_check_open, participant_put
from core.services import audit_record
from enterprises.forms import tax_code_message
from enterprises.importing.columns import SYNONYMS, ColumnMatcher
from enterprises.importing.reading import ImportFileError, read_table
from enterprises.importing.validation import cell_text
from enterprises.models import Enterprise
from enterprises.selectors import enterprise_match, match_message
from reference.text import fold

if TYPE_CHECKING:
    from accounts.models import User

MAX_ROWS = 5_000
COLUMNS: dict[str, list[str]] = {
    "tax_code": SYNONYMS["tax_code"],  # the registry's own titles, official extracts' included
    "enterprise_name": [
        "tên doanh nghiệp",
        "doanh nghiệp",
        "tên công ty",
        "đơn vị",
        "công ty",
        "enterprise",
        "company",
    ],
    "person_name": [
        "họ và tên",
        "họ tên",
        "tên người tham dự",
        "người tham dự",
        "học viên",
        "họ và tên học viên",
        "họ và tên người tham dự",
        "đại biểu",
        "họ và tên đại biểu",
        "name",
        "full name",
        "participant",
    ],
    "position": ["chức vụ", "vị trí", "position", "job title"],
    "phone": ["điện thoại", "số điện thoại", "sđt", "điện thoại liên hệ", "phone", "telephone"],
    "email": ["email", "e-mail", "thư điện tử"],
    "status": ["điểm danh", "tình trạng", "trạng thái", "có mặt", "attendance", "status"],
    "certificate_number": ["số chứng nhận", "số giấy chứng nhận", "giấy chứng nhận", "chứng nhận", "certificate"],
}
REQUIRED = ("tax_code", "person_name")


def column_labels() -> dict[str, str]:
    """Each field a sheet's column can fill, as the column choice names it."""
    labels = {"tax_code": str(gettext_lazy("Tax code")), "enterprise_name": str(gettext_lazy("Enterprise"))}
    for name in COLUMNS:
        if name not in labels:
            labels[name] = str(capfirst(getattr(Participant._meta.get_field(name), "verbose_name", name)))
    return labels


STATUS_WORDS = {
    AttendanceStatus.ATTENDED: ["co mat", "co", "x", "da tham du", "tham du", "attended", "present", "yes"],
    AttendanceStatus.ABSENT: ["vang", "vang mat", "khong", "absent", "no"],
    AttendanceStatus.EXCUSED: ["vang co phep", "co phep", "xin phep", "excused"],
    AttendanceStatus.REGISTERED: ["dang ky", "da dang ky", "registered"],
}
_STATUS = {word: status.value for status, words in STATUS_WORDS.items() for word in words}


# Joined when shown, in the language of the moment (a message may be printed in both).
_labels_of = lazy(lambda names: ", ".join(column_labels()[name] for name in names), str)


@dataclass
class SheetRow:
    row: int
    tax_code: str
    person: dict[str, str]
    status: str = ""
    outcome: str = ""  # create, update, unchanged, rejected, ambiguous, unknown
    enterprise_id: int | None = None
    enterprise_name: str = ""
    reason: str = ""


@dataclass
class SheetReport:
    rows: list[SheetRow] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)  # title → field, in the sheet's order
    ignored: list[str] = field(default_factory=list)  # titles read as no field
    missing: list[str] = field(default_factory=list)  # required fields no column names: rows not read

    def count(self, *outcomes: str) -> int:
        return sum(row.outcome in outcomes for row in self.rows)

    def summary(self) -> dict[str, int]:
        return {
            "matched": self.count("create", "update", "unchanged"),
            "created": self.count("create"),
            "rejected": self.count("rejected", "unknown"),
            "ambiguous": self.count("ambiguous"),
        }

    def missing_error(self) -> ImportFileError:
        return ImportFileError(
            gettext_lazy(
                "No column for: %(fields)s. Choose the column that holds each, "
                "or title them “Mã số thuế” and “Họ và tên”."
            ),
            {"fields": _labels_of(self.missing)},
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "summary": self.summary(),
            "rows": [asdict(row) for row in self.rows],
            "columns": list(self.columns.items()),
            "ignored": self.ignored,
            "missing": self.missing,
            "error": self.missing_error().message if self.missing else "",
        }


# The registry import's tolerant matching, with the sheet's own titles.
_MATCHER = ColumnMatcher(COLUMNS)


def sheet_check(
    *, activity: Activity, path: Path, filename: str, choices: Mapping[str, str] | None = None
) -> SheetReport:
    """Read and match a sign-in sheet; writes nothing. `choices` are the officer's column choices
    (title key → field, "" to ignore the column), over the titles the portal recognises. When no
    column gives the tax code or the person's name, the report says which are missing and reads no
    row. Raises ImportFileError for an unreadable file."""
    table = read_table(path, filename=filename, max_bytes=settings.IMPORT_MAX_BYTES, max_rows=MAX_ROWS)
    mapping = _MATCHER.match(table.headers, choices).mapping
    report = SheetReport(
        columns={table.headers[index]: name for index, name in mapping.items()},
        ignored=[title for index, title in enumerate(table.headers) if index not in mapping and title.strip()],
        missing=[name for name in REQUIRED if name not in mapping.values()],
    )
    if report.missing:
        return report
    seen: dict[tuple[int, str], int] = {}
    # Who is already on the list, read once (not once per row).
    present = {(p.enterprise_id, p.person_key): p for p in activity.participants.all()}
    matches: dict[str, Any] = {}
    for number, cells in zip(table.row_numbers, table.rows, strict=True):
        values = {
            name: cell_text(cells[index] if index < len(cells) else None).strip() for index, name in mapping.items()
        }
        person = {
            "person_name": " ".join(values.get("person_name", "").split()),
            "position": values.get("position", "")[:200],
            "phone": values.get("phone", "")[:50],
            "email": values.get("email", "")[:254],
            "certificate_number": values.get("certificate_number", "")[:60],
        }
        row = SheetRow(row=number, tax_code=values["tax_code"], person=person)
        report.rows.append(row)
        status_text = fold(values.get("status", ""))
        if status_text and status_text not in _STATUS:
            row.outcome, row.reason = "rejected", _("Unknown attendance “%(value)s”.") % {"value": values["status"]}
            continue
        row.status = _STATUS.get(status_text, AttendanceStatus.ATTENDED)  # on the sheet: they signed in
        if not person["person_name"]:
            row.outcome, row.reason = "rejected", _("The name of the person who came is empty.")
            continue
        if len(person["person_name"]) > 200:
            row.outcome, row.reason = "rejected", _("The name of the person is longer than 200 characters.")
            continue
        if values["tax_code"] not in matches:
            matches[values["tax_code"]] = enterprise_match(values["tax_code"])
        match = matches[values["tax_code"]]
        if match.problem == "invalid":
            row.outcome, row.reason = (
                "rejected",
                f"{_('Tax code')} “{values['tax_code']}”: {tax_code_message(match.detail)}",
            )
            continue
        row.tax_code = match.tax_code
        if match.problem in ("ambiguous", "unknown"):
            row.outcome, row.reason = match.problem, match_message(match)
            row.enterprise_name = values.get("enterprise_name", "")[:400]
            continue
        enterprise = match.enterprise
        row.enterprise_id, row.enterprise_name = enterprise.pk, enterprise.name
        key = (enterprise.pk, person_key(person["person_name"]))
        if key in seen:
            row.outcome = "rejected"
            row.reason = _("The same person of the same enterprise is already on row %(row)s.") % {"row": seen[key]}
            continue
        seen[key] = number
        row.outcome = _outcome(present.get(key), person, row.status)
    return report


def _outcome(current: Participant | None, person: dict[str, str], status: str) -> str:
    if current is None:
        return "create"
    same = current.status == status and all(
        not person.get(name) or getattr(current, name) == person[name] for name in PERSON_FIELDS
    )
    return "unchanged" if same else "update"


def sheet_apply(
    *,
    activity: Activity,
    path: Path,
    filename: str,
    user: User | None,
    propose_unknown: bool = False,
    choices: Mapping[str, str] | None = None,
) -> SheetReport:
    """Check the sheet again against the registry as it is now and write every matched row, in one
    transaction; with `propose_unknown`, enterprises the registry lacks are proposed to the department."""
    activity_check_open(activity)
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)  # one sheet at a time per activity
        activity_check_open(activity)
        report = sheet_check(activity=activity, path=path, filename=filename, choices=choices)
        if report.missing:
            raise report.missing_error()
        writes = [row for row in report.rows if row.outcome in ("create", "update")]
        enterprises = Enterprise.objects.in_bulk([row.enterprise_id for row in writes])
        for row in writes:
            participant_put(
                activity=activity, enterprise=enterprises[row.enterprise_id], person=row.person, status=row.status
            )
        proposed = 0
        if propose_unknown:
            for row in report.rows:
                if row.outcome != "unknown":
                    continue
                proposal, created = EnterpriseProposal.objects.get_or_create(
                    activity=activity,
                    tax_code=row.tax_code,
                    status=ProposalStatus.PENDING,
                    defaults={"name": row.enterprise_name or row.tax_code, "proposed_by": user},
                )
                proposed += created
                # Everyone of that enterprise on the sheet comes along, each once.
                known = {person_key(person.get("person_name", "")) for person in proposal.people}
                if person_key(row.person["person_name"]) not in known:
                    proposal.people = [*proposal.people, {**row.person, "status": row.status}]
                    proposal.save(update_fields=["people"])
        audit_record(
            actor=user,
            action="attendance.import",
            obj=activity,
            changes={"file": filename, **report.summary(), "proposed": proposed},
        )
    return report
