from __future__ import annotations

from django.db.models import Count

from reference.loaders import legacy_search_key, reference_data_load
from reference.models import AdministrativeProvince, LegacyWard, VsicCode, VsicCorrespondence, Ward
from reference.selectors import vsic_2025_for
from reference.text import WordFolder, fold
from tests.conftest import World

# QĐ 36/2025/QĐ-TTg: 22 sections, then 87 / 259 / 495 / 743 codes at levels 2–5.
VSIC_2025_OFFICIAL = {1: 22, 2: 87, 3: 259, 4: 495, 5: 743}
# QĐ 27/2018/QĐ-TTg: 21 sections, then 88 / 242 / 486 / 734 codes at levels 2–5.
VSIC_2018_OFFICIAL = {1: 21, 2: 88, 3: 242, 4: 486, 5: 734}


def _per_level(edition: str) -> dict[int, int]:
    rows = VsicCode.objects.filter(edition=edition).values("level").annotate(n=Count("id"))
    return {row["level"]: row["n"] for row in rows}


def test_vsic_2025_is_shipped_in_full(world: World, db: None) -> None:
    assert _per_level("2025") == VSIC_2025_OFFICIAL
    assert not VsicCode.objects.filter(edition="2025", code__startswith="45", level__gte=2).exists()


def test_vsic_2018_ships_what_the_conversion_tables_give_and_never_more(world: World, db: None) -> None:
    # The official conversion tables are the only machine-readable source of VSIC 2018 codes; they
    # name 464 of the 486 level-4 codes (README: reference/data). Every other level is complete.
    assert _per_level("2018") == VSIC_2018_OFFICIAL | {4: 464}
    assert VsicCode.objects.filter(edition="2018", code__in=["4520", "6201", "4669"]).count() == 3


def test_known_2018_to_2025_conversions(world: World, db: None) -> None:
    assert vsic_2025_for("6201") == {"6211", "6219"}
    assert vsic_2025_for("4669") == {"4679"}
    assert vsic_2025_for("4511") == {"4661"}
    assert vsic_2025_for("4520") == {"9531", "9540"}
    assert VsicCorrespondence.objects.count() == 1096


def test_administrative_units_after_the_2025_reform(world: World, db: None) -> None:
    assert AdministrativeProvince.objects.count() == 34
    assert Ward.objects.count() == 3321
    counts = dict(Ward.objects.values_list("province__code").annotate(n=Count("id")))
    assert (counts["38"], counts["66"], counts["75"]) == (166, 102, 95)


def test_an_old_address_finds_its_current_ward(world: World, db: None) -> None:
    key = legacy_search_key("Phường Tân Phong", "Thành phố Biên Hòa", "Tỉnh Đồng Nai")
    legacy = LegacyWard.objects.get(search_key=key)
    assert legacy.code == "25996"
    ward = Ward.objects.get(code=legacy.new_ward_codes[0])
    assert (ward.unit_type, ward.name, ward.province.code) == ("Phường", "Tân Triều", "75")


def test_loading_twice_changes_nothing(world: World, db: None) -> None:
    before = (VsicCode.objects.count(), Ward.objects.count(), LegacyWard.objects.count())
    ward_id = Ward.objects.get(code="26188").pk
    summary = reference_data_load()
    assert (VsicCode.objects.count(), Ward.objects.count(), LegacyWard.objects.count()) == before
    assert Ward.objects.get(code="26188").pk == ward_id  # links from enterprises stay valid
    assert summary.wards == 3321


def test_folding_word_by_word_gives_what_fold_gives() -> None:
    texts = [
        "Công ty TNHH Đồng Nai 3600079198",
        "  ΟΔΟΣ  Σ’ αΣ ",  # Greek final sigma depends on the next letter
        "a \u0301 b",  # a lone combining mark folds to nothing: no double space
        "İstanbul ǅ ﬁ ß\u00a0x\x1cy\u2003z",
        "Hợp tác xã\tNông nghiệp\nSố 5",
    ]
    folder = WordFolder(limit=3)
    for text in texts * 2:  # the second time from memory, beyond the limit too
        assert folder(text) == fold(text)


def test_fold_removes_accents_case_and_extra_spaces() -> None:
    assert fold("  Đắk   Lắk ") == "dak lak"
    assert fold("THÀNH PHỐ HỒ CHÍ MINH") == "thanh pho ho chi minh"
