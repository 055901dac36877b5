"""Matching a file's column titles to registry fields, in Vietnamese or English, with or without accents."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from reference.text import fold

# Field → titles officers use (compared folded: no accents, no case).
SYNONYMS: dict[str, list[str]] = {
    "tax_code": ["mã số thuế", "mst", "mã số doanh nghiệp", "mã doanh nghiệp", "mã số dn", "tax code", "tax id"],
    "name": [
        "tên doanh nghiệp",
        "tên",
        "tên công ty",
        "tên đơn vị",
        "tên dn",
        "name",
        "company name",
        "enterprise name",
    ],
    "short_name": ["tên viết tắt", "tên tiếng anh", "tên giao dịch", "short name", "english name"],
    "legal_form": ["loại hình", "loại hình doanh nghiệp", "loại hình dn", "legal form"],
    "founded_on": ["ngày thành lập", "ngày cấp", "ngày cấp giấy phép", "ngày đăng ký", "founding date", "founded on"],
    "status": ["trạng thái", "tình trạng", "tình trạng hoạt động", "status"],
    "main_sector": [
        "ngành nghề chính",
        "mã ngành",
        "mã ngành chính",
        "ngành chính",
        "mã vsic",
        "vsic",
        "main sector",
        "industry code",
    ],
    "other_sectors": ["ngành nghề khác", "mã ngành khác", "other sectors"],
    "vsic_edition": ["phiên bản vsic", "hệ thống ngành", "năm vsic", "vsic năm", "vsic edition", "edition"],
    "headcount": ["số lao động", "lao động", "số lđ", "employees", "headcount"],
    "revenue": ["doanh thu", "doanh thu (tỷ đồng)", "revenue"],
    "capital": ["tổng nguồn vốn", "nguồn vốn", "nguồn vốn (tỷ đồng)", "vốn", "vốn điều lệ", "capital"],
    "address": ["địa chỉ", "địa chỉ trụ sở", "trụ sở", "địa chỉ theo hồ sơ", "address", "address as given"],
    "phone": ["điện thoại", "số điện thoại", "sđt", "phone"],
    "email": ["email", "e-mail", "thư điện tử"],
    "website": ["website", "trang web", "trang thông tin điện tử"],
    "legal_representative": [
        "người đại diện",
        "người đại diện theo pháp luật",
        "người đại diện pháp luật",
        "giám đốc",
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


def _lookup() -> dict[str, str]:
    """Synonyms, plus the field labels in both languages (so the portal's own export reads back)."""
    from django.utils import translation

    table = {fold(title): field for field, titles in SYNONYMS.items() for title in titles}
    for language in ("vi", "en"):
        with translation.override(language):
            for field, label in FIELD_LABELS.items():
                table.setdefault(fold(str(label)), field)
    table.setdefault(fold("Địa chỉ theo hồ sơ"), "address")
    return table


def title_key(title: str) -> str:
    """How a column title is compared and remembered: folded, without decoration."""
    return fold(title).strip(" :*")


def match_columns(headers: list[str], remembered: dict[str, str] | None = None) -> dict[int, str]:
    """Column index → field for the titles recognised.

    The officer's choices (`remembered`: title key → field, "" to ignore the column) come first;
    the built-in synonyms fill in the rest.
    """
    remembered = remembered or {}
    lookup = _lookup()
    mapping: dict[int, str] = {}
    keys = [title_key(header) for header in headers]
    for index, key in enumerate(keys):
        field = remembered.get(key)
        if field and field not in mapping.values():
            mapping[index] = field
    for index, key in enumerate(keys):
        if index in mapping or key in remembered:
            continue
        field = lookup.get(key)
        if field and field not in mapping.values():
            mapping[index] = field
    return mapping


def missing_required(mapping: dict[int, str]) -> list[str]:
    return [field for field in REQUIRED if field not in mapping.values()]
