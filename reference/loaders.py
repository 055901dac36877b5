"""Load the reference CSV files in reference/data into the public schema (idempotent upserts)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django_tenants.utils import get_public_schema_name, schema_context

from reference.models import AdministrativeProvince, LegacyWard, VsicCode, VsicCorrespondence, Ward
from reference.text import fold

DATA_DIR = Path(__file__).resolve().parent / "data"
# VSIC 2018 is rebuilt from the official conversion tables; see reference/data/README.md.
VSIC_EDITIONS = ("2025", "2018")


@dataclass(frozen=True)
class LoadSummary:
    provinces: int
    wards: int
    legacy_wards: int
    vsic_codes: int
    vsic_correspondences: int


def _rows(name: str) -> Iterator[dict[str, str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def reference_data_load() -> LoadSummary:
    """Bring the reference tables in line with the files; codes are kept, so links stay valid."""
    with schema_context(get_public_schema_name()), transaction.atomic():
        provinces = [AdministrativeProvince(**row) for row in _rows("provinces.csv")]
        AdministrativeProvince.objects.bulk_create(
            provinces, update_conflicts=True, unique_fields=["code"], update_fields=["name", "unit_type"]
        )
        province_ids = dict(AdministrativeProvince.objects.values_list("code", "id"))
        wards = [
            Ward(
                code=row["code"],
                name=row["name"],
                unit_type=row["unit_type"],
                province_id=province_ids[row["province_code"]],
            )
            for row in _rows("wards.csv")
        ]
        Ward.objects.bulk_create(
            wards, batch_size=2000, update_conflicts=True, unique_fields=["code"],
            update_fields=["name", "unit_type", "province"],
        )  # fmt: skip
        legacy = [
            LegacyWard(
                code=row["code"],
                name=row["name"],
                district_name=row["district_name"],
                province_name=row["province_name"],
                new_ward_codes=row["new_ward_codes"].split(),
                search_key=legacy_search_key(row["name"], row["district_name"], row["province_name"]),
            )
            for row in _rows("legacy_wards.csv")
        ]
        LegacyWard.objects.bulk_create(
            legacy, batch_size=2000, update_conflicts=True, unique_fields=["code"],
            update_fields=["name", "district_name", "province_name", "new_ward_codes", "search_key"],
        )  # fmt: skip
        vsic = [
            VsicCode(edition=edition, code=row["code"], level=int(row["level"]), name=row["name"],
                     parent_code=row["parent_code"], section=row["section"])
            for edition in VSIC_EDITIONS
            if (DATA_DIR / f"vsic{edition}.csv").exists()
            for row in _rows(f"vsic{edition}.csv")
        ]  # fmt: skip
        VsicCode.objects.bulk_create(
            vsic, batch_size=2000, update_conflicts=True, unique_fields=["edition", "code"],
            update_fields=["level", "name", "parent_code", "section"],
        )  # fmt: skip
        mapping = "vsic_2018_2025.csv"
        pairs = [VsicCorrespondence(**row) for row in _rows(mapping)] if (DATA_DIR / mapping).exists() else []
        VsicCorrespondence.objects.all().delete()  # nothing links to a pair: replace the table
        VsicCorrespondence.objects.bulk_create(pairs, batch_size=2000)
    return LoadSummary(len(provinces), len(wards), len(legacy), len(vsic), len(pairs))


def legacy_search_key(ward: str, district: str, province: str) -> str:
    return "|".join(fold(part) for part in (ward, district, province))
