"""Results gathered outside the portal: the survey template of a model version, and the import of a
filled one (command and pages) as scored assessments that the statistics count."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone, translation
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from accounts.roles import Role
from assessments.models import Assessment, AssessmentEvent, AssessmentImport, ModelVersion
from assessments.scoring import answers_parse, score
from assessments.selectors import model_version_published, scoring_model
from assessments.services.importing import assessment_import_files_purge
from assessments.template import template_columns, template_workbook
from core.cache import FIGURES_STAMP, stamp
from enterprises.models import Enterprise
from enterprises.taxcode import check_digit
from reporting.statistics.counting import until_today
from reporting.statistics.selectors import assessment_counts, levels
from tests.assessments.test_work_queues import csv_rows
from tests.conftest import World, client_for
from tests.factories import UserFactory

ANSWERED_ON = date(2026, 5, 12)


def tax_code(number: int) -> str:
    """A valid tax code of its own for each number (some nine digits have no check digit)."""
    nine = f"36{number:07d}"
    while (digit := check_digit(nine)) is None:
        nine = str(int(nine) + 10_000_000)
    return f"{nine}{digit}"


def good_row(version: ModelVersion, code: str, option: int = 2) -> dict[str, Any]:
    """Every criterion answered (option `option`, ratios 30 of 100), the respondent and Parts B–D."""
    row: dict[str, Any] = {
        "tax_code": code,
        "respondent_name": "Nguyễn Văn Khảo",
        "respondent_phone": "0912345678",
        "date": ANSWERED_ON.strftime("%d/%m/%Y"),
    }
    for column in template_columns(version.definition):
        if column.part == "graded":
            row[column.key] = min(option, len(column.item["options"]))  # type: ignore[index]
        elif column.part == "numerator":
            row[column.key] = 30
        elif column.part == "denominator":
            row[column.key] = 100
    return row | {"B1.1": 3, "C1": "x", "D4": "x", "D7": "Cần phần mềm kế toán"}


def filled(
    version: ModelVersion, rows: list[dict[str, Any]], path: Path, language: str = "vi", template: bytes = b""
) -> Path:
    """The version's template (as downloaded, or made in `language`) with these rows typed in."""
    with translation.override(language):
        workbook = load_workbook(io.BytesIO(template or template_workbook(version)))
    sheet = workbook.worksheets[0]
    keys = [column.key for column in template_columns(version.definition)]
    for number, row in enumerate(rows, start=2):
        for position, key in enumerate(keys, start=1):
            if row.get(key) is not None:
                sheet.cell(row=number, column=position, value=row[key])
    workbook.save(path)
    return path


def run(world: World, path: Path, *args: str) -> tuple[int, dict[str, int], str]:
    """The command's exit status, its last line and its stderr."""
    out, err = io.StringIO(), io.StringIO()
    status = 0
    try:
        call_command(
            "import_assessments", str(path), "--province", world.province_a.slug, *args, stdout=out, stderr=err
        )
    except SystemExit as exit_:
        status = int(exit_.code or 0)
    lines = out.getvalue().strip().splitlines()
    return status, json.loads(lines[-1]) if lines else {}, err.getvalue()


def enterprises(count: int) -> list[Enterprise]:
    return Enterprise.objects.bulk_create(
        Enterprise(tax_code=tax_code(i), tax_code_kind="enterprise", name=f"Doanh nghiệp khảo sát {i:03d}")
        for i in range(count)
    )


