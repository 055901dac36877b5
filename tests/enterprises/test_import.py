from __future__ import annotations

import io
import json
import unicodedata
import zipfile
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django_tenants.utils import schema_context
from openpyxl import Workbook

from core.models import AuditEntry
from enterprises.importing.apply import enterprise_import
from enterprises.importing.reading import ImportFileError
from enterprises.importing.writing import copy_insert
from enterprises.models import Enterprise
from reference.models import VsicCode
from reference.selectors import vsic_sections
from tests.conftest import World, client_for

HEADERS = [
    "Mã số thuế",
    "Tên doanh nghiệp",
    "Ngành nghề chính",
    "Số lao động",
    "Doanh thu",
    "Địa chỉ",
    "Ngày thành lập",
]


def code_2025() -> str:
    return (
        VsicCode.objects.filter(edition="2025", level=4, section="C").order_by("code").values_list("code", flat=True)[0]
    )


def rows(sector: str) -> list[list[Any]]:
    return [
        [
            "0100109106",
            "Công ty TNHH Gỗ Tân Phong",
            sector,
            45,
            40,
            "Số 5, Phường Tân Phong, Thành phố Biên Hòa, Tỉnh Đồng Nai",
            "02/03/2015",
        ],
        [
            "0102030405-001",
            "Chi nhánh Công ty Cổ phần Thanh Long",
            sector,
            8,
            "2,5",
            "12 Lê Lợi, Phường Tân Triều, Đồng Nai",
            "",
        ],
    ]


