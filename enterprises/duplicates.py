"""Are two registry records the same enterprise? Pure functions over plain data, no ORM.

Evidence, strongest first:
- the tax-code relation (`taxcode`): a branch and its head office, two branches of one head, or two
  different valid head-office codes — which are two legal entities, so never a certain duplicate;
- the name without its legal form, compared in word order ("Ngân Lộc" is not "Lộc Ngân");
- the same phone or e-mail; the street address and the ward; the legal form.

`assess()` returns the confidence in words an officer can act on, with the reasons that led to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from enterprises import taxcode
from reference.text import fold

# "Công ty TNHH MTV", "DNTN", "HTX", "Chi nhánh Công ty cổ phần"… say how, not who.
_LEGAL_FORM = re.compile(
    r"\b(chi nhanh|van phong dai dien|cong ty|cty|doanh nghiep tu nhan|dntn|hop tac xa|htx|ho kinh doanh|hkd"
    r"|tnhh|trach nhiem huu han|co phan|cp|mot thanh vien|mtv|hai thanh vien tro len|2tv)\b"
)
# The same words for PostgreSQL's regexp_replace, to fold names when proposing candidates.
LEGAL_FORM_SQL = _LEGAL_FORM.pattern.replace(r"\b", r"\y")
_PUNCTUATION = re.compile(r"[^\w ]+")


class Confidence(IntEnum):
    POSSIBLE = 1  # worth a look; often two different enterprises
    LIKELY = 2
    CERTAIN = 3


class Reason(StrEnum):
    BRANCH_OF = "branch_of"  # one code is the other's branch (-NNN)
    SAME_HEAD = "same_head"  # two branches of one head office
    DIFFERENT_HEADS = "different_heads"  # two valid head-office codes: two legal entities
    CODE_UNCHECKED = "code_unchecked"  # a code that fails its check digit or is a personal ID
    SAME_NAME = "same_name"
    SIMILAR_NAME = "similar_name"
    SAME_CONTACT = "same_contact"  # the same phone or e-mail
    SAME_ADDRESS = "same_address"
    SAME_WARD = "same_ward"
    OTHER_LEGAL_FORM = "other_legal_form"


CONFIDENCE_LABELS = {
    Confidence.CERTAIN: _("Almost certainly the same enterprise"),
    Confidence.LIKELY: _("Probably the same enterprise"),
    Confidence.POSSIBLE: _("Possibly the same enterprise: check before merging"),
}
REASON_LABELS = {
    Reason.BRANCH_OF: _("one tax code is a branch of the other"),
    Reason.SAME_HEAD: _("two branches of one head office"),
    Reason.DIFFERENT_HEADS: _("two different valid tax codes: by law two enterprises"),
    Reason.CODE_UNCHECKED: _("a tax code that fails its check or is a personal ID"),
    Reason.SAME_NAME: _("the same name, apart from the legal form"),
    Reason.SIMILAR_NAME: _("a very similar name"),
    Reason.SAME_CONTACT: _("the same phone or e-mail"),
    Reason.SAME_ADDRESS: _("the same address"),
    Reason.SAME_WARD: _("the same ward or commune"),
    Reason.OTHER_LEGAL_FORM: _("different legal forms"),
}


@dataclass(frozen=True)
class Record:
    tax_code: str
    name: str
    legal_form: str = ""
    street_address: str = ""
    ward: str | int | None = None
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Match:
    confidence: Confidence
    score: float  # 0–1, to order pairs of one confidence
    reasons: tuple[Reason, ...]

    @property
    def label(self) -> str:
        return str(CONFIDENCE_LABELS[self.confidence])

    @property
    def reason_labels(self) -> list[str]:
        return [str(REASON_LABELS[reason]) for reason in self.reasons]


def core_name(name: str) -> str:
    """The name without its legal form, accents, case or punctuation."""
    folded = _PUNCTUATION.sub(" ", fold(name))
    return " ".join(_LEGAL_FORM.sub(" ", folded).split())


def _relation(a: str, b: str) -> Reason | None:
    try:
        first, second = taxcode.parse(a), taxcode.parse(b)
    except taxcode.TaxCodeError:
        return Reason.CODE_UNCHECKED
    if first.head == second.head:
        branch = taxcode.TaxCodeKind.BRANCH
        return Reason.SAME_HEAD if first.kind == second.kind == branch else Reason.BRANCH_OF
    heads = (first.kind != taxcode.TaxCodeKind.PERSONAL, second.kind != taxcode.TaxCodeKind.PERSONAL)
    if all(heads) and taxcode.is_valid_head(first.head) and taxcode.is_valid_head(second.head):
        return Reason.DIFFERENT_HEADS
    return Reason.CODE_UNCHECKED


_ADDRESS_FILLERS = frozenset({"so", "duong", "pho", "d", "ap", "thon", "to", "khu", "kp", "hem", "ngo", "nha"})


def _address(address: str) -> str:
    """The words that tell one address from another: "Số 5, đường Trần Phú" → "5 tran phu"."""
    words = _PUNCTUATION.sub(" ", fold(address)).split()
    return " ".join(word for word in words if word not in _ADDRESS_FILLERS)


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return digits[-9:] if len(digits) >= 9 else ""  # the subscriber number, without +84 or 0


def assess(a: Record, b: Record) -> Match | None:
    """How sure we are that two records are one enterprise, or None when nothing suggests it."""
    reasons: list[Reason] = []
    relation = _relation(a.tax_code, b.tax_code)
    if relation is not None:
        reasons.append(relation)
    name = fuzz.ratio(core_name(a.name), core_name(b.name)) / 100
    if name >= 0.999:
        reasons.append(Reason.SAME_NAME)
    elif name >= 0.85:
        reasons.append(Reason.SIMILAR_NAME)
    phones, emails = (_digits(a.phone), _digits(b.phone)), (a.email.strip().lower(), b.email.strip().lower())
    contact = (phones[0] and phones[0] == phones[1]) or (emails[0] and emails[0] == emails[1])
    if contact:
        reasons.append(Reason.SAME_CONTACT)
    address = 0.0
    if a.street_address and b.street_address:
        address = fuzz.token_sort_ratio(_address(a.street_address), _address(b.street_address)) / 100
        if address >= 0.9:
            reasons.append(Reason.SAME_ADDRESS)
    same_ward = a.ward is not None and a.ward == b.ward
    if same_ward:
        reasons.append(Reason.SAME_WARD)
    if a.legal_form and b.legal_form and a.legal_form != b.legal_form and relation != Reason.BRANCH_OF:
        reasons.append(Reason.OTHER_LEGAL_FORM)

    score = 0.6 * name + 0.2 * address + 0.1 * bool(contact) + 0.1 * same_ward
    if relation in (Reason.BRANCH_OF, Reason.SAME_HEAD):
        confidence = Confidence.CERTAIN if name >= 0.9 and relation == Reason.BRANCH_OF else Confidence.LIKELY
        if name < 0.6:
            confidence = Confidence.POSSIBLE
    elif name < 0.85:
        return None
    elif name >= 0.95 and (address >= 0.9 or contact):
        confidence = Confidence.CERTAIN
    elif name >= 0.9 and (same_ward or contact):
        confidence = Confidence.LIKELY
    else:
        confidence = Confidence.POSSIBLE
    if relation == Reason.DIFFERENT_HEADS:
        # Two legal entities by law: a copy with a mistyped code that still passes the check digit is
        # rare, a family of companies with one name is not. Shown only with the same name and legal
        # form in the same place, and never as more than "possible".
        if name < 0.95 or Reason.OTHER_LEGAL_FORM in reasons or not (same_ward or address >= 0.9 or contact):
            return None
        confidence = Confidence.POSSIBLE
        score *= 0.5
    if Reason.OTHER_LEGAL_FORM in reasons and confidence > Confidence.POSSIBLE:
        confidence = Confidence(confidence - 1)
    return Match(confidence, round(score, 3), tuple(reasons))
