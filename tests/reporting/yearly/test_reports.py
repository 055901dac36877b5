"""The yearly report: started from the province's settings, narrative prefilled from the agencies'
updates, generated as an official PDF and an Excel annex with the same tables, submitted once."""

from __future__ import annotations

import hashlib
import io
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from accounts.roles import Role
from campaigns.models import Agency, Plan, Task, TaskUpdate
from enterprises.models import Enterprise
from reporting.statistics.counting import Period, filters_for
from reporting.yearly.annex import annex_xlsx
from reporting.yearly.models import ReportVersion, YearlyReport
from reporting.yearly.services import report_reminders_send, report_start, report_submit, snapshot_of, version_build
from reporting.yearly.tables import cell_text, tables
from tenants.models import Province
from tests.conftest import World, client_for
from tests.factories import UserFactory
from tests.mailbackends import refuse_once
from tests.reporting.statistics.scene import Scene


def _text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture
def report(world: World, scene: Scene) -> YearlyReport:
    Province.objects.filter(pk=world.province_a.pk).update(ministry_report_day=15, ministry_report_month=12)
    with schema_context(world.province_a.schema_name):
        agency = Agency.objects.get(key="so")
        plan = Plan.objects.create(number="133/KH-UBND", title="Kế hoạch chuyển đổi số doanh nghiệp")
        task = Task.objects.create(plan=plan, number="1", title="Đào tạo, tập huấn", lead=agency, position=1)
        Task.objects.create(plan=plan, number="2", title="Truyền thông", lead=agency, position=2)
        TaskUpdate.objects.create(
            task=task, agency=agency, year=2026, progress=80, narrative="Tổ chức 1 lớp tập huấn cho 2 học viên."
        )
    client = client_for(world.province_a, world.staff_a)
    response = client.post("/reports/start/", {"year": 2026})
    assert response.status_code == 302
    with schema_context(world.province_a.schema_name):
        return YearlyReport.objects.get(year=2026)


def test_a_report_starts_from_the_provinces_settings_and_the_agencies_updates(
    world: World, report: YearlyReport
) -> None:
    assert report.addressees.splitlines() == [
        "Bộ Khoa học và Công nghệ",
        "Ủy ban nhân dân tỉnh Đồng Nai",  # the unit word in lower case inside a line
    ]
    assert report.subject == "Kết quả triển khai hỗ trợ doanh nghiệp chuyển đổi số trên địa bàn tỉnh Đồng Nai năm 2026"
    assert (report.period_start, report.period_end, report.place) == (date(2026, 1, 1), date(2026, 12, 31), "Đồng Nai")
    with schema_context(world.province_a.schema_name):
        results = list(report.task_results.order_by("position"))
    assert [r.heading for r in results] == ["1. Đào tạo, tập huấn", "2. Truyền thông"]
    assert "Tổ chức 1 lớp tập huấn cho 2 học viên." in results[0].text
    assert "(80%)" in results[0].text
    assert results[1].text == ""
    page = client_for(world.province_a, world.staff_a).get(f"/reports/{report.uuid}/").content.decode()
    assert "Tổ chức 1 lớp tập huấn" in page
    assert "15/12/2026" in page


def test_generate_makes_an_official_pdf_and_an_annex_with_the_same_tables(
    world: World,
    report: YearlyReport,
    scene: Scene,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(world.province_a, world.staff_a)
    saved = client.post(
        f"/reports/{report.uuid}/",
        {
            "period_start": "2026-01-01", "period_end": "2026-12-31", "number": "125/BC-SKHCN", "place": "Đồng Nai",
            "subject": "Kết quả hỗ trợ doanh nghiệp chuyển đổi số năm 2026", "addressees": "Bộ Khoa học và Công nghệ",
            "recipients": "Như trên\nLưu: VT", "issuer": "department", "signature": "GIÁM ĐỐC",
            "signer_name": "Nguyễn Văn Giám",
            "overall": "Năm 2026, chương trình đạt kết quả tích cực.", "difficulties": "Kinh phí còn hạn chế.",
            "proposals": "Đề nghị Bộ hỗ trợ thêm nền tảng số.",
        },
    )  # fmt: skip
    assert saved.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):  # the job runs in-process in tests
        response = client.post(f"/reports/{report.uuid}/generate/")
    assert response.status_code == 302
    with schema_context(world.province_a.schema_name):
        version = ReportVersion.objects.get(report=report)
        pdf = version.pdf.read()
        annex = load_workbook(io.BytesIO(version.annex.read()), read_only=True)
        printed = tables(version.snapshot["overview"])
    text = _text(pdf)
    flat = " ".join(text.split())
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        f"UBND {world.province_a.full_name.upper()}", "SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Số: 125/BC-SKHCN", "BÁO CÁO",
        "Kính gửi: Bộ Khoa học và Công nghệ", "Nơi nhận:",
        "Nguyễn Văn Giám", "Năm 2026, chương trình đạt kết quả tích cực.", "Đề nghị Bộ hỗ trợ thêm nền tảng số.",
    ):  # fmt: skip
        assert expected in flat, expected
    assert version.pages >= 2
    assert version.pages == text.count("\f")
    # Levels: 1 enterprise at each of levels 0–3 of 4 counted (the hand-built scene), 25 % each.
    levels = next(t for t in printed if t.key == "levels")
    assert [row[3] for row in levels.rows] == [1, 1, 1, 1, 0, 0]
    assert "Chưa khởi động 1 25" in flat
    # The annex has a sheet per printed table with the same rows, then the lists behind the counts.
    for table in printed:
        sheet = annex[table.sheet_name]
        rows = [list(row) for row in sheet.iter_rows(min_row=5, values_only=True)]
        assert [[_plain(v) for v in row] for row in rows] == [[_plain(v) for v in row] for row in table.rows], table.key
        assert table.title in flat, table.title  # and the PDF prints the same table
        for row in table.rows[:3]:
            assert cell_text(row[-1]) in flat
    assessed = list(annex["DS-Doanh nghiep danh gia"].iter_rows(min_row=5, values_only=True))
    assert {row[1] for row in assessed} == {e.tax_code for e in (scene.e1, scene.e2, scene.e3, scene.e4)}


