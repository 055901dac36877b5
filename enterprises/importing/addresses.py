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
        self._decided: dict[tuple[str, ...], tuple[int | None, int]] = {}

    def place(self, text: str) -> Placement:
        parts = [part.strip() for part in text.split(",") if part.strip()]
        tail = tuple(parts[-3:])
        if tail not in self._decided:  # a file names the same few hundred wards over and over
            self._decided[tail] = self._decide(tail)
        ward_id, consumed = self._decided[tail]
        if ward_id is None:
            return Placement(None, "")
        return Placement(ward_id, ", ".join(parts[:-consumed])[:300])

    def _decide(self, tail: tuple[str, ...]) -> tuple[int | None, int]:
        """The ward the address's last parts name, and how many parts that takes."""
        # "…, Phường Tân Phong, Thành phố Biên Hòa, Tỉnh Đồng Nai": ward, district, province before 2025.
        if len(tail) == 3:
            codes = self.legacy.get(legacy_search_key(*tail))
            # A ward split in 2025 cannot be placed from its old name alone: leave it to the officer.
            if codes and len(codes) == 1 and codes[0] in self.by_code:
                return self.by_code[codes[0]], 3
        # "…, Phường Tân Triều, Đồng Nai": today's ward and province.
        if len(tail) >= 2:
            ward_id = self.by_name.get(fold(tail[-2]))
            if ward_id is not None:
                return ward_id, 2
        return None, 0
