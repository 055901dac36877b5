"""Turning a file's rows into registry values, or a reason in the officer's language per rejected row."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises.forms import tax_code_message
from enterprises.models import EnterpriseStatus, LegalForm
from enterprises.taxcode import TaxCodeError, TaxCodeKind, is_valid_head, parse
from reference.text import WordFolder, fold

STATUS_WORDS = {
    EnterpriseStatus.ACTIVE: ["dang hoat dong", "hoat dong", "active", "dhd"],
    EnterpriseStatus.SUSPENDED: ["tam ngung", "tam ngung kinh doanh", "tam ngung hoat dong", "suspended"],
    EnterpriseStatus.DISSOLVED: ["giai the", "da giai the", "da dong ma so thue", "ngung hoat dong", "dissolved"],
}
STATUS_LOOKUP = {word: status for status, words in STATUS_WORDS.items() for word in words}
# Folded prefixes of legal forms, longest first, matched against the legal-form cell or the name.
LEGAL_FORM_PREFIXES = [
    ("cong ty tnhh mot thanh vien", LegalForm.LLC_SINGLE),
    ("cong ty trach nhiem huu han mot thanh vien", LegalForm.LLC_SINGLE),
    ("cong ty tnhh mtv", LegalForm.LLC_SINGLE),
    ("tnhh mot thanh vien", LegalForm.LLC_SINGLE),
    ("tnhh mtv", LegalForm.LLC_SINGLE),
    ("cong ty trach nhiem huu han", LegalForm.LLC_MULTI),
    ("cong ty tnhh", LegalForm.LLC_MULTI),
    ("tnhh", LegalForm.LLC_MULTI),
    ("cong ty co phan", LegalForm.JOINT_STOCK),
    ("co phan", LegalForm.JOINT_STOCK),
    ("cong ty hop danh", LegalForm.PARTNERSHIP),
    ("hop danh", LegalForm.PARTNERSHIP),
    ("doanh nghiep tu nhan", LegalForm.PRIVATE),
    ("dntn", LegalForm.PRIVATE),
    ("hop tac xa", LegalForm.COOPERATIVE),
    ("htx", LegalForm.COOPERATIVE),
    ("ho kinh doanh", LegalForm.HOUSEHOLD),
    ("chi nhanh", LegalForm.DEPENDENT_UNIT),
    ("van phong dai dien", LegalForm.DEPENDENT_UNIT),
]
# One alternation tried at the start of the folded text: the longest prefix wins, as in the list.
_LEGAL_FORM = re.compile("|".join(f"({re.escape(prefix)})" for prefix, _form in LEGAL_FORM_PREFIXES))
_LEGAL_FORM_VALUES = [form.value for _prefix, form in LEGAL_FORM_PREFIXES]
TEXT_LIMITS = {"short_name": 200, "phone": 50, "website": 200, "legal_representative": 200}
TEXT_LABELS = {
    "name": gettext_lazy("Name"),
    "short_name": gettext_lazy("Short or English name"),
    "phone": gettext_lazy("Phone"),
    "website": gettext_lazy("Website"),
    "legal_representative": gettext_lazy("Legal representative"),
}
# The registry's columns hold numbers below these (numeric(14,3) for money, integer for people).
NUMBER_LIMITS = {"headcount": Decimal(2**31), "revenue": Decimal(10**11), "capital": Decimal(10**11)}
NUMBER_LABELS = {
    "headcount": gettext_lazy("Employees"),
    "revenue": gettext_lazy("Revenue"),
    "capital": gettext_lazy("Capital"),
}
DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")
_CODE_NOISE = re.compile(r"[\s.]")
_CODE_LIST = re.compile(r"[\s,;]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
ENTERPRISE_KIND = TaxCodeKind.ENTERPRISE.value


@dataclass
class RowResult:
    row_number: int
    values: dict[str, Any] = field(default_factory=dict)  # only the fields the file has a column for
    errors: list[str] = field(default_factory=list)
    inferred_legal_form: str = ""  # from the name, used for new enterprises when the file has no column
    tax_code_kind: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


def sector_code(value: Any) -> str:
    """A VSIC code as text; a numeric cell that lost its leading zero ("111" for 0111) gets it back."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        text = str(value)
        return text.zfill(4) if len(text) == 3 else text
    text = str(value)
    return text if text.isdigit() else _CODE_NOISE.sub("", text).upper()