def _plain(value: object) -> object:
    return "" if value is None else value


def test_pdf_embeds_a_serif_font_covering_vietnamese(world: World, report: YearlyReport) -> None:
    with schema_context(world.province_a.schema_name):
        version = version_build(report=report, user=world.staff_a)
        path = Path(version.pdf.path)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    serif = [line for line in fonts.splitlines() if "Serif" in line]
    assert serif, fonts
    assert all(" yes " in line for line in serif), fonts  # embedded (subset)


def test_a_submitted_version_never_changes_and_later_ones_are_drafts(
    world: World, report: YearlyReport, django_capture_on_commit_callbacks: Any
) -> None:
    with schema_context(world.province_a.schema_name):
        first = version_build(report=report, user=world.admin_a)
        with pytest.raises(Exception, match="document number"):
            report_submit(version=first, user=world.admin_a)
        YearlyReport.objects.filter(pk=report.pk).update(number="9/BC-SKHCN")
        report.refresh_from_db()
        first = version_build(report=report, user=world.admin_a)
        report_submit(version=first, user=world.admin_a)
        digest = hashlib.sha256(Path(first.pdf.path).read_bytes()).hexdigest()
        snapshot = first.snapshot
    admin = client_for(world.province_a, world.admin_a)
    admin.post(f"/reports/{report.uuid}/", {"overall": "Sửa sau khi nộp."})  # the narrative may still be edited
    with django_capture_on_commit_callbacks(execute=True):
        admin.post(f"/reports/{report.uuid}/generate/")
    with schema_context(world.province_a.schema_name):
        latest = ReportVersion.objects.filter(report=report).order_by("-number").first()
        assert latest is not None
        assert latest.number == first.number + 1
        assert latest.submitted_at is None
        first.refresh_from_db()
        assert hashlib.sha256(Path(first.pdf.path).read_bytes()).hexdigest() == digest
        assert first.snapshot == snapshot
        assert first.submitted_at is not None
    refused = admin.post(f"/reports/versions/{latest.uuid}/submit/", follow=True).content.decode()
    assert "cannot change" in refused or "không thể thay đổi" in refused
    page = admin.get("/reports/").content.decode()
    assert "Đã gửi" in page  # the year 2026 is submitted


def test_only_an_administrator_submits(world: World, report: YearlyReport) -> None:
    with schema_context(world.province_a.schema_name):
        YearlyReport.objects.filter(pk=report.pk).update(number="9/BC-SKHCN")
        report.refresh_from_db()
        version = version_build(report=report, user=world.staff_a)
    response = client_for(world.province_a, world.staff_a).post(f"/reports/versions/{version.uuid}/submit/")
    assert response.status_code == 404
    with schema_context(world.province_a.schema_name):
        version.refresh_from_db()
        assert version.submitted_at is None


