"""Placing an address text in its current ward, also when it names the pre-2025 ward and district."""

from __future__ import annotations

from dataclasses import dataclass

from reference.loaders import legacy_search_key
from reference.models import LegacyWard, Ward
from reference.text import fold


@dataclass(frozen=True)
class Placement:
    ward_id: int | None
    street: str


class AddressMatcher:
    """Loaded once per import: the province's current wards and every pre-2025 ward."""

    def __init__(self, province_code: str) -> None:
        wards = list(Ward.objects.filter(province__code=province_code).values_list("id", "code", "unit_type", "name"))
        self.by_code = {code: ward_id for ward_id, code, _type, _name in wards}
        self.by_name: dict[str, int] = {}
        for ward_id, _code, unit_type, name in wards:
            self.by_name.setdefault(fold(f"{unit_type} {name}"), ward_id)
            self.by_name.setdefault(fold(name), ward_id)
        self.legacy = dict(LegacyWard.objects.values_list("search_key", "new_ward_codes"))

    def place(self, text: str) -> Placement:
        parts = [part.strip() for part in text.split(",") if part.strip()]
        # "…, Phường Tân Phong, Thành phố Biên Hòa, Tỉnh Đồng Nai": ward, district, province before 2025.
        if len(parts) >= 3:
            codes = self.legacy.get(legacy_search_key(*parts[-3:]))
            # A ward split in 2025 cannot be placed from its old name alone: leave it to the officer.
            if codes and len(codes) == 1 and codes[0] in self.by_code:
                return Placement(self.by_code[codes[0]], ", ".join(parts[:-3])[:300])
        # "…, Phường Tân Triều, Đồng Nai": today's ward and province.
        if len(parts) >= 2:
            ward_id = self.by_name.get(fold(parts[-2]))
            if ward_id is not None:
                return Placement(ward_id, ", ".join(parts[:-2])[:300])
        return Placement(None, "")
