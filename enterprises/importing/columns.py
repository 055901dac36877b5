"""Matching a file's column titles to fields, tolerantly: accents, case, punctuation, word order,
abbreviations, units in brackets and filler words such as "kinh doanh" do not matter.

The registry import and the attendance sheets share `ColumnMatcher`; each brings its own titles.
Matching is deterministic (same titles, same mapping) and one-to-one: a title maps to at most one
field, a field takes at most one column, and a title about as close to two fields is left for the
officer to choose.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from django.utils.translation import gettext_lazy as _
from rapidfuzz import fuzz

from reference.text import fold

# A fuzzy match counts from this score (rapidfuzz's 0–100); an exact match after normalising is 100.
THRESHOLD = 86
# A title whose two best fields score within this margin is ambiguous: the officer chooses.
AMBIGUITY_MARGIN = 4
VERBATIM = 101.0  # the score of a title known exactly as written, above any normalised match
# Abbreviations of official extracts and officers' sheets, folded, spelled out before comparing.
ABBREVIATIONS = {
    "dn": "doanh nghiep",
    "dkkd": "dang ky kinh doanh",
    "dkdn": "dang ky doanh nghiep",
    "gcn": "giay chung nhan",
    "mst": "ma so thue",
    "msdn": "ma so doanh nghiep",
    "sdt": "so dien thoai",
    "dthoai": "dien thoai",
    "ld": "lao dong",
    "nnkd": "nganh nghe kinh doanh",
    "dc": "dia chi",
    "ndd": "nguoi dai dien",
    "nddpl": "nguoi dai dien phap luat",
    "vdl": "von dieu le",
    "sl": "so luong",
}
# Words that qualify a title without changing which field it names ("Ngành nghề kinh doanh chính",
# "Tên doanh nghiệp tiếng Việt"); dropped, longest first, after the abbreviations are spelled out.
FILLERS = ("kinh doanh", "chinh", "tieng viet", "hien tai", "hien nay", "theo", "cua", "bang")
_BRACKETS = re.compile(r"[(\[{].*?[)\]}]")
_PUNCTUATION = re.compile(r"[^a-z0-9 ]+")
_FILLER = re.compile(r"\b(?:" + "|".join(re.escape(word) for word in FILLERS) + r")\b")


def normalise(title: str) -> str:
    """A title as compared: folded, without brackets or punctuation, abbreviations spelled out,
    filler words dropped ("Số ĐKKD (*)" → "so dang ky")."""
    text = _PUNCTUATION.sub(" ", _BRACKETS.sub(" ", fold(title)))
    words = " ".join(ABBREVIATIONS.get(word, word) for word in text.split())
    return " ".join(_FILLER.sub(" ", words).split())


def title_key(title: str) -> str:
    """How a column title the officer mapped is remembered: folded, without decoration."""
    return fold(title).strip(" :*")


@dataclass(frozen=True)
class ColumnMatch:
    mapping: dict[int, str]  # column index → field
    ambiguous: dict[int, list[str]]  # column index → the fields it is close to


class ColumnMatcher:
    """Titles known for each field, compared after `normalise`; exact first, then by rapidfuzz's
    token_sort_ratio (word order and small typos do not matter)."""

    def __init__(self, synonyms: Mapping[str, Sequence[str]]) -> None:
        self._exact: dict[str, str] = {}
        self._verbatim: dict[str, str] = {}  # title key → field: a title exactly as known wins over one alike
        self._known: list[tuple[str, str]] = []  # (normalised title, field), in a fixed order
        for name, titles in synonyms.items():
            for title in titles:
                self._verbatim.setdefault(title_key(title), name)
                key = normalise(title)
                if key and key not in self._exact:
                    self._exact[key] = name
                    self._known.append((key, name))

    def scores(self, title: str) -> dict[str, float]:
        """Each field's best score for a title (fields below the threshold left out): VERBATIM for a title
        known verbatim, 100 for one equal once normalised, else rapidfuzz's score."""
        if title_key(title) in self._verbatim:
            return {self._verbatim[title_key(title)]: VERBATIM}
        parts = [normalise(part) for part in [title, *title.split("/")]] if "/" in title else [normalise(title)]
        best: dict[str, float] = {}
        for part in filter(None, parts):
            if part in self._exact:
                best[self._exact[part]] = 100.0
                continue
            for known, name in self._known:
                score = fuzz.token_sort_ratio(part, known, score_cutoff=THRESHOLD)
                if score > best.get(name, 0):
                    best[name] = score
        return best

    def match(self, headers: Sequence[str], remembered: Mapping[str, str] | None = None) -> ColumnMatch:
        """The officer's choices (`remembered`: title key → field, "" to ignore the column) first;
        then each field to the column that names it best (the leftmost on a tie)."""
        remembered = remembered or {}
        mapping: dict[int, str] = {}
        for index, header in enumerate(headers):
            name = remembered.get(title_key(header))
            if name and name not in mapping.values():
                mapping[index] = name
        candidates: list[tuple[float, int, str]] = []
        ambiguous: dict[int, list[str]] = {}
        for index, header in enumerate(headers):
            if index in mapping or title_key(header) in remembered or not header.strip():
                continue
            ranked = sorted(self.scores(header).items(), key=lambda item: (-item[1], item[0]))
            if not ranked:
                continue
            # Only a title known verbatim is certain; "Điện thoại/Email" names two fields equally well.
            if len(ranked) > 1 and ranked[0][1] < VERBATIM and ranked[0][1] - ranked[1][1] < AMBIGUITY_MARGIN:
                ambiguous[index] = [name for name, score in ranked if ranked[0][1] - score < AMBIGUITY_MARGIN]
                continue
            candidates.append((ranked[0][1], index, ranked[0][0]))
        for _score, index, name in sorted(candidates, key=lambda item: (-item[0], item[1])):
            if name not in mapping.values():
                mapping[index] = name
        return ColumnMatch(mapping=dict(sorted(mapping.items())), ambiguous=ambiguous)