def test_the_template_has_a_column_per_criterion_in_the_readers_language(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        version = model_version_published(key="qd1970-sme")
    response = client_for(world.province_a, world.staff_a).get(f"/assessments/models/{version.uuid}/template/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="qd1970-sme-v{version.number}-vi.xlsx"'
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # type: ignore[attr-defined]
    headers = [cell.value for cell in workbook.worksheets[0][1]]
    assert headers[:6] == ["Mã số thuế", "Người trả lời", "Chức vụ người trả lời", "Điện thoại người trả lời",
                           "Thư điện tử người trả lời", "Ngày đánh giá"]  # fmt: skip
    criteria = version.criteria()
    ratios = [c for c in criteria if c["kind"] == "ratio"]
    d = version.definition
    parts = sum(len(group["items"]) for group in d["part_b"]) + len(d["part_c"]) + sum(map(len, d["part_d"].values()))
    assert len(headers) == 6 + len(criteria) + len(ratios) + parts
    first = criteria[0]
    assert f"{first['code']} {first['title']['vi']}" in headers
    ratio = ratios[0]
    assert f"{ratio['code']} {ratio['title']['vi']} (tử số)" in headers
    assert f"{ratio['code']} {ratio['title']['vi']} (mẫu số)" in headers
    guide = [row[0].value for row in workbook.worksheets[1].iter_rows(min_row=5)]
    assert guide == headers  # every column explained on the second sheet
    with translation.override("en"):
        english = load_workbook(io.BytesIO(template_workbook(version))).worksheets[0]
    assert [cell.value for cell in english[1]][:2] == ["Tax code", "Respondent"]
    assert f"{ratio['code']} {ratio['title']['en']} (denominator)" in [cell.value for cell in english[1]]


def test_two_hundred_rows_with_ten_defects_report_exactly_those_and_the_rest_is_counted(
    world: World, db: None, tmp_path: Path
) -> None:
    with schema_context(world.province_a.schema_name):
        version = model_version_published(key="qd1970-sme")
        made = enterprises(200)
        rows = [good_row(version, e.tax_code, option=1 + i % 4) for i, e in enumerate(made)]
        graded = next(c for c in version.criteria() if c["kind"] == "graded" and "gate" not in c)
        ratio = next(c for c in version.criteria() if c["kind"] == "ratio")
        # spreadsheet row (the header is row 1) → what is wrong with it, and what the report says
        defects: dict[int, tuple[dict[str, Any], str]] = {
            3: ({"tax_code": tax_code(900)}, "không có trong danh bạ doanh nghiệp của tỉnh"),
            10: ({"tax_code": "12345"}, "Mã số thuế “12345”"),
            25: ({graded["code"]: 9}, f"Tiêu chí {graded['code']}"),
            40: ({f"{ratio['code']}/d": 0}, "mẫu số phải lớn hơn 0"),
            55: ({graded["code"]: None}, "chưa được trả lời"),
            70: ({"respondent_name": None}, "Tên người trả lời đang để trống"),
            85: ({"date": (timezone.localdate() + timedelta(days=3)).strftime("%d/%m/%Y")}, "trong tương lai"),
            100: ({"date": "hôm qua"}, "không phải là ngày"),
            115: ({"tax_code": made[0].tax_code}, "đã có ở dòng 2"),
            130: ({"B1.1": 7}, "B1.1"),
        }
        for number, (changes, _reason) in defects.items():
            rows[number - 2] |= changes
        path = filled(version, rows, tmp_path / "khao-sat-phuong.xlsx")
        before = Assessment.objects.count()

        status, summary, stderr = run(world, path, "--dry-run")
        assert (status, summary) == (1, {"created": 190, "rejected": 9, "unmatched": 1})
        reported = {int(line.split()[1]): line for line in stderr.splitlines() if line.startswith("Dòng/row")}
        assert sorted(reported) == sorted(defects)
        for number, (_changes, reason) in defects.items():
            assert reason in reported[number], reported[number]
        assert Assessment.objects.count() == before  # a dry run writes nothing

        stamp_before = stamp(FIGURES_STAMP)
        counted_before = assessment_counts(until_today())["counted"]
        status, summary, _stderr = run(world, path, "--state", "validated", "--source", "Khảo sát phường Tân Phong")
        assert (status, summary) == (1, {"created": 190, "rejected": 9, "unmatched": 1})
        imported = Assessment.objects.filter(source="Khảo sát phường Tân Phong")
        assert imported.count() == 190
        assert not imported.filter(total=None).exists()
        assert not imported.exclude(state="validated").exists()
        assert {timezone.localdate(a.submitted_at) for a in imported if a.submitted_at} == {ANSWERED_ON}
        assert AssessmentEvent.objects.filter(assessment__in=imported, action="submit").count() == 190
        assert AssessmentEvent.objects.filter(assessment__in=imported, action="validate").count() == 190
        assert stamp(FIGURES_STAMP) != stamp_before  # kept figures are stale at once
        f = until_today()
        assert assessment_counts(f)["counted"] == counted_before + 190
        assert sum(row["count"] for row in levels(f)) == counted_before + 190
        assert not imported.filter(enterprise__tax_code=made[1].tax_code).exists()  # row 3's code was replaced


def test_an_imported_assessment_is_scored_and_shown_as_one_typed_in(world: World, db: None, tmp_path: Path) -> None:
    with schema_context(world.province_a.schema_name):
        version = model_version_published(key="qd1970-sme")
        (enterprise,) = enterprises(1)
        row = good_row(version, enterprise.tax_code, option=3)
        status, summary, _stderr = run(world, filled(version, [row], tmp_path / "mot-dong.xlsx"))
        assert (status, summary) == (0, {"created": 1, "rejected": 0, "unmatched": 0})
        assessment = Assessment.objects.get(enterprise=enterprise)
        model = scoring_model(version)
        expected = score(model, answers_parse(model, assessment.answers))
        assert (assessment.state, assessment.total, assessment.overall_level) == (
            "submitted", expected.total, expected.overall_level
        )  # fmt: skip
        assert assessment.result == expected.as_json()
        assert assessment.source == "mot-dong.xlsx"  # by default, the file's name
        assert (assessment.part_b, assessment.part_c) == ({"B1.1": 3}, ["C1"])
        assert assessment.part_d == {"support": ["D4"], "answers": {"D7": "Cần phần mềm kế toán"}}
        assert list(assessment.events.values_list("action", flat=True)) == ["submit"]
    page = client_for(world.province_a, world.staff_a).get(f"/assessments/{assessment.uuid}/")
    assert "mot-dong.xlsx" in page.content.decode()
    assert "Nhập từ khảo sát ngoài cổng" in page.content.decode()


def test_english_headers_are_read_and_the_same_file_twice_adds_nothing(world: World, db: None, tmp_path: Path) -> None:
    with schema_context(world.province_a.schema_name):
        version = model_version_published(key="qd1970-sme")
        made = enterprises(2)
        path = filled(version, [good_row(version, e.tax_code) for e in made], tmp_path / "survey.xlsx", "en")
        assert run(world, path)[:2] == (0, {"created": 2, "rejected": 0, "unmatched": 0})
        status, summary, stderr = run(world, path)
        assert (status, summary) == (1, {"created": 0, "rejected": 2, "unmatched": 0})
        assert "12/05/2026" in stderr
        assert Assessment.objects.filter(enterprise__in=made).count() == 2


def test_the_command_exits_2_on_a_file_it_cannot_use(world: World, db: None, tmp_path: Path) -> None:
    with schema_context(world.province_a.schema_name):
        not_a_template = tmp_path / "danh-sach.csv"
        not_a_template.write_text("Mã số thuế,Tên doanh nghiệp\n0100109106,Công ty A\n", encoding="utf-8")
        status, summary, stderr = run(world, not_a_template)
        assert (status, summary) == (2, {})
        assert "Ngày đánh giá" in stderr
        assert "1.1.1" in stderr
        damaged = tmp_path / "hong.xlsx"
        damaged.write_bytes(b"not a workbook")
        assert run(world, damaged)[0] == 2
        assert run(world, tmp_path / "khong-co.xlsx")[0] == 2
        assert run(world, not_a_template, "--model", "khong-co")[0] == 2
        assert not Assessment.objects.filter(source__in=["danh-sach.csv", "hong.xlsx"]).exists()


def test_staff_check_then_import_through_the_page_and_a_failure_writes_nothing(
    world: World, db: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    with schema_context(world.province_a.schema_name):
        version = model_version_published(key="qd1970-sme")
        made = enterprises(3)
        rows = [good_row(version, e.tax_code) for e in made]
        rows[2]["tax_code"] = tax_code(901)  # not in the registry
        path = filled(version, rows, tmp_path / "trang.xlsx")
    staff = client_for(world.province_a, world.staff_a)
    assert "/assessments/import/" in staff.get("/assessments/").content.decode()
    with path.open("rb") as upload:
        response = staff.post(
            "/assessments/import/",
            {"version": str(version.uuid), "state": "submitted", "source": "Hiệp hội DN", "file": upload},
        )
    assert response.status_code == 302
    detail = response["Location"]
    page = staff.get(detail).content.decode()
    assert "không có trong danh bạ doanh nghiệp của tỉnh" in page
    assert "Nhập 2 bài đánh giá" in page
    with schema_context(world.province_a.schema_name):
        assert not Assessment.objects.filter(enterprise__in=made).exists()  # the check writes nothing

    # The second row's write fails: the first is not kept either, and the file can be imported later.
    import assessments.services.importing as importing

    calls: list[int] = []
    real_submit = importing.assessment_submit

    def failing_submit(**kwargs: Any) -> Assessment:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_submit(**kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(importing, "assessment_submit", failing_submit)
        with pytest.raises(RuntimeError):
            staff.post(detail)
    with schema_context(world.province_a.schema_name):
        assert not Assessment.objects.filter(enterprise__in=made).exists()
        assert AssessmentImport.objects.get().status == "previewed"

    assert staff.post(detail).status_code == 302
    with schema_context(world.province_a.schema_name):
        assert Assessment.objects.filter(enterprise__in=made, source="Hiệp hội DN", state="submitted").count() == 2
    staff.post(detail)  # a second click imports nothing more
    with schema_context(world.province_a.schema_name):
        assert Assessment.objects.filter(enterprise__in=made).count() == 2
    assert "Tệp này đã được nhập" in staff.get(detail).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        started = staff.post("/assessments/export/", {"format": "csv"})
    exported = csv_rows(staff, started)
    sources = {row[0]: row[exported[0].index("Nguồn kết quả")] for row in exported[1:]}
    assert sources[made[0].tax_code] == "Hiệp hội DN"  # the list's export says where each result came from
    with schema_context(world.province_a.schema_name):
        AssessmentImport.objects.get().file.delete(save=False)


def test_only_staff_who_validate_may_import(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        version = model_version_published(key="qd1970-sme")
        expert = UserFactory.create(email="chuyengia-nhap@dong-nai.vn", role=Role.EXPERT)
        batch = AssessmentImport.objects.create(
            version=version, file="x.xlsx", filename="x.xlsx", state="submitted", source="x"
        )
    for user in (expert, None):
        client = client_for(world.province_a, user)
        for url in ("/assessments/import/", f"/assessments/import/{batch.uuid}/",
                    f"/assessments/models/{version.uuid}/template/"):  # fmt: skip
            assert client.get(url).status_code in ((404,) if user else (302,)), url


def test_old_survey_files_are_deleted_and_their_reports_kept(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        version = model_version_published(key="qd1970-sme")
        batch = AssessmentImport(version=version, filename="cu.xlsx", state="submitted", source="cũ")
        batch.report = {"summary": {"created": 3, "rejected": 0, "unmatched": 0}}
        batch.file.save("cu.xlsx", ContentFile(b"x"), save=False)
        batch.save()
        recent = AssessmentImport(version=version, filename="moi.xlsx", state="submitted", source="mới")
        recent.file.save("moi.xlsx", ContentFile(b"x"), save=False)
        recent.save()
        old_path, recent_path = Path(batch.file.path), Path(recent.file.path)
        AssessmentImport.objects.filter(pk=batch.pk).update(created_at=timezone.now() - timedelta(days=40))
        assert assessment_import_files_purge() == 1
        batch.refresh_from_db()
    assert not old_path.exists()
    assert recent_path.exists()
    assert (batch.file.name, batch.report["summary"]["created"]) == ("", 3)
    recent_path.unlink()


def test_the_page_refuses_a_file_longer_than_it_imports_in_one_request(world: World, db: None, tmp_path: Path) -> None:
    with schema_context(world.province_a.schema_name):
        version = model_version_published(key="qd1970-sme")
    path = tmp_path / "qua-dai.csv"
    path.write_text("Mã số thuế,Người trả lời\n" + "0100109106,An\n" * 501, encoding="utf-8")
    with path.open("rb") as upload:
        response = client_for(world.province_a, world.staff_a).post(
            "/assessments/import/", {"version": str(version.uuid), "state": "submitted", "file": upload}
        )
    assert response.status_code == 200
    assert "Tệp có hơn 500 dòng" in response.content.decode()
    with schema_context(world.province_a.schema_name):
        assert not AssessmentImport.objects.exists()