def xlsx(path: Path, headers: Sequence[str], data: list[list[Any]]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in data:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # typed text, not a formula
    workbook.save(path)
    return path


def written(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def to_cp1258(text: str) -> bytes:
    """Windows-1258 has the vowels with breve, circumflex and horn, but tones only as combining marks."""
    out = []
    for char in text:
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            base, *marks = list(unicodedata.normalize("NFD", char))
            vowel = unicodedata.normalize("NFC", base + marks[0]) if marks else base
            try:
                out.append(vowel.encode("cp1258") + "".join(marks[1:]).encode("cp1258"))
            except UnicodeEncodeError:
                out.append(base.encode("cp1258") + "".join(marks).encode("cp1258"))
    return b"".join(out)


def csv_file(path: Path, headers: Sequence[str], data: list[list[Any]], encoding: str) -> Path:
    lines = [",".join(headers)] + [",".join(f'"{value}"' for value in row) for row in data]
    text = "\r\n".join(lines) + "\r\n"
    path.write_bytes(to_cp1258(text) if encoding == "cp1258" else text.encode(encoding))
    return path


def run(world: World, path: Path, **options: Any) -> Any:
    with schema_context(world.province_a.schema_name):
        return enterprise_import(path=path, filename=path.name, user=world.admin_a, province_code="75", **options)


def test_xlsx_import_creates_enterprises_places_old_addresses_and_is_idempotent(
    world: World, db: None, tmp_path: Path
) -> None:
    path = xlsx(tmp_path / "dn.xlsx", HEADERS, rows(code_2025()))
    report = run(world, path)
    assert report.summary() == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    with schema_context(world.province_a.schema_name):
        first = Enterprise.objects.select_related("ward").get(tax_code="0100109106")
        assert first.ward is not None
        assert (first.ward.name, first.street_address) == ("Tân Triều", "Số 5")  # the 2025 successor of Tân Phong
        assert first.legacy_address.endswith("Tỉnh Đồng Nai")
        assert (first.legal_form, first.size, str(first.founded_on)) == ("tnhh_2tv", "small", "2015-03-02")
        branch = Enterprise.objects.get(tax_code="0102030405-001")
        assert branch.ward is not None
        assert (branch.tax_code_kind, str(branch.revenue), branch.ward.name) == ("branch", "2.500", "Tân Triều")
        assert AuditEntry.objects.filter(action="enterprise.import").count() == 1
    again = run(world, path)
    assert again.summary() == {"created": 0, "updated": 0, "unchanged": 2, "rejected": 0}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
def test_csv_in_each_encoding_reads_the_same_vietnamese(world: World, db: None, tmp_path: Path, encoding: str) -> None:
    headers = ["MST", "ten doanh nghiep", "Tax code"][:2]
    path = csv_file(tmp_path / "dn.csv", headers, [["0100109106", "Công ty Cổ phần Đắk Lắk Xanh"]], encoding)
    report = run(world, path)
    assert report.created == 1
    with schema_context(world.province_a.schema_name):
        assert Enterprise.objects.get().name == "Công ty Cổ phần Đắk Lắk Xanh"


def test_update_changes_only_the_columns_in_the_file(world: World, db: None, tmp_path: Path) -> None:
    run(world, xlsx(tmp_path / "a.xlsx", HEADERS, rows(code_2025())))
    path = xlsx(
        tmp_path / "b.xlsx", ["Tax code", "Name", "Employees"], [["0100109106", "Công ty TNHH Gỗ Tân Phong", 250]]
    )
    report = run(world, path, mode="update")
    assert report.summary() == {"created": 0, "updated": 1, "unchanged": 0, "rejected": 0}
    with schema_context(world.province_a.schema_name):
        enterprise = Enterprise.objects.get(tax_code="0100109106")
        assert (enterprise.headcount, enterprise.size, enterprise.main_sector) == (250, "large", code_2025())


def test_every_rejection_has_its_row_and_reason(world: World, db: None, tmp_path: Path) -> None:
    sector = code_2025()
    data = [
        ["0100109107", "Sai chữ số kiểm tra", sector, 1, 1, "", ""],
        ["0100109106", "Hợp lệ", sector, 1, 1, "", ""],
        ["100109106", "Trùng trong tệp", sector, 1, 1, "", ""],
        ["0102030405", "Mã ngành lạ", "9999", 1, 1, "", ""],
        ["0309532497", "Thành lập tương lai", sector, 1, 1, "", "01/01/2999"],
        ["0101248141", "", sector, 1, 1, "", ""],
        ["0100107518", "Số âm", sector, -3, 1, "", ""],
        ["0100100079", '=HYPERLINK("http://x")', sector, "nhiều", 1, "", ""],
    ]
    report = run(world, xlsx(tmp_path / "bad.xlsx", HEADERS, data))
    reasons = {row.row_number: " ".join(row.errors) for row in report.rejected_rows}
    assert report.created == 1
    assert "Chữ số kiểm tra" in reasons[2]
    assert "đã có ở dòng 3" in reasons[4]
    assert "Mã VSIC 2025 không tồn tại: 9999" in reasons[5]
    assert "ở tương lai" in reasons[6]
    assert "Tên doanh nghiệp để trống" in reasons[7]
    assert "không được âm" in reasons[8]
    assert "không phải là số" in reasons[9]
    assert report.rejected == 7


def test_text_that_looks_like_a_formula_is_stored_as_text(world: World, db: None, tmp_path: Path) -> None:
    data = [["0100109106", '=HYPERLINK("http://x","bấm")', code_2025(), 1, 1, "", ""]]
    run(world, xlsx(tmp_path / "f.xlsx", HEADERS, data))
    with schema_context(world.province_a.schema_name):
        assert Enterprise.objects.get().name == '=HYPERLINK("http://x","bấm")'


def test_awkward_text_survives_the_copy_into_the_registry(world: World, db: None) -> None:
    """The import writes COPY's text format itself: escapes, NULLs and array quoting must read back."""
    awkward = {
        "tax_code": "0100109106",
        "tax_code_kind": "enterprise",
        "name": "Công ty \\N\tA\\B\nC\rD",
        "short_name": "\\N",
        "legal_representative": "",
        "founded_on": None,
        "headcount": 0,
        "revenue": Decimal("1.500"),
        "other_sectors": [],
        "tags": ["NULL", "", 'a "b"', "c,d", "{e}", "f\\g", "h i", "đổi\tsố"],
    }
    with schema_context(world.province_a.schema_name):
        copy_insert([awkward], sections=vsic_sections())
        enterprise = Enterprise.objects.get()
    assert {name: getattr(enterprise, name) for name in awkward} == awkward
    assert enterprise.search_text == "cong ty \\n a\\b c d \\n 0100109106"
    assert (enterprise.status, enterprise.capital) == ("active", None)
    assert enterprise.uuid is not None


def test_a_dry_run_writes_nothing(world: World, db: None, tmp_path: Path) -> None:
    report = run(world, xlsx(tmp_path / "dn.xlsx", HEADERS, rows(code_2025())), dry_run=True)
    assert report.created == 2
    assert not report.written
    assert report.preview[0]["action"] == "create"
    with schema_context(world.province_a.schema_name):
        assert not Enterprise.objects.exists()


def test_a_failure_while_writing_leaves_the_registry_as_it_was(
    world: World, db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_audit(**kwargs: Any) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr("enterprises.importing.apply.audit_record", broken_audit)
    with pytest.raises(RuntimeError):
        run(world, xlsx(tmp_path / "dn.xlsx", HEADERS, rows(code_2025())))
    with schema_context(world.province_a.schema_name):
        assert not Enterprise.objects.exists()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: written(p.with_suffix(".pdf"), b"%PDF-1.4"), "Chỉ nhập được tệp"),
        (lambda p: written(p, b"this is not a workbook"), "bị hỏng hoặc không phải bảng tính"),
        (lambda p: xlsx(p, [], []), "Trang tính trống"),
        (lambda p: xlsx(p, ["Tên", "Địa chỉ"], [["A", "B"]]), "Không có cột cho: Mã số thuế"),
        (lambda p: xlsx(p, ["Mã số thuế", "Tên"], []), "không có dữ liệu"),
    ],
)
def test_files_that_cannot_be_imported_say_why(world: World, db: None, tmp_path: Path, make: Any, message: str) -> None:
    path = make(tmp_path / "x.xlsx")
    with pytest.raises(ImportFileError) as error:
        run(world, path)
    assert message in error.value.in_language("vi")