_MONEY_UNITS = (
    ("nghin ty", Decimal(1000)),
    ("ty", Decimal(1)),
    ("trieu", Decimal("0.001")),
    ("nghin", Decimal("0.000001")),
    ("ngan", Decimal("0.000001")),
)
_CURRENCY = re.compile(r"\b(dong|vnd|d)\b")


def money_scale(title: str) -> Decimal:
    """The factor turning a money column's values into billion VND, from the unit its title names in
    brackets: "(triệu đồng)" → 0.001, "(đồng)" or "(VNĐ)" → 10⁻⁹; 1 when it names none or "tỷ"."""
    units = " ".join(_BRACKETS.findall(fold(title)))
    words = " ".join(_PUNCTUATION.sub(" ", units).split())
    for unit, scale in _MONEY_UNITS:
        if re.search(rf"\b{unit}\b", words):
            return scale
    return Decimal("0.000000001") if _CURRENCY.search(words) else Decimal(1)


# Field → titles officers use (compared folded: no accents, no case).
SYNONYMS: dict[str, list[str]] = {
    "tax_code": [
        "mã số thuế",
        "mst",
        "mã số doanh nghiệp",
        "mã doanh nghiệp",
        "mã số dn",
        "mã số thuế doanh nghiệp",
        "số đkkd",
        "mã số đkkd",
        "số đăng ký doanh nghiệp",
        "mã số đăng ký doanh nghiệp",
        "số giấy chứng nhận đăng ký doanh nghiệp",
        "số gcn đkdn",
        "tax code",
        "tax id",
        "enterprise code",
        "business registration number",
    ],
    "name": [
        "tên doanh nghiệp",
        "tên",
        "tên công ty",
        "tên đơn vị",
        "tên dn",
        "tên doanh nghiệp viết bằng tiếng việt",
        "tên đơn vị kinh doanh",
        "name",
        "company name",
        "enterprise name",
    ],
    "short_name": [
        "tên viết tắt",
        "tên tiếng anh",
        "tên giao dịch",
        "tên doanh nghiệp viết tắt",
        "tên doanh nghiệp viết bằng tiếng nước ngoài",
        "tên nước ngoài",
        "tên tiếng nước ngoài",
        "short name",
        "english name",
        "foreign name",
    ],
    "legal_form": ["loại hình", "loại hình doanh nghiệp", "loại hình dn", "loại hình pháp lý", "legal form"],
    "founded_on": [
        "ngày thành lập",
        "ngày cấp",
        "ngày cấp giấy phép",
        "ngày đăng ký",
        "ngày đăng ký lần đầu",
        "ngày cấp gcn đkdn lần đầu",
        "ngày cấp giấy chứng nhận đăng ký doanh nghiệp",
        "ngày bắt đầu hoạt động",
        "founding date",
        "founded on",
        "date of establishment",
    ],
    "status": ["trạng thái", "tình trạng", "tình trạng hoạt động", "trạng thái hoạt động", "status"],
    "main_sector": [
        "ngành nghề chính",
        "mã ngành",
        "mã ngành chính",
        "ngành chính",
        "mã vsic",
        "mã ngành cấp 4",
        "ngành nghề",
        "ngành",
        "mã ngành nghề",
        "vsic",
        "main sector",
        "industry code",
    ],
    "other_sectors": ["ngành nghề khác", "mã ngành khác", "ngành khác", "mã ngành nghề khác", "other sectors"],
    "vsic_edition": ["phiên bản vsic", "hệ thống ngành", "năm vsic", "vsic năm", "vsic edition", "edition"],
    "headcount": [
        "số lao động",
        "lao động",
        "số lđ",
        "tổng số lao động",
        "số người lao động",
        "số lao động bình quân",
        "employees",
        "headcount",
        "number of employees",
    ],
    "revenue": ["doanh thu", "tổng doanh thu", "doanh thu thuần", "revenue"],
    "capital": ["tổng nguồn vốn", "nguồn vốn", "vốn", "vốn điều lệ", "vốn đăng ký", "vốn kinh doanh", "capital"],
    "address": [
        "địa chỉ",
        "địa chỉ trụ sở",
        "trụ sở",
        "địa chỉ theo hồ sơ",
        "địa chỉ trụ sở chính",
        "địa chỉ liên hệ",
        "address",
        "address as given",
        "head office address",
    ],
    "phone": ["điện thoại", "số điện thoại", "sđt", "điện thoại liên hệ", "phone", "telephone", "tel"],
    "email": ["email", "e-mail", "thư điện tử"],
    "website": ["website", "trang web", "trang thông tin điện tử"],
    "legal_representative": [
        "người đại diện",
        "người đại diện theo pháp luật",
        "người đại diện pháp luật",
        "giám đốc",
        "tên người đại diện",
        "họ và tên người đại diện theo pháp luật",
        "legal representative",
    ],
    "tags": ["nhãn", "tags"],
}
FIELD_LABELS = {
    "tax_code": _("Tax code"),
    "name": _("Name"),
    "short_name": _("Short or English name"),
    "legal_form": _("Legal form"),
    "founded_on": _("Founding date"),
    "status": _("Status"),
    "main_sector": _("Main sector"),
    "other_sectors": _("Other sectors"),
    "vsic_edition": _("VSIC edition"),
    "headcount": _("Employees"),
    "revenue": _("Revenue (billion VND)"),
    "capital": _("Capital (billion VND)"),
    "address": _("Address"),
    "phone": _("Phone"),
    "email": _("E-mail"),
    "website": _("Website"),
    "legal_representative": _("Legal representative"),
    "tags": _("Tags"),
}
REQUIRED = ("tax_code", "name")