def test_staff_are_reminded_14_and_3_days_before_the_deadline_once(
    world: World, report: YearlyReport, django_capture_on_commit_callbacks: Any
) -> None:
    mail.outbox.clear()
    with schema_context(world.province_a.schema_name), django_capture_on_commit_callbacks(execute=True):
        assert report_reminders_send(today=date(2026, 11, 30)) == 0  # 15 days before
        sent = report_reminders_send(today=date(2026, 12, 1))  # 14 days before
        assert sent >= 2  # the administrator and the officer
        assert report_reminders_send(today=date(2026, 12, 1)) == 0  # once
        assert report_reminders_send(today=date(2026, 12, 5)) == 0  # between the two
        assert report_reminders_send(today=date(2026, 12, 12)) == sent  # 3 days before
    assert len(mail.outbox) == 2 * sent  # one message per person, each time
    assert {message.to[0] for message in mail.outbox} >= {"admin@dong-nai.vn", "officer@dong-nai.vn"}
    assert "15/12/2026" in mail.outbox[0].body
    assert "trên địa bàn tỉnh Đồng Nai" in mail.outbox[0].body  # the unit word in lower case, mid-sentence
    assert "2026" in mail.outbox[0].subject


def test_a_refused_address_does_not_hold_back_the_other_reminders(
    world: World,
    report: YearlyReport,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mail.outbox.clear()
    refuse_once(monkeypatch, settings, "admin@dong-nai.vn")
    with schema_context(world.province_a.schema_name), django_capture_on_commit_callbacks(execute=True):
        sent = report_reminders_send(today=date(2026, 12, 1))
    assert sent >= 2
    assert len(mail.outbox) == sent  # the refused one was retried by its task and arrived too
    assert "admin@dong-nai.vn" in {message.to[0] for message in mail.outbox}


def test_no_reminder_once_the_report_is_submitted(world: World, report: YearlyReport) -> None:
    mail.outbox.clear()
    with schema_context(world.province_a.schema_name):
        YearlyReport.objects.filter(pk=report.pk).update(number="9/BC-SKHCN")
        report.refresh_from_db()
        report_submit(version=version_build(report=report, user=world.admin_a), user=world.admin_a)
        assert report_reminders_send(today=date(2026, 12, 1)) == 0
    assert mail.outbox == []


def test_the_command_builds_the_report_and_prints_the_pdf_path(world: World, scene: Scene, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("build_yearly_report", province="dong-nai", year=2026, out=tmp_path / "bc.pdf", stdout=out)
    path = Path(out.getvalue().strip().splitlines()[-1])
    assert path == (tmp_path / "bc.pdf").resolve()
    assert path.read_bytes().startswith(b"%PDF")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in _text(path.read_bytes())


def test_people_without_the_permission_and_other_provinces_see_nothing(world: World, report: YearlyReport) -> None:
    with schema_context(world.province_a.schema_name):
        association = UserFactory.create(email="hiephoi@dong-nai.vn", role=Role.ASSOCIATION)
    assert client_for(world.province_a, association).get("/reports/").status_code == 404
    assert client_for(world.province_a, association).get(f"/reports/{report.uuid}/").status_code == 404
    other = client_for(world.province_b, world.admin_b)
    assert other.get(f"/reports/{report.uuid}/").status_code == 404
    assert other.get(f"/reports/{report.uuid}/preview/").status_code == 404


def test_the_annex_keeps_a_formula_typed_as_a_name_as_text(world: World, scene: Scene) -> None:
    link = '=HYPERLINK("http://evil.example","Xem")'
    with schema_context(world.province_a.schema_name):
        Enterprise.objects.filter(pk=scene.e1.pk).update(name=link)  # as an import could have written it
        report = report_start(year=2026, user=world.admin_a)
        workbook = load_workbook(io.BytesIO(annex_xlsx(snapshot_of(report), filters_for(Period.of_year(2026)))))
    names = [row[2] for row in workbook["DS-Doanh nghiep danh gia"].iter_rows(min_row=5)]
    [cell] = [cell for cell in names if cell.value == link]
    assert cell.data_type == "s"  # stored as text: Excel shows it and never follows the link


def test_a_stalled_report_job_says_so_on_the_report_and_starts_again_there(
    world: World, report: YearlyReport, django_capture_on_commit_callbacks: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from core.models import Job, JobStatus

    with schema_context(world.province_a.schema_name):
        job = Job.objects.create(
            kind="yearly_report",
            status=JobStatus.RUNNING,
            progress=30,
            created_by=world.staff_a,
            params={"report": report.pk},
            heartbeat_at=timezone.now() - timedelta(minutes=10),
        )
    client = client_for(world.province_a, world.staff_a)
    page = client.get(f"/reports/{report.uuid}/").text
    assert "Tác vụ đã dừng phản hồi từ" in page
    with django_capture_on_commit_callbacks(execute=False):  # the new run is queued, not run here
        response = client.post(f"/jobs/{job.uuid}/restart/", {"next": f"/reports/{report.uuid}/"})
    assert response["Location"] == f"/reports/{report.uuid}/"
    page = client.get(f"/reports/{report.uuid}/").text
    assert "dừng phản hồi" not in page
    assert "Đang chờ" in page
    with schema_context(world.province_a.schema_name):
        assert list(Job.objects.filter(kind="yearly_report").values_list("status", flat=True)) == ["pending", "failed"]