def test_merged_header_cells_are_refused(world: World, db: None, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Mã số thuế", "Tên doanh nghiệp", ""])
    sheet.merge_cells("B1:C1")
    sheet.append(["0100109106", "A", "B"])
    workbook.save(tmp_path / "m.xlsx")
    with pytest.raises(ImportFileError) as error:
        run(world, tmp_path / "m.xlsx")
    assert "gộp ô" in error.value.in_language("vi")


def test_a_zip_bomb_is_refused_before_it_is_opened(world: World, db: None, tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * 5_000_000)
    with pytest.raises(ImportFileError) as error:
        run(world, path)
    assert "quá lớn" in error.value.in_language("vi")


@override_settings(IMPORT_MAX_ROWS=1)
def test_too_many_rows_are_refused(world: World, db: None, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError) as error:
        run(world, xlsx(tmp_path / "dn.xlsx", HEADERS, rows(code_2025())))
    assert "hơn 1 dòng" in error.value.in_language("vi")


@override_settings(IMPORT_MAX_BYTES=100)
def test_too_large_files_are_refused(world: World, db: None, tmp_path: Path) -> None:
    with pytest.raises(ImportFileError) as error:
        run(world, xlsx(tmp_path / "dn.xlsx", HEADERS, rows(code_2025())))
    assert "giới hạn" in error.value.in_language("vi")


def _command(*args: str) -> tuple[int, dict[str, int], str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_enterprises", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    lines = out.getvalue().strip().splitlines()
    return code, json.loads(lines[-1]) if lines else {}, err.getvalue()


def test_command_prints_a_json_summary_and_exits_by_outcome(world: World, db: None, tmp_path: Path) -> None:
    good = xlsx(tmp_path / "good.xlsx", HEADERS, rows(code_2025()))
    code, summary, _ = _command(str(good), "--province", "dong-nai", "--dry-run")
    assert (code, summary) == (0, {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0})
    with schema_context(world.province_a.schema_name):
        assert not Enterprise.objects.exists()
    bad = xlsx(tmp_path / "bad.xlsx", HEADERS, [*rows(code_2025()), ["0100109107", "X", "", "", "", "", ""]])
    code, summary, err = _command(str(bad), "--province", "dong-nai")
    assert (code, summary["created"], summary["rejected"]) == (1, 2, 1)
    assert "Dòng/row 4" in err
    code, _, err = _command(str(tmp_path / "missing.xlsx"), "--province", "dong-nai")
    assert code == 2
    unreadable = tmp_path / "x.xlsx"
    unreadable.write_bytes(b"garbage")
    code, _, err = _command(str(unreadable), "--province", "dong-nai")
    assert code == 2
    assert "Lỗi / Error" in err


def test_a_registry_from_before_2025_is_read_as_vsic_2018(world: World, db: None, tmp_path: Path) -> None:
    data = [
        ["0100109106", "Công ty TNHH Sửa chữa ô tô Biên Hòa", "4520", 12, 5, "", ""],
        ["0102030405", "Công ty Cổ phần Phần mềm Đồng Nai", "6201", 30, 20, "", ""],
    ]
    path = xlsx(tmp_path / "old.xlsx", HEADERS, data)
    report = run(world, path, dry_run=True)
    assert (report.edition, report.created, report.rejected) == ("2018", 2, 0)
    forced = run(world, path, vsic_edition="2025", dry_run=True)
    assert forced.rejected == 2
    assert "Mã VSIC 2025 không tồn tại: 4520" in forced.rejected_rows[0].errors[0]
    run(world, path)
    with schema_context(world.province_a.schema_name):
        garage = Enterprise.objects.get(tax_code="0100109106")
        software = Enterprise.objects.get(tax_code="0102030405")
    # The code keeps its edition; the section is given in 2025 letters so statistics compare like
    # with like: motor-vehicle repair (2018 section G) is a 2025 section T activity, programming
    # (2018 section J) is 2025 section K.
    assert (garage.vsic_edition, garage.main_sector, garage.section) == ("2018", "4520", "T")
    assert (software.vsic_edition, software.main_sector, software.section) == ("2018", "6201", "K")
    officer = client_for(world.province_a, world.admin_a)
    listing = officer.get("/enterprises/", {"section": "K"}).text
    assert "Công ty Cổ phần Phần mềm Đồng Nai" in listing
    assert "Sửa chữa ô tô" not in listing


@pytest.mark.parametrize("file_format", ["ods", "xls"])
def test_ods_and_old_xls_workbooks_are_read(world: World, db: None, tmp_path: Path, file_format: str) -> None:
    import tablib

    dataset = tablib.Dataset(headers=HEADERS)
    for row in rows(code_2025()):
        dataset.append(row)
    path = tmp_path / f"dn.{file_format}"
    path.write_bytes(dataset.export(file_format))
    report = run(world, path)
    assert report.summary() == {"created": 2, "updated": 0, "unchanged": 0, "rejected": 0}
    with schema_context(world.province_a.schema_name):
        assert Enterprise.objects.get(tax_code="0100109106").name == "Công ty TNHH Gỗ Tân Phong"


def test_other_sectors_and_tags_columns_are_imported(world: World, db: None, tmp_path: Path) -> None:
    sector = code_2025()
    path = xlsx(
        tmp_path / "dn.xlsx",
        ["Mã số thuế", "Tên", "Ngành nghề chính", "Ngành nghề khác", "Nhãn"],
        [
            ["0100109106", "Công ty A", sector, f"{sector}, {sector}", "gỗ, xuất khẩu"],
            ["0102030405", "Công ty B", sector, 4520.0, ""],
        ],
    )
    report = run(world, path, vsic_edition="2025")
    assert report.created == 1
    assert "4520" in report.rejected_rows[0].errors[0]  # a numeric 4520.0 cell is 4520, not 45200
    with schema_context(world.province_a.schema_name):
        enterprise = Enterprise.objects.get()
    assert (enterprise.other_sectors, enterprise.tags) == ([sector, sector], ["gỗ", "xuất khẩu"])


def test_a_file_without_sector_or_status_leaves_them_as_they_are(world: World, db: None, tmp_path: Path) -> None:
    old = [["0100109106", "Công ty TNHH Sửa chữa ô tô", "4520", 12, 5, "", ""]]
    run(world, xlsx(tmp_path / "old.xlsx", HEADERS, old))
    with schema_context(world.province_a.schema_name):
        Enterprise.objects.filter(tax_code="0100109106").update(status="dissolved")
    path = xlsx(
        tmp_path / "upd.xlsx",
        ["Mã số thuế", "Tên", "Trạng thái", "Số lao động"],
        [["0100109106", "Công ty TNHH Sửa chữa ô tô", "", 300]],
    )
    report = run(world, path, mode="update")
    assert report.updated == 1
    with schema_context(world.province_a.schema_name):
        enterprise = Enterprise.objects.get()
    assert (enterprise.vsic_edition, enterprise.section, enterprise.status) == ("2018", "T", "dissolved")
    assert (enterprise.headcount, enterprise.size) == (300, "large")


def test_out_of_range_values_are_rejected_per_row_not_with_a_crash(world: World, db: None, tmp_path: Path) -> None:
    sector = code_2025()
    data = [
        ["0100109106", "Tiền tính bằng đồng", sector, 10, 40_000_000_000_000, "", ""],
        ["0102030405", "Không phải số", sector, "nan", 1, "", ""],
        ["0101248141", "Quá nhiều người", sector, 10**12, 1, "", ""],
    ]
    report = run(world, xlsx(tmp_path / "x.xlsx", HEADERS, data))
    reasons = [" ".join(row.errors) for row in report.rejected_rows]
    assert report.rejected == 3
    assert "quá lớn" in reasons[0]
    assert "không phải là số" in reasons[1]
    assert "quá lớn" in reasons[2]


def test_row_numbers_in_reasons_count_blank_rows(world: World, db: None, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "x.xlsx", ["Mã số thuế", "Tên"], [["0100109106", "A"], ["", ""], ["0100109107", "B"]])
    report = run(world, path)
    assert [row.row_number for row in report.rejected_rows] == [4]


def test_an_officer_can_tell_a_column_to_be_ignored(world: World, db: None, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "x.xlsx", ["Mã số thuế", "Tên", "Điện thoại"], [["0100109106", "A", "không có"]])
    report = run(world, path, remembered_columns={"dien thoai": ""})
    assert "Điện thoại" in report.ignored_columns
    with schema_context(world.province_a.schema_name):
        assert Enterprise.objects.get().phone == ""


def test_the_portals_own_export_reads_back_unchanged(
    world: World, db: None, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:

    run(world, xlsx(tmp_path / "dn.xlsx", HEADERS, rows(code_2025())))
    client = client_for(world.province_a, world.admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/enterprises/export/", {"format": "xlsx"})
    exported = tmp_path / "export.xlsx"
    exported.write_bytes(b"".join(client.get(response["Location"] + "download/").streaming_content))  # type: ignore[attr-defined]
    report = run(world, exported)
    assert report.summary() == {"created": 0, "updated": 0, "unchanged": 2, "rejected": 0}


def test_a_column_of_editions_lets_each_row_say_which_vsic_its_codes_are_in(
    world: World, db: None, tmp_path: Path
) -> None:
    """A registry merged from old and new lists: 4520 exists only in 2018, 6219 only in 2025."""
    headers = ["Mã số thuế", "Tên doanh nghiệp", "Ngành nghề chính", "Phiên bản VSIC"]
    data: list[list[Any]] = [
        ["0100109106", "Công ty Sửa chữa ô tô", "4520", "VSIC 2018"],
        ["0100233583", "Công ty Phần mềm", "6219", 2025],
        ["0101243150", "Công ty Không Rõ", "4520", ""],  # blank: the file's edition (auto → 2025 here)
        ["0102030405", "Công ty Sai Năm", "4520", "2019"],
    ]
    report = run(world, xlsx(tmp_path / "mixed.xlsx", headers, data), vsic_edition="2025")
    assert report.columns["Phiên bản VSIC"] == "vsic_edition"
    assert (report.created, report.rejected) == (2, 2)
    reasons = {row.row_number: " ".join(row.errors) for row in report.rejected_rows}
    assert "Mã VSIC 2025 không tồn tại: 4520" in reasons[4]
    assert "Phiên bản VSIC “2019” không phải 2018 hay 2025" in reasons[5]
    with schema_context(world.province_a.schema_name):
        editions = dict(Enterprise.objects.values_list("tax_code", "vsic_edition"))
    assert editions == {"0100109106": "2018", "0100233583": "2025"}