@cache
def registry_matcher() -> ColumnMatcher:
    """The registry's titles, plus its field labels in both languages (so the portal's own export
    reads back)."""
    from django.utils import translation

    titles = {name: list(words) for name, words in SYNONYMS.items()}
    for language in ("vi", "en"):
        with translation.override(language):
            for name, label in FIELD_LABELS.items():
                titles[name].append(str(label))
    return ColumnMatcher(titles)


def match_columns(headers: list[str], remembered: dict[str, str] | None = None) -> ColumnMatch:
    """The registry fields a file's columns hold; see ColumnMatcher.match."""
    return registry_matcher().match(headers, remembered)


def missing_required(mapping: dict[int, str]) -> list[str]:
    return [field for field in REQUIRED if field not in mapping.values()]


def parse_forced_columns(spec: str, fields: Sequence[str]) -> dict[str, str]:
    """`"Số ĐKKD=tax_code,Ghi chú="` → {title key: field} ("" ignores the column), as the officer's
    choices are remembered. Raises ValueError naming the first piece that is not `title=field` with
    a known field."""
    forced: dict[str, str] = {}
    for piece in filter(None, (part.strip() for part in spec.split(","))):
        title, equals, name = piece.rpartition("=")
        if not equals or not title.strip() or (name.strip() and name.strip() not in fields):
            raise ValueError(piece)
        forced[title_key(title)] = name.strip()
    return forced