_EDITION = re.compile(r"(?<!\d)(2018|2025)(?!\d)")


def row_edition(value: Any) -> str | None:
    """The VSIC edition a row's own cell names ("2018", "VSIC 2025", "QĐ 27/2018"…), "" when the
    cell is blank (the file's edition applies), None when it names neither."""
    text = cell_text(value).strip()
    if not text:
        return ""
    found = set(_EDITION.findall(text))
    return found.pop() if len(found) == 1 else None


def choose_edition(codes: Iterable[str], known: dict[str, set[str]]) -> str:
    """The VSIC edition in which more of the file's codes exist; 2025 on a tie."""
    codes = [code for code in codes if code]
    in_2025 = sum(code in known["2025"] for code in codes)
    in_2018 = sum(code in known["2018"] for code in codes)
    return "2018" if in_2018 > in_2025 else "2025"


def cell_decimal(value: Any) -> Decimal | None:
    """A cell as a number: numeric cells as they are, text as 1.234,5 or 1,234.5; ValueError otherwise."""
    if type(value) is float and math.isfinite(value):  # a numeric cell, the usual case
        return Decimal(repr(value))
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError
    number = Decimal(str(value)) if isinstance(value, (int, float)) else _decimal_text(str(value))
    if not number.is_finite():
        raise ValueError(value)
    return number


def _decimal_text(text: str) -> Decimal:
    text = text.replace(" ", "")
    if "," in text and "." in text:  # 1.234,5 (Vietnamese) or 1,234.5
        text = text.replace(".", "").replace(",", ".") if text.rfind(",") > text.rfind(".") else text.replace(",", "")
    elif "," in text:
        text = text.replace(",", ".")
    return Decimal(text)


def cell_text(value: Any) -> str:
    """A cell as text: a whole number stays whole (4520, not 4520.0), NUL characters are dropped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\x00", "")


_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def cell_date(value: Any) -> date | None:
    """A cell as a date: date cells as they are, text as dd/mm/yyyy and the other DATE_FORMATS; ValueError otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if match := _DMY.fullmatch(text):  # the usual dd/mm/yyyy, without strptime's cost
        day, month, year = (int(part) for part in match.groups())
        return date(year, month, day)
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def legal_form_of(text: str, fold: Callable[[str], str] = fold) -> str:
    """The legal form the text starts with ("Công ty TNHH MTV …" → llc_single), "" when none."""
    match = _LEGAL_FORM.match(fold(text))
    return _LEGAL_FORM_VALUES[match.lastindex - 1] if match and match.lastindex else ""


def validate_row(
    row_number: int,
    cells: dict[str, Any],
    *,
    edition: str,
    known_codes: set[str],
    seen_tax_codes: dict[str, int],
    today: date | None = None,
    known_by_edition: dict[str, set[str]] | None = None,
    scales: dict[str, Decimal] | None = None,
) -> RowResult:
    """Clean one row given as {field: cell}; see `row_checker`, which checks a file's rows alike."""
    check = row_checker(
        {name: index for index, name in enumerate(cells)},
        edition=edition,
        known_codes=known_codes,
        seen_tax_codes=seen_tax_codes,
        today=today,
        known_by_edition=known_by_edition,
        scales=scales,
    )
    return check(row_number, list(cells.values()))


