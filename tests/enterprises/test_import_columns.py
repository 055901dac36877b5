"""Column titles as real files word them: matched tolerantly, never twice, the rest listed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django_tenants.utils import schema_context

from enterprises.importing.columns import ColumnMatcher, match_columns, money_scale
from enterprises.models import Enterprise
from tests.conftest import World
from tests.enterprises.test_import import _command, code_2025, run, xlsx

# As the national business-registration portal's extracts and officers' own sheets title them.
EXTRACT_HEADERS = [
    "STT",
    "Mã số DN",
    "Tên doanh nghiệp (tiếng Việt)",
    "Tên DN viết tắt",
    "Ngành nghề kinh doanh chính",
    "Vốn điều lệ (triệu đồng)",
    "Tổng số LĐ",
    "Địa chỉ trụ sở chính",
    "Ngày cấp GCN ĐKDN lần đầu",
    "Tình trạng hoạt động",
    "SĐT",
    "Người đại diện theo pháp luật",
    "Ghi chú",
]


def test_titles_worded_as_official_extracts_are_read_into_the_right_fields(
    world: World, db: None, tmp_path: Path
) -> None:
    with schema_context(world.province_a.schema_name):
        sector = code_2025()
    row = [
        1, "0100109106", "Công ty TNHH Gỗ Tân Phong", "GTP", sector, 5000, 45,
        "Số 5, Phường Tân Phong, Đồng Nai", "02/03/2015", "Đang hoạt động", "0912345678", "Nguyễn Văn An", "mới",
    ]  # fmt: skip
    report = run(world, xlsx(tmp_path / "trich-xuat.xlsx", EXTRACT_HEADERS, [row]))
    assert report.summary() == {"created": 1, "updated": 0, "unchanged": 0, "rejected": 0}
    assert report.ignored_columns == ["STT", "Ghi chú"]
    assert report.converted_columns == ["Vốn điều lệ (triệu đồng)"]
    assert report.columns["Mã số DN"] == "tax_code"
    assert report.columns["Ngành nghề kinh doanh chính"] == "main_sector"
    with schema_context(world.province_a.schema_name):
        enterprise = Enterprise.objects.get()
    assert (enterprise.tax_code, enterprise.name, enterprise.short_name) == ("0100109106", row[2], "GTP")
    assert enterprise.main_sector == sector
    assert enterprise.capital == Decimal("5.000")  # 5 000 million VND, kept in billion VND
    assert enterprise.headcount == 45
    assert str(enterprise.founded_on) == "2015-03-02"
    assert (enterprise.phone, enterprise.legal_representative) == ("0912345678", "Nguyễn Văn An")


def test_titles_match_whatever_their_accents_case_order_and_abbreviations() -> None:
    headers = ["SỐ ĐKKD:", "ten doanh nghiep", "Lao động (người)", "Chính ngành nghề", "Mã số thế", "E-mail"]
    assert match_columns(headers).mapping == {
        0: "tax_code",
        1: "name",
        2: "headcount",
        3: "main_sector",
        5: "email",
    }  # "Mã số thế" (a typo) names the tax code too, but the first column already holds it


def test_a_field_takes_one_column_and_a_title_close_to_two_fields_is_left_for_the_officer() -> None:
    matched = match_columns(["Mã số thuế", "MST", "Tên", "Điện thoại/Email"])
    assert matched.mapping == {0: "tax_code", 2: "name"}
    assert matched.ambiguous == {3: ["email", "phone"]}
    matcher = ColumnMatcher({"tax_code": ["mã số thuế"], "water_code": ["mã số thủy"]})
    close = matcher.match(["Mã số thu"])
    assert close.mapping == {}
    assert close.ambiguous == {0: ["tax_code", "water_code"]}
    assert matcher.match(["Mã số thu"]) == close  # deterministic


def test_money_units_in_brackets_convert_to_billion_vnd() -> None:
    assert money_scale("Vốn điều lệ (triệu đồng)") == Decimal("0.001")
    assert money_scale("Doanh thu (VNĐ)") == Decimal("1E-9")
    assert money_scale("Doanh thu (tỷ đồng)") == Decimal(1)
    assert money_scale("Doanh thu") == Decimal(1)


def test_a_tax_code_typed_as_a_number_shows_as_typed(world: World, db: None, tmp_path: Path) -> None:
    path = xlsx(tmp_path / "so.xlsx", ["Mã số thuế", "Tên"], [[58679318, "Công ty A"]])
    report = run(world, path, dry_run=True)
    reason = report.rejected_rows[0].errors[0]
    assert "“58679318”" in reason
    assert ".0" not in reason
    assert report.samples["Mã số thuế"] == "58679318"


def test_command_prints_its_mapping_and_every_ignored_column_and_honours_forced_columns(
    world: World, db: None, tmp_path: Path
) -> None:
    with schema_context(world.province_a.schema_name):
        sector = code_2025()
    headers = ["Mã định danh", "Tên doanh nghiệp", "Ngành nghề kinh doanh chính", "Ghi chú"]
    data = [["0100109106", "Công ty A", sector, "x"], ["0102030405", "Công ty B", "9999", ""]]
    path = xlsx(tmp_path / "dn.xlsx", headers, data)

    code, _summary, err = _command(str(path), "--province", "dong-nai")
    assert code == 2
    assert "Không có cột cho: Mã số thuế" in err
    assert "Cột/column “Ngành nghề kinh doanh chính” → main_sector" in err
    assert "Bỏ qua cột/ignored column “Mã định danh”" in err
    assert "Bỏ qua cột/ignored column “Ghi chú”" in err

    code, summary, err = _command(str(path), "--province", "dong-nai", "--columns", "Mã định danh=tax_code, Ghi chú=")
    assert code == 1  # the row whose sector code does not exist is rejected, the other imported
    assert "Cột/column “Mã định danh” → tax_code" in err
    assert "Bỏ qua cột/ignored column “Ghi chú”" in err
    assert "Dòng/row 3: Mã VSIC 2025 không tồn tại: 9999" in err
    assert (summary["created"], summary["rejected"]) == (1, 1)
    with schema_context(world.province_a.schema_name):
        assert list(Enterprise.objects.values_list("tax_code", flat=True)) == ["0100109106"]

    code, _summary, err = _command(str(path), "--province", "dong-nai", "--columns", "Mã định danh=thue")
    assert code == 2
    assert "“Mã định danh=thue”" in err
