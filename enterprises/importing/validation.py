"""Turning a file's rows into registry values, or a reason in the officer's language per rejected row."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises.forms import tax_code_message
from enterprises.models import EnterpriseStatus, LegalForm
from enterprises.taxcode import TaxCodeError, parse
from reference.text import fold

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


def _decimal(value: Any) -> Decimal | None:
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


def _date(value: Any) -> date | None:
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


def legal_form_of(text: str) -> str:
    match = _LEGAL_FORM.match(fold(text))
    return LEGAL_FORM_PREFIXES[match.lastindex - 1][1].value if match and match.lastindex else ""


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
    """Clean one row. `seen_tax_codes` collects the file's tax codes to catch duplicates inside it;
    `today` (the province's date) is passed by callers validating many rows; `scales` turns a money
    column's unit into billion VND. Reasons quote cells as typed (58679318, not 58679318.0)."""
    result = RowResult(row_number)
    values = result.values
    errors = result.errors

    try:
        tax_code = parse(cells.get("tax_code"))
        values["tax_code"], result.tax_code_kind = tax_code.value, tax_code.kind.value
    except TaxCodeError as error:
        errors.append(f"{_('Tax code')} “{cell_text(cells.get('tax_code'))}”: {tax_code_message(error.reason)}")
    else:
        first = seen_tax_codes.setdefault(values["tax_code"], row_number)
        if first != row_number:
            errors.append(
                _("Tax code %(code)s already appears on row %(row)s.") % {"code": values["tax_code"], "row": first}
            )

    name = " ".join(cell_text(cells.get("name")).split())
    if not name:
        errors.append(_("The name is empty."))
    elif len(name) > 400:
        errors.append(
            _("%(field)s is longer than %(limit)s characters.") % {"field": TEXT_LABELS["name"], "limit": 400}
        )
    values["name"] = name

    for key, limit in TEXT_LIMITS.items():
        if key in cells:
            text = " ".join(cell_text(cells.get(key)).split())
            if key == "phone" and isinstance(cells.get(key), (int, float)) and len(text) == 9:
                text = "0" + text  # a phone number stored as a number lost its leading zero
            if len(text) > limit:
                errors.append(
                    _("%(field)s is longer than %(limit)s characters.") % {"field": TEXT_LABELS[key], "limit": limit}
                )
            values[key] = text
    if "email" in cells:
        email = cell_text(cells.get("email")).strip()
        if email and (len(email) > 254 or not _EMAIL.fullmatch(email)):
            errors.append(_("The e-mail “%(email)s” is not an address.") % {"email": email})
        values["email"] = email

    if "legal_form" in cells:
        legal_text = str(cells.get("legal_form") or "")
        values["legal_form"] = (
            legal_form_of(legal_text) or legal_form_of(name) or ("khac" if legal_text.strip() else "")
        )
    else:
        result.inferred_legal_form = legal_form_of(name)

    if "status" in cells:
        status_text = fold(str(cells.get("status") or ""))
        if status_text and status_text not in STATUS_LOOKUP:
            errors.append(_("Unknown status “%(status)s”.") % {"status": cell_text(cells.get("status"))})
        if status_text in STATUS_LOOKUP:
            values["status"] = STATUS_LOOKUP[status_text].value

    if "founded_on" in cells:
        try:
            founded = _date(cells.get("founded_on"))
        except ValueError:
            message = _("The founding date “%(value)s” is not a date (use dd/mm/yyyy).")
            errors.append(message % {"value": cell_text(cells.get("founded_on"))})
        else:
            if founded and founded > (today or timezone.localdate()):
                errors.append(
                    _("The founding date %(date)s is in the future.") % {"date": founded.strftime("%d/%m/%Y")}
                )
            values["founded_on"] = founded

    if "vsic_edition" in cells and known_by_edition is not None:
        own = row_edition(cells.get("vsic_edition"))
        if own is None:
            message = _("VSIC edition “%(value)s” is neither 2018 nor 2025.")
            errors.append(message % {"value": cell_text(cells.get("vsic_edition"))})
        elif own:  # this row says which edition its codes are in
            edition, known_codes = own, known_by_edition[own]

    if "main_sector" in cells or "other_sectors" in cells:
        main = sector_code(cells.get("main_sector"))
        others = [sector_code(part) for part in _CODE_LIST.split(cell_text(cells.get("other_sectors"))) if part]
        unknown = [code for code in [main, *others] if code and code not in known_codes]
        if unknown:
            message = _("Unknown VSIC %(edition)s code: %(codes)s.")
            errors.append(message % {"edition": edition, "codes": ", ".join(unknown)})
        if "main_sector" in cells:
            values["main_sector"], values["vsic_edition"] = main, edition
        if "other_sectors" in cells:
            values["other_sectors"] = others

    for key in ("headcount", "revenue", "capital"):
        if key not in cells:
            continue
        try:
            number = _decimal(cells.get(key))
        except (ValueError, InvalidOperation):
            message = _("%(field)s “%(value)s” is not a number.")
            errors.append(message % {"field": NUMBER_LABELS[key], "value": cell_text(cells.get(key))})
            continue
        if number is not None and scales and key in scales:
            number *= scales[key]
        if number is not None and number < 0:
            errors.append(_("%(field)s cannot be negative.") % {"field": NUMBER_LABELS[key]})
            continue
        if number is not None and number >= NUMBER_LIMITS[key]:
            message = _("%(field)s %(value)s is too large (revenue and capital are in billion VND).")
            errors.append(message % {"field": NUMBER_LABELS[key], "value": cell_text(cells.get(key))})
            continue
        if key == "headcount":
            values[key] = int(number) if number is not None else None
        else:
            values[key] = number.quantize(Decimal("0.001")) if number is not None else None

    if "tags" in cells:
        values["tags"] = [tag.strip() for tag in cell_text(cells.get("tags")).split(",") if tag.strip()]
        if any(len(tag) > 50 for tag in values["tags"]):
            errors.append(_("A tag is longer than 50 characters."))
    if "address" in cells:
        address = " ".join(cell_text(cells.get("address")).split())
        if len(address) > 500:
            errors.append(_("%(field)s is longer than %(limit)s characters.") % {"field": _("Address"), "limit": 500})
        values["legacy_address"] = address
    return result