def row_checker(
    columns: Mapping[str, int],
    *,
    edition: str,
    known_codes: set[str],
    seen_tax_codes: dict[str, int],
    today: date | None = None,
    known_by_edition: dict[str, set[str]] | None = None,
    scales: dict[str, Decimal] | None = None,
) -> Callable[[int, Sequence[Any]], RowResult]:
    """A function cleaning one row of a file whose fields are at `columns` (field → position); a row
    shorter than that reads as blank cells. `seen_tax_codes` collects the file's tax codes to catch
    duplicates inside it; `today` is the province's date; `scales` turns a money column's unit into
    billion VND. Reasons quote cells as typed (58679318, not 58679318.0).

    What depends only on the file (its columns, edition, date and units) is settled here once, and
    the rows are read by position: an import checks tens of thousands of them while COPY writes.
    """
    today = today or timezone.localdate()
    width = max(columns.values(), default=-1) + 1
    tax_at, name_at = columns.get("tax_code"), columns.get("name")
    texts = [(key, columns[key], limit) for key, limit in TEXT_LIMITS.items() if key in columns]
    email_at, legal_at, status_at = columns.get("email"), columns.get("legal_form"), columns.get("status")
    founded_at = columns.get("founded_on")
    edition_at = columns.get("vsic_edition") if known_by_edition is not None else None
    main_at, others_at = columns.get("main_sector"), columns.get("other_sectors")
    has_sectors = main_at is not None or others_at is not None
    numbers = [
        (key, columns[key], (scales or {}).get(key), NUMBER_LIMITS[key], NUMBER_LABELS[key])
        for key in ("headcount", "revenue", "capital")
        if key in columns
    ]
    tags_at, address_at = columns.get("tags"), columns.get("address")
    seen = seen_tax_codes.setdefault
    fold_words = WordFolder()
    # Files repeat the same few legal forms, statuses, dates and editions: each text is read once.
    legal_forms: dict[str, str] = {}
    statuses: dict[str, tuple[str | None, bool]] = {}
    dates: dict[str, date | None] = {}
    editions: dict[str, str | None] = {}
    thousandth = Decimal("0.001")

    def check(row_number: int, row: Sequence[Any]) -> RowResult:
        if len(row) < width:
            row = [*row, *([None] * (width - len(row)))]
        result = RowResult(row_number)
        values = result.values
        errors = result.errors

        raw = row[tax_at] if tax_at is not None else None
        if type(raw) is str and len(raw) == 10 and raw.isdigit() and raw.isascii() and is_valid_head(raw):
            values["tax_code"], result.tax_code_kind = raw, ENTERPRISE_KIND  # parse's usual case, without its object
        else:
            try:
                tax_code = parse(raw)
            except TaxCodeError as error:
                errors.append(f"{_('Tax code')} “{cell_text(raw)}”: {tax_code_message(error.reason)}")
            else:
                values["tax_code"], result.tax_code_kind = tax_code.value, tax_code.kind.value
        if "tax_code" in values:
            first = seen(values["tax_code"], row_number)
            if first != row_number:
                errors.append(
                    _("Tax code %(code)s already appears on row %(row)s.") % {"code": values["tax_code"], "row": first}
                )

        raw = row[name_at] if name_at is not None else None
        name = " ".join((raw.replace("\x00", "") if type(raw) is str else cell_text(raw)).split())
        if not name:
            errors.append(_("The name is empty."))
        elif len(name) > 400:
            errors.append(
                _("%(field)s is longer than %(limit)s characters.") % {"field": TEXT_LABELS["name"], "limit": 400}
            )
        values["name"] = name

        for key, at, limit in texts:
            raw = row[at]
            text = " ".join(cell_text(raw).split())
            if key == "phone" and isinstance(raw, (int, float)) and len(text) == 9:
                text = "0" + text  # a phone number stored as a number lost its leading zero
            if len(text) > limit:
                errors.append(
                    _("%(field)s is longer than %(limit)s characters.") % {"field": TEXT_LABELS[key], "limit": limit}
                )
            values[key] = text
        if email_at is not None:
            email = cell_text(row[email_at]).strip()
            if email and (len(email) > 254 or not _EMAIL.fullmatch(email)):
                errors.append(_("The e-mail “%(email)s” is not an address.") % {"email": email})
            values["email"] = email

        if legal_at is not None:
            legal_text = str(row[legal_at] or "")
            form = legal_forms.get(legal_text)
            if form is None:
                form = legal_forms[legal_text] = legal_form_of(legal_text)
            values["legal_form"] = form or legal_form_of(name, fold_words) or ("khac" if legal_text.strip() else "")
        else:
            result.inferred_legal_form = legal_form_of(name, fold_words)

        if status_at is not None:
            raw = row[status_at]
            status_text = str(raw or "")
            known_status = statuses.get(status_text)
            if known_status is None:
                folded = fold(status_text)
                found = STATUS_LOOKUP.get(folded)
                known_status = statuses[status_text] = (
                    found.value if found is not None else None,
                    bool(folded) and found is None,
                )
            if known_status[1]:
                errors.append(_("Unknown status “%(status)s”.") % {"status": cell_text(raw)})
            if known_status[0] is not None:
                values["status"] = known_status[0]

        if founded_at is not None:
            raw = row[founded_at]
            try:
                if type(raw) is str:
                    founded = dates[raw] if raw in dates else dates.setdefault(raw, cell_date(raw))
                else:
                    founded = cell_date(raw)
            except ValueError:
                message = _("The founding date “%(value)s” is not a date (use dd/mm/yyyy).")
                errors.append(message % {"value": cell_text(raw)})
            else:
                if founded and founded > today:
                    errors.append(
                        _("The founding date %(date)s is in the future.") % {"date": founded.strftime("%d/%m/%Y")}
                    )
                values["founded_on"] = founded

        row_edition_, row_known = edition, known_codes
        if edition_at is not None and known_by_edition is not None:
            raw = row[edition_at]
            if type(raw) is str:
                own = editions[raw] if raw in editions else editions.setdefault(raw, row_edition(raw))
            else:
                own = row_edition(raw)
            if own is None:
                message = _("VSIC edition “%(value)s” is neither 2018 nor 2025.")
                errors.append(message % {"value": cell_text(raw)})
            elif own:  # this row says which edition its codes are in
                row_edition_, row_known = own, known_by_edition[own]

        if has_sectors:
            main = sector_code(row[main_at]) if main_at is not None else ""
            raw = row[others_at] if others_at is not None else None
            others = (
                [sector_code(part) for part in _CODE_LIST.split(cell_text(raw)) if part]
                if raw is not None and raw != ""
                else []
            )
            if (main and main not in row_known) or others:
                unknown = [code for code in [main, *others] if code and code not in row_known]
                if unknown:
                    message = _("Unknown VSIC %(edition)s code: %(codes)s.")
                    errors.append(message % {"edition": row_edition_, "codes": ", ".join(unknown)})
            if main_at is not None:
                values["main_sector"], values["vsic_edition"] = main, row_edition_
            if others_at is not None:
                values["other_sectors"] = others

        for key, at, scale, most, label in numbers:
            raw = row[at]
            try:
                number = cell_decimal(raw)
            except (ValueError, InvalidOperation):
                message = _("%(field)s “%(value)s” is not a number.")
                errors.append(message % {"field": label, "value": cell_text(raw)})
                continue
            if number is None:
                values[key] = None
                continue
            if scale is not None:
                number *= scale
            if number < 0:
                errors.append(_("%(field)s cannot be negative.") % {"field": label})
                continue
            if number >= most:
                message = _("%(field)s %(value)s is too large (revenue and capital are in billion VND).")
                errors.append(message % {"field": label, "value": cell_text(raw)})
                continue
            values[key] = int(number) if key == "headcount" else number.quantize(thousandth)

        if tags_at is not None:
            values["tags"] = [tag.strip() for tag in cell_text(row[tags_at]).split(",") if tag.strip()]
            if any(len(tag) > 50 for tag in values["tags"]):
                errors.append(_("A tag is longer than 50 characters."))
        if address_at is not None:
            address = " ".join(cell_text(row[address_at]).split())
            if len(address) > 500:
                errors.append(
                    _("%(field)s is longer than %(limit)s characters.") % {"field": _("Address"), "limit": 500}
                )
            values["legacy_address"] = address
        return result

    return check
