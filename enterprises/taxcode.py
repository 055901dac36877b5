"""Vietnamese tax codes (mã số thuế / mã số doanh nghiệp): parsing, check digit, normal form.

Pure functions, no Django models. Thông tư 105/2020/TT-BTC:
- an independent legal entity has 10 digits, the 10th a check digit over the first nine with
  weights 31, 29, 23, 19, 17, 13, 7, 5, 3: N10 = 10 − (Σ mod 11); a result of 10 means the nine
  digits can never form a valid code;
- a dependent unit (branch, representative office) adds `-001`…`-999`;
- since 1/7/2025 households and individuals may use their 12-digit citizen ID (no check digit).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from operator import mul

WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_SEPARATORS = re.compile(r"[\s.]+")
_BRANCH = re.compile(r"^(\d{9,10})-(\d{1,3})$")


class TaxCodeKind(StrEnum):
    ENTERPRISE = "enterprise"  # 10 digits
    BRANCH = "branch"  # 10 digits + "-NNN"
    PERSONAL = "personal"  # 12-digit citizen ID of a household business


class TaxCodeError(ValueError):
    """Why a value is not a tax code; `reason` is a stable key, the text is for logs."""

    def __init__(self, reason: str, value: str) -> None:
        super().__init__(f"{reason}: {value!r}")
        self.reason = reason
        self.value = value


@dataclass(frozen=True)
class TaxCode:
    value: str  # the normal form: "0100109106", "0100109106-001" or "001203004567"
    kind: TaxCodeKind

    @property
    def head(self) -> str:
        """The 10-digit code of the legal entity (the branch's parent); the ID itself for a person."""
        return self.value.split("-")[0]

    def __str__(self) -> str:
        return self.value


def check_digit(first_nine: str) -> int | None:
    """The 10th digit for these nine digits, or None when no digit fits (Σ mod 11 == 0)."""
    if len(first_nine) != len(WEIGHTS):
        raise ValueError(first_nine)
    total = sum(map(mul, map(int, first_nine), WEIGHTS))
    result = 10 - total % 11
    return None if result == 10 else result


def is_valid_head(ten: str) -> bool:
    return len(ten) == 10 and ten.isdigit() and check_digit(ten[:9]) == int(ten[9])


def parse(raw: object) -> TaxCode:
    """Read a tax code as officers type it, or raise TaxCodeError.

    Spaces and dots are ignored; a spreadsheet that dropped the leading zero is repaired only when
    exactly one reading is valid. An integer (a numeric spreadsheet cell) is read as its digits.
    """
    if isinstance(raw, str) and len(raw) == 10 and raw.isdigit() and raw.isascii():  # the usual case, first
        return TaxCode(_head(raw, raw), TaxCodeKind.ENTERPRISE)
    if raw is None:
        raise TaxCodeError("empty", "")
    if isinstance(raw, bool):
        raise TaxCodeError("characters", str(raw))
    if isinstance(raw, float):
        if not raw.is_integer():
            raise TaxCodeError("characters", str(raw))
        raw = int(raw)
    text = _SEPARATORS.sub("", str(raw)).replace("–", "-").replace("—", "-")
    if not text:
        raise TaxCodeError("empty", str(raw))

    branch = _BRANCH.match(text)
    if branch:
        head, suffix = branch.groups()
        return _branch(_head(head, str(raw)), suffix, str(raw))
    if not text.isdigit():
        raise TaxCodeError("characters", str(raw))
    if len(text) in (9, 10):
        return TaxCode(_head(text, str(raw)), TaxCodeKind.ENTERPRISE)
    if len(text) == 13:  # a branch written without its dash
        return _branch(_head(text[:10], str(raw)), text[10:], str(raw))
    if len(text) == 12:
        if text.startswith("0"):  # citizen IDs start with a 0 (the province part is 001–096)
            return TaxCode(text, TaxCodeKind.PERSONAL)
        return _branch(_head("0" + text[:9], str(raw)), text[9:], str(raw))  # branch missing its zero
    if len(text) == 11:  # a citizen ID whose leading zero a spreadsheet dropped
        return TaxCode("0" + text, TaxCodeKind.PERSONAL)
    raise TaxCodeError("length", str(raw))


def mask_personal(value: str) -> str:
    """A stored tax code as shown to anyone but the department: a household business's 12-digit
    citizen ID keeps its first 3 and last 3 digits ("079******123"); any other code is public and
    stays as it is. The one masking rule of the portal (who sees what: enterprises.privacy)."""
    if len(value) == 12 and value.isascii() and value.isdigit():
        return f"{value[:3]}{'*' * 6}{value[-3:]}"
    return value


def _head(digits: str, raw: str) -> str:
    if len(digits) == 9:
        digits = "0" + digits
    if not is_valid_head(digits):
        raise TaxCodeError("check_digit", raw)
    return digits


def _branch(head: str, suffix: str, raw: str) -> TaxCode:
    number = int(suffix)
    if not 1 <= number <= 999:
        raise TaxCodeError("branch_suffix", raw)
    return TaxCode(f"{head}-{number:03d}", TaxCodeKind.BRANCH)
