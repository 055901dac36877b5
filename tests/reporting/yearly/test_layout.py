"""The yearly report as the province sends it (Nghị định 30/2020/NĐ-CP): the issuer's header, number
symbol and signature block, the date line, today's agency names and the unit words inside sentences."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django_tenants.utils import schema_context
from hypothesis import given, settings
from hypothesis import strategies as st

from core.documents import signature_validate
from reporting.yearly.defaults import report_defaults
from reporting.yearly.layout import document_date, header_lines, issuer_name, number_symbol
from reporting.yearly.models import Issuer, ReportVersion, TaskResult, YearlyReport
from reporting.yearly.services import report_start, snapshot_of, version_build
from tenants.models import Province, UnitType
from tests.conftest import World, client_for

COMMITTEE_SIGNATURE = ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]


def _flat(pdf: bytes) -> str:
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return " ".join(text.decode().split())


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    return code, out.getvalue(), err.getvalue()


def _in_order(flat: str, lines: list[str]) -> bool:
    positions = [flat.find(line) for line in lines]
    return -1 not in positions and positions == sorted(positions)


# --- The date line ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (date(2026, 3, 5), "ngày 05 tháng 3 năm 2026"),
        (date(2026, 1, 15), "ngày 15 tháng 01 năm 2026"),
        (date(2026, 2, 9), "ngày 09 tháng 02 năm 2026"),
        (date(2026, 12, 31), "ngày 31 tháng 12 năm 2026"),
        (date(2026, 10, 10), "ngày 10 tháng 10 năm 2026"),
    ],
)
def test_the_date_line_is_written_as_decree_30_writes_it(day: date, words: str) -> None:
    assert document_date(day) == words


@settings(database=None, max_examples=400)
@given(st.dates())
def test_every_date_pads_days_below_10_and_only_the_months_january_and_february(day: date) -> None:
    match = re.fullmatch(r"ngày (\d{2}) tháng (\d{1,2}) năm (\d+)", document_date(day))
    assert match is not None
    assert (int(match[1]), int(match[2]), int(match[3])) == (day.day, day.month, day.year)
    assert match[2].startswith("0") == (day.month <= 2)
    assert len(match[2]) == (2 if day.month <= 2 else len(str(day.month)))


# --- The signature block ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["GIÁM ĐỐC", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "\n".join(COMMITTEE_SIGNATURE), "TL. CHỦ TỊCH\nQ. CHÁNH VĂN PHÒNG",
     "TUQ. CHỦ TỊCH\nGIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Q. GIÁM ĐỐC"],
)  # fmt: skip
def test_a_signature_block_of_up_to_4_lines_saying_for_whom_is_accepted(text: str) -> None:
    signature_validate(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "empty"),
        ("  \n ", "empty"),
        ("TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nTL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG", "too_long"),
        ("GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "prefix"),  # who signs for whom is missing
        ("KT.\nPHÓ GIÁM ĐỐC", "prefix"),  # a prefix with no title
        ("KT GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "prefix"),  # the prefix without its full stop
    ],
)
def test_a_signature_block_without_its_prefixes_or_too_long_is_refused(text: str, code: str) -> None:
    with pytest.raises(ValidationError) as refused:
        signature_validate(text)
    assert refused.value.code == code


# --- Issuer, unit words (pure) ----------------------------------------------------------------------


def _province(unit_type: str = UnitType.PROVINCE, name: str = "Đắk Lắk") -> Province:
    return Province(name=name, unit_type=unit_type)


def test_the_header_names_the_issuer_under_its_superior() -> None:
    dak_lak = _province()
    assert header_lines(dak_lak, Issuer.COMMITTEE) == [
        {"text": "ỦY BAN NHÂN DÂN", "bold": True},
        {"text": "TỈNH ĐẮK LẮK", "bold": True},
    ]
    assert header_lines(dak_lak, Issuer.DEPARTMENT) == [
        {"text": "UBND TỈNH ĐẮK LẮK", "bold": False},  # the superior, not bold
        {"text": "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "bold": True},
    ]
    city = _province(UnitType.CITY, "Đồng Nai")
    assert header_lines(city, Issuer.COMMITTEE)[1] == {"text": "THÀNH PHỐ ĐỒNG NAI", "bold": True}
    assert (number_symbol(dak_lak, Issuer.COMMITTEE), number_symbol(dak_lak, Issuer.DEPARTMENT)) == (
        "BC-UBND",
        "BC-SKHCN",
    )
    assert issuer_name(city, Issuer.COMMITTEE) == "Ủy ban nhân dân thành phố Đồng Nai"
    assert issuer_name(city, Issuer.DEPARTMENT) == "Sở Khoa học và Công nghệ"


def test_the_unit_word_is_lower_case_inside_sentences_and_the_defaults_follow_the_issuer() -> None:
    assert _province().full_name == "Tỉnh Đắk Lắk"
    assert _province().full_name_in_sentence == "tỉnh Đắk Lắk"
    city = _province(UnitType.CITY, "Đồng Nai")
    assert city.full_name_in_sentence == "thành phố Đồng Nai"
    committee = report_defaults(city, year=2026, issuer=Issuer.COMMITTEE)
    assert committee["subject"].endswith("trên địa bàn thành phố Đồng Nai năm 2026")
    assert committee["addressees"] == "Bộ Khoa học và Công nghệ"  # the committee reports to the ministry
    assert "Thường trực Thành ủy" in committee["recipients"].splitlines()
    assert committee["signature"].splitlines() == COMMITTEE_SIGNATURE
    department = report_defaults(_province(), year=2026)
    assert department["issuer"] == Issuer.DEPARTMENT
    assert department["addressees"].splitlines() == ["Bộ Khoa học và Công nghệ", "Ủy ban nhân dân tỉnh Đắk Lắk"]
    assert department["signature"] == "GIÁM ĐỐC"


# --- The report -------------------------------------------------------------------------------------


def test_the_command_builds_the_committees_report_on_the_chosen_date_and_then_the_departments(
    world: World, db: None, tmp_path: Path
) -> None:
    with schema_context(world.province_a.schema_name):
        report_start(year=2026, user=None)  # started by the department, with its defaults
    pdf = tmp_path / "bc.pdf"
    code, out, err = _run(
        "build_yearly_report", "--province", "dong-nai", "--year", "2026", "--date", "2026-03-05",
        "--issuer", "committee", "--out", str(pdf),
    )  # fmt: skip
    assert code == 0, err
    flat = _flat(pdf.read_bytes())
    assert "ỦY BAN NHÂN DÂN" in flat
    assert "TỈNH ĐỒNG NAI" in flat
    assert "UBND TỈNH ĐỒNG NAI" not in flat
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" not in flat
    assert "/BC-UBND" in flat
    assert "Đồng Nai, ngày 05 tháng 3 năm 2026" in flat
    assert _in_order(flat, COMMITTEE_SIGNATURE), flat[-600:]
    opening = "Ủy ban nhân dân tỉnh Đồng Nai báo cáo kết quả triển khai hỗ trợ doanh nghiệp chuyển đổi số"
    assert f"{opening} trên địa bàn tỉnh Đồng Nai" in flat
    assert "năm 2026 của Ủy ban nhân dân tỉnh Đồng Nai./." in flat
    assert "Tỉnh Đồng Nai" not in flat  # the unit word is capitalised only in the header's capitals
    with schema_context(world.province_a.schema_name):
        report = YearlyReport.objects.get(year=2026)
        assert (report.issuer, report.document_date) == (Issuer.COMMITTEE, date(2026, 3, 5))
        assert report.addressees == "Bộ Khoa học và Công nghệ"  # the department's defaults followed the issuer
        version = report.versions.get()
        assert (version.snapshot["header"]["date"], version.snapshot["header"]["issuer"]) == ("2026-03-05", "committee")

    code, out, err = _run(
        "build_yearly_report", "--province", "dong-nai", "--year", "2026", "--issuer", "department", "--out", str(pdf)
    )
    assert code == 0, err
    assert out.splitlines()[-1] == str(pdf.resolve())
    flat = _flat(pdf.read_bytes())
    assert "UBND TỈNH ĐỒNG NAI" in flat
    assert "SỞ KHOA HỌC VÀ CÔNG NGHỆ" in flat
    assert "/BC-SKHCN" in flat
    assert "ỦY BAN NHÂN DÂN" not in flat
    assert "TM." not in flat
    assert "Sở Khoa học và Công nghệ báo cáo kết quả" in flat
    assert "Đồng Nai, ngày 05 tháng 3 năm 2026" in flat  # the date chosen stays the report's
    assert "Kính gửi: - Bộ Khoa học và Công nghệ; - Ủy ban nhân dân tỉnh Đồng Nai." in flat


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--date", "2026-02-30", "ngày không hợp lệ “2026-02-30”, viết YYYY-MM-DD / invalid date “2026-02-30”"),
        ("--date", "05/03/2026", "ngày không hợp lệ “05/03/2026”"),
        ("--issuer", "chairman", "cơ quan ban hành không hợp lệ “chairman”, chọn department hoặc committee / invalid"),
    ],
)
def test_a_bad_date_or_issuer_exits_2_with_a_bilingual_line_and_writes_nothing(
    world: World, db: None, option: str, value: str, says: str
) -> None:
    with schema_context(world.province_a.schema_name):
        before = (YearlyReport.objects.count(), ReportVersion.objects.count())
    code, out, err = _run("build_yearly_report", "--province", "dong-nai", "--year", "2026", option, value)
    assert code == 2
    assert err.startswith("Lỗi / Error: ")
    assert says in err
    assert out == ""
    with schema_context(world.province_a.schema_name):
        assert (YearlyReport.objects.count(), ReportVersion.objects.count()) == before


def test_the_report_calls_the_plans_agencies_by_todays_names_and_says_so_once(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        report = report_start(year=2026, user=None)
        TaskResult.objects.create(
            report=report, position=0, heading="8. Sở Thông tin và Truyền thông tổng hợp báo cáo",
            text="Sở TT&TT phối hợp Sở Kế hoạch và Đầu tư tổng hợp, báo cáo Bộ Thông tin và Truyền thông.",
        )  # fmt: skip
        report.document_date = date(2026, 3, 5)
        report.save()
        version = version_build(report=report, user=None)
        flat = _flat(version.pdf.read())
        task = version.snapshot["tasks"][-1]
    assert (task["title"], task["text"]) == (
        "Sở Khoa học và Công nghệ tổng hợp báo cáo",
        "Sở KH&CN phối hợp Sở Tài chính tổng hợp, báo cáo Bộ Khoa học và Công nghệ.",
    )
    assert "a) Sở Khoa học và Công nghệ tổng hợp báo cáo" in flat
    assert "Sở KH&CN phối hợp Sở Tài chính tổng hợp" in flat
    assert flat.count("Thông tin và Truyền thông") == 2  # only in the note: the department and the ministry
    assert flat.count("báo cáo dùng tên cơ quan hiện nay") == 1
    assert "Sở Thông tin và Truyền thông hợp nhất vào Sở Khoa học và Công nghệ" in flat


def test_a_report_naming_no_old_agency_has_no_note(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        report = report_start(year=2026, user=None)
        assert snapshot_of(report, today=date(2026, 3, 5))["header"]["names_note"] == ""
        header = snapshot_of(report, today=date(2026, 3, 5))["header"]
    assert header["date_words"] == "ngày 05 tháng 3 năm 2026"  # blank document date: the day it is generated


# --- The editor -------------------------------------------------------------------------------------


def _posted(report: YearlyReport, **changes: Any) -> dict[str, Any]:
    data = {
        field: getattr(report, field)
        for field in ("issuer", "number", "place", "subject", "addressees", "recipients", "signature", "signer_name",
                      "overall", "difficulties", "proposals")
    }  # fmt: skip
    data |= {
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "document_date": report.document_date.isoformat() if report.document_date else "",
    }
    return data | changes


def _report(world: World) -> tuple[Client, YearlyReport]:
    client = client_for(world.province_a, world.staff_a)
    assert client.post("/reports/start/", {"year": 2026}).status_code == 302
    with schema_context(world.province_a.schema_name):
        return client, YearlyReport.objects.get(year=2026)


def test_the_editor_shows_the_issuer_the_date_and_the_signature_lines(world: World, db: None) -> None:
    client, report = _report(world)
    page = client.get(f"/reports/{report.uuid}/").content.decode()
    assert 'name="issuer"' in page
    assert "Ủy ban nhân dân tỉnh" in page
    assert 'name="document_date"' in page
    assert 'type="date"' in page
    assert re.search(r'<textarea name="signature"[^>]*>\s*GIÁM ĐỐC</textarea>', page)
    saved = client.post(
        f"/reports/{report.uuid}/",
        _posted(report, document_date="2026-03-05", signature="kt. giám đốc\n\n  phó  giám đốc "),
    )
    assert saved.status_code == 302
    with schema_context(world.province_a.schema_name):
        report.refresh_from_db()
    assert report.document_date == date(2026, 3, 5)
    assert report.signature == "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"  # capitals, one line each, as printed
    assert 'value="2026-03-05"' in client.get(f"/reports/{report.uuid}/").content.decode()


def test_changing_the_issuer_brings_its_defaults_and_keeps_what_staff_edited(world: World, db: None) -> None:
    client, report = _report(world)
    assert client.post(f"/reports/{report.uuid}/", _posted(report, issuer="committee")).status_code == 302
    with schema_context(world.province_a.schema_name):
        report.refresh_from_db()
    assert report.issuer == Issuer.COMMITTEE
    assert report.signature.splitlines() == COMMITTEE_SIGNATURE
    assert report.addressees == "Bộ Khoa học và Công nghệ"

    edited = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"
    page = client.post(
        f"/reports/{report.uuid}/", _posted(report, issuer="department", signature=edited), follow=True
    ).content.decode()
    with schema_context(world.province_a.schema_name):
        report.refresh_from_db()
    assert report.issuer == Issuer.DEPARTMENT
    assert report.signature == edited  # staff wrote it: kept, and the page says so
    assert report.addressees.splitlines() == ["Bộ Khoa học và Công nghệ", "Ủy ban nhân dân tỉnh Đồng Nai"]
    assert "Cơ quan ban hành đã thay đổi" in page
    assert "Khối chữ ký" in page


def test_a_bad_signature_block_is_refused_with_a_clear_message_and_nothing_saved(world: World, db: None) -> None:
    client, report = _report(world)
    page = client.post(
        f"/reports/{report.uuid}/", _posted(report, signature="GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", overall="Đã viết.")
    ).content.decode()
    assert "bắt đầu bằng TM., KT., Q., TL. hoặc TUQ." in page
    with schema_context(world.province_a.schema_name):
        report.refresh_from_db()
    assert (report.signature, report.overall) == ("GIÁM ĐỐC", "")
    english = client_for(world.province_a, world.staff_a)
    english.cookies["django_language"] = "en"
    english_page = english.post(f"/reports/{report.uuid}/", _posted(report, signature="\n".join(["KT. A"] * 5))).text
    assert "The signature block has 5 lines; it may have at most 4." in english_page
