"""What the yearly report writes for the officer: each task's paragraph from its figures, the
sections of the body, the tables by ward and of certificates; and that it is drawn by jobs only, one
at a time per report."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import weasyprint
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.urls import URLPattern
from django_tenants.utils import schema_context
from openpyxl import load_workbook

import core.tasks
from accounts.roles import Role
from assessments.models import Assessment
from campaigns.models import Activity, Agency, Participant, Target, Task
from core.models import Job, JobStatus
from reporting.yearly import urls as report_urls
from reporting.yearly.models import ReportVersion, TaskResult, YearlyReport
from reporting.yearly.services import snapshot_of, version_build
from reporting.yearly.tables import Table, tables
from tests.conftest import World, client_for
from tests.factories import UserFactory
from tests.reporting.statistics.scene import Scene
from tests.reporting.yearly.test_reports import _text, report  # noqa: F401  (the report of 2026)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _courses(world: World, scene: Scene) -> Task:
    """Task 1 of the plan: 2 training courses and 1 workshop held in 2026, attended by people of 3
    enterprises, one of them at both courses; and what must not count."""
    with schema_context(world.province_a.schema_name):
        task = Task.objects.get(number="1")
        other = Task.objects.get(number="2")
        agency = Agency.objects.get(key="so")

        def held(kind: str, day: date, *, of: Task = task, status: str = "held") -> Activity:
            return Activity.objects.create(
                kind=kind, title=f"{kind} {day}", organiser=agency, starts_on=day, ends_on=day, status=status, task=of
            )

        first, second = held("training", date(2026, 3, 2)), held("training", date(2026, 9, 14))
        workshop = held("workshop", date(2026, 5, 20))
        for activity, enterprise, person, status in (
            (first, scene.e1, "Lan", "attended"),
            (first, scene.e2, "Minh", "attended"),
            (second, scene.e1, "Lan", "attended"),  # the same person, at the second course too
            (second, scene.e4, "Nga", "absent"),  # registered, did not come: not counted
            (workshop, scene.e3, "Oanh", "attended"),
        ):
            Participant.objects.create(
                activity=activity, enterprise=enterprise, person_name=person, person_key=person.lower(), status=status
            )
        held("training", date(2026, 11, 3), status="planned")  # not held yet
        held("training", date(2025, 10, 1))  # last year's
        held("workshop", date(2026, 6, 1), of=other)  # another task's
        Target.objects.create(task=task, unit="enterprises_trained", minimum=2, maximum=5)
        Target.objects.create(task=task, unit="courses_held", minimum=4, maximum=4)
    return task


def test_a_tasks_paragraph_counts_its_activities_people_and_enterprises_in_the_page_and_the_pdf(
    world: World,
    report: YearlyReport,  # noqa: F811
    scene: Scene,
    django_capture_on_commit_callbacks: Any,
) -> None:
    _courses(world, scene)
    client = client_for(world.province_a, world.staff_a)
    response = client.post(f"/reports/{report.uuid}/prefill/", follow=True)
    page = response.content.decode()
    assert "Đã điền 2 đoạn kết quả nhiệm vụ từ số liệu" in page  # task 2 has its workshop
    with schema_context(world.province_a.schema_name):
        first = TaskResult.objects.get(report=report, task__number="1")
    sentence = (
        "Trong kỳ báo cáo, đã tổ chức 2 khóa đào tạo và 1 hội thảo; tổng cộng 4 lượt người tham dự, "
        "3 doanh nghiệp tham gia hoặc được hỗ trợ."
    )
    assert first.text.startswith(sentence)
    assert "doanh nghiệp được đào tạo/năm; thực hiện 2, đạt chỉ tiêu." in first.text  # e1 and e2 trained
    assert "Chỉ tiêu kế hoạch: 4 lớp đào tạo/năm; thực hiện 2, đạt 50% mức tối thiểu." in first.text
    assert "Sở (80%): Tổ chức 1 lớp tập huấn cho 2 học viên." in first.text  # then the agency's update
    assert sentence in page  # the officer sees it in the editor
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/reports/{report.uuid}/generate/")
    with schema_context(world.province_a.schema_name):
        pdf = _flat(_text(ReportVersion.objects.get(report=report).pdf.read()))
    assert "a) Đào tạo, tập huấn " + sentence in pdf
    assert "b) Truyền thông" in pdf


def test_refilling_updates_the_paragraphs_nobody_edited_and_keeps_the_edited_ones(
    world: World,
    report: YearlyReport,  # noqa: F811
    scene: Scene,
) -> None:
    client = client_for(world.province_a, world.staff_a)
    with schema_context(world.province_a.schema_name):
        first, second = TaskResult.objects.filter(report=report).order_by("position")
    client.post(f"/reports/{report.uuid}/", {**_form(report), f"task-{second.pk}": "Sở đã viết đoạn này."})
    _courses(world, scene)
    with schema_context(world.province_a.schema_name):
        Activity.objects.filter(task__number="2").update(task=second.task)  # task 2 now has figures too
    page = client.post(f"/reports/{report.uuid}/prefill/", follow=True).content.decode()
    assert "1 đoạn do cán bộ đã sửa được giữ nguyên" in page
    with schema_context(world.province_a.schema_name):
        first.refresh_from_db()
        second.refresh_from_db()
    assert first.text.startswith("Trong kỳ báo cáo, đã tổ chức 2 khóa đào tạo và 1 hội thảo")
    assert second.text == "Sở đã viết đoạn này."


def _form(report: YearlyReport, **changes: str) -> dict[str, str]:  # noqa: F811
    fields = ("issuer", "period_start", "period_end", "number", "place", "subject", "addressees", "recipients")
    data = {field: str(getattr(report, field)) for field in fields}
    data |= {"signature": report.signature, "signer_name": report.signer_name}
    return data | changes


def test_the_body_has_four_sections_and_the_direction_for_next_year(
    world: World,
    report: YearlyReport,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    client = client_for(world.province_a, world.staff_a)
    direction = "Tiếp tục đánh giá mức độ chuyển đổi số cho 500 doanh nghiệp."
    client.post(f"/reports/{report.uuid}/", _form(report, direction=direction))
    page = client.get(f"/reports/{report.uuid}/").content.decode()
    assert "IV. Phương hướng, nhiệm vụ năm 2027" in page
    assert direction in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/reports/{report.uuid}/generate/")
    with schema_context(world.province_a.schema_name):
        pdf = _flat(_text(ReportVersion.objects.get(report=report).pdf.read()))
    headings = [
        "I. KẾT QUẢ TRIỂN KHAI", "1. Đánh giá chung", "2. Kết quả thực hiện các nhiệm vụ", "a) Đào tạo, tập huấn",
        "b) Truyền thông", "3. Số liệu thống kê", "Bảng 1.", "II. KHÓ KHĂN, VƯỚNG MẮC", "III. ĐỀ XUẤT, KIẾN NGHỊ",
        "IV. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2027",
    ]  # fmt: skip
    places = [pdf.index(heading) for heading in headings]
    assert places == sorted(places)
    assert pdf.index(direction) > pdf.index("IV. PHƯƠNG HƯỚNG")
    assert "1. Đào tạo, tập huấn" not in pdf  # the plan's own number would read as the report's


def _table(printed: list[Table], key: str) -> Table:
    return next(table for table in printed if table.key == key)


def test_the_ward_table_counts_assessed_validated_and_levels_per_current_ward(
    world: World,
    report: YearlyReport,  # noqa: F811
    scene: Scene,
) -> None:
    with schema_context(world.province_a.schema_name), override_settings(STATS_MIN_CELL=1):
        printed = tables(snapshot_of(report)["overview"])
    wards = _table(printed, "wards")
    by_name = {row[1]: row[2:] for row in wards.rows}
    w1, w2 = f"{scene.w1.unit_type} {scene.w1.name}", f"{scene.w2.unit_type} {scene.w2.name}"
    # w1: e1 (level 3) and e2 (level 2); e5, merged into e1, never counts. w2: e3, whose validated
    # assessment (level 0) counts, not its later submitted one. e4 has no ward.
    assert by_name[w1] == [2, 2, 0, 0, 1, 1, 0, 0]
    assert by_name[w2] == [1, 1, 1, 0, 0, 0, 0, 0]
    assert by_name["Chưa xác định"] == [1, 1, 0, 1, 0, 0, 0, 0]
    assert by_name["Tổng cộng"] == [4, 4, 1, 1, 1, 1, 0, 0]
    assert [row[1] for row in wards.rows][-2:] == ["Chưa xác định", "Tổng cộng"]


def test_the_ward_table_hides_small_cells_from_the_readers_of_the_report(
    world: World,
    report: YearlyReport,  # noqa: F811
    scene: Scene,
) -> None:
    with schema_context(world.province_a.schema_name):
        snapshot = snapshot_of(report)
        wards = _table(tables(snapshot["overview"]), "wards")
        annex = load_workbook(io.BytesIO(_annex(snapshot)), read_only=True)
    assert all(value in (0, "<5") for row in wards.rows[:-1] for value in row[2:])
    assert wards.rows[-1][2:] == [4, 4, 1, 1, 1, 1, 0, 0]  # the totals are printed elsewhere anyway
    sheet = list(annex[wards.sheet_name].iter_rows(min_row=5, values_only=True))
    assert [["" if v is None else v for v in row] for row in sheet] == wards.rows  # the annex: the same table


def _annex(snapshot: dict[str, Any]) -> bytes:
    from reporting.statistics.counting import Period, filters_for
    from reporting.yearly.annex import annex_xlsx

    return annex_xlsx(snapshot, filters_for(Period.of_year(2026)))


def test_the_certificates_table_counts_those_issued_in_the_period_by_level(
    world: World,
    report: YearlyReport,  # noqa: F811
    scene: Scene,
) -> None:
    with schema_context(world.province_a.schema_name):
        codes = iter(["AAAAA-00001", "AAAAA-00002", "AAAAA-00003", "AAAAA-00004"])
        for assessment in Assessment.objects.filter(enterprise__in=[scene.e1, scene.e2], state="validated"):
            assessment.certificate_code = next(codes)  # 2025's of e1 and e2, and 2026's
            assessment.save(update_fields=["certificate_code"])
        printed = tables(snapshot_of(report)["overview"])
        workbook = load_workbook(io.BytesIO(_annex(snapshot_of(report))), read_only=True)
    issued = _table(printed, "certificates")
    assert [row[3] for row in issued.rows] == [0, 0, 1, 1, 0, 0, 2]  # e2 at level 2, e1 at level 3; total
    assert issued.rows[-1][2:] == ["Tổng cộng", 2]
    assert [list(row)[3] for row in workbook[issued.sheet_name].iter_rows(min_row=5, values_only=True)][-1] == 2


def test_the_pdf_and_the_annex_print_the_figures_of_one_snapshot(
    world: World,
    report: YearlyReport,  # noqa: F811
    scene: Scene,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The figures are computed once per version: the annex's tables are those of the snapshot."""
    import reporting.yearly.services as services
    from reporting.statistics import selectors

    calls = []
    original = selectors.overview

    def counted_overview(f: Any) -> dict[str, Any]:
        calls.append(f)
        return original(f)

    monkeypatch.setattr(services.stats, "overview", counted_overview)
    with schema_context(world.province_a.schema_name):
        version = version_build(report=report, user=world.staff_a)
        annex = load_workbook(io.BytesIO(version.annex.read()), read_only=True)
    assert len(calls) == 1
    for table in tables(version.snapshot["overview"]):
        rows = [list(row) for row in annex[table.sheet_name].iter_rows(min_row=5, values_only=True)]
        assert [[None if v == "" else v for v in row] for row in table.rows] == rows, table.key


# --- Jobs, not requests ------------------------------------------------------------------------------


def test_a_second_click_shows_the_running_job_instead_of_queuing_another(
    world: World,
    report: YearlyReport,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    staff = client_for(world.province_a, world.staff_a)
    with schema_context(world.province_a.schema_name):
        colleague = UserFactory.create(email="dong.nghiep@dong-nai.vn", role=Role.PROVINCE_STAFF)
    other_tab = client_for(world.province_a, colleague)
    with django_capture_on_commit_callbacks(execute=False):  # queued, not run: the first is still waiting
        for client in (staff, staff, other_tab):
            assert client.post(f"/reports/{report.uuid}/generate/").status_code == 302
            assert client.post(f"/reports/{report.uuid}/preview/").status_code == 302
    with schema_context(world.province_a.schema_name):
        jobs = list(Job.objects.filter(params__report=report.pk).values_list("kind", "created_by"))
    assert sorted(jobs) == [("yearly_preview", world.staff_a.pk), ("yearly_report", world.staff_a.pk)]
    page = other_tab.get(f"/reports/{report.uuid}/").content.decode()
    assert page.count('data-testid="report-job"') == 2
    with schema_context(world.province_a.schema_name):
        preview = Job.objects.get(kind="yearly_preview")
    assert other_tab.get(f"/jobs/{preview.uuid}/").status_code == 200  # the colleague sees it progress
    assert other_tab.post(f"/jobs/{preview.uuid}/restart/").status_code == 404  # but starts nothing
    told = other_tab.post(f"/reports/{report.uuid}/generate/", follow=True).content.decode()
    assert "Một phiên bản của báo cáo này đang được tạo" in told


def test_the_database_refuses_a_second_active_job_with_the_same_key(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        Job.objects.create(kind="yearly_report", once_key="yearly_report:1", created_by=world.staff_a)
        with pytest.raises(IntegrityError), transaction.atomic():
            Job.objects.create(kind="yearly_report", once_key="yearly_report:1", created_by=world.admin_a)
        Job.objects.filter(once_key="yearly_report:1").update(status=JobStatus.SUCCEEDED)
        Job.objects.create(kind="yearly_report", once_key="yearly_report:1", created_by=world.admin_a)  # ended: free
        Job.objects.create(kind="audit_export", created_by=world.admin_a)  # no key: any number
        Job.objects.create(kind="audit_export", created_by=world.admin_a)


@pytest.fixture
def drawn_in_jobs_only(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """WeasyPrint fails when asked to draw outside a job; the kinds of jobs that drew are listed."""
    inside: list[str] = []
    drawn: list[str] = []
    run = core.tasks.job_run

    def job_run(*, job: Job) -> Job:
        inside.append(job.kind)
        try:
            return run(job=job)
        finally:
            inside.pop()

    def guarded(method: Callable[..., Any]) -> Callable[..., Any]:
        def draw(self: Any, *args: Any, **kwargs: Any) -> Any:
            if not inside:
                raise AssertionError("a PDF was drawn outside a job (in a web request)")
            drawn.append(inside[-1])
            return method(self, *args, **kwargs)

        return draw

    monkeypatch.setattr(core.tasks, "job_run", job_run)
    monkeypatch.setattr(weasyprint.HTML, "render", guarded(weasyprint.HTML.render))
    monkeypatch.setattr(weasyprint.HTML, "write_pdf", guarded(weasyprint.HTML.write_pdf))
    return drawn


def test_no_report_page_draws_a_pdf_in_the_request(
    world: World,
    report: YearlyReport,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
    drawn_in_jobs_only: list[str],
) -> None:
    with schema_context(world.province_a.schema_name):
        YearlyReport.objects.filter(pk=report.pk).update(number="12/BC-SKHCN")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(world.province_a, world.admin_a).post(f"/reports/{report.uuid}/generate/")
    with schema_context(world.province_a.schema_name):
        version = ReportVersion.objects.get(report=report)
    drawn = drawn_in_jobs_only
    client = client_for(world.province_a, world.admin_a)
    kwargs = {"report_uuid": report.uuid, "report_version_uuid": version.uuid}
    visited = []
    for pattern in report_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        names = re.findall(r"<uuid:(\w+)>", str(pattern.pattern))
        path = "/reports/" + re.sub(r"<uuid:(\w+)>", lambda m: str(kwargs[m.group(1)]), str(pattern.pattern))
        for method in ("get", "post"):
            data = _form(report) if pattern.name == "detail" and method == "post" else {}
            with django_capture_on_commit_callbacks(execute=True):  # jobs run after the request, as a worker would
                response = getattr(client, method)(path, data)
            assert response.status_code < 500, (method, path)
            if response.streaming:  # a stored file: read, not drawn
                assert b"".join(response.streaming_content).startswith((b"%PDF", b"PK"))
            visited.append((method, pattern.name, names))
    assert len(visited) == 2 * len(report_urls.urlpatterns)
    assert set(drawn) == {"yearly_preview", "yearly_report"}  # drawn, and only by the jobs
    with schema_context(world.province_a.schema_name):
        preview = Job.objects.filter(kind="yearly_preview").latest("created_at")
    assert preview.status == JobStatus.SUCCEEDED
    page = client.get(f"/reports/{report.uuid}/").content.decode()
    assert f"/jobs/{preview.uuid}/download/" in page  # the preview is an expiring download on the report
    download = client.get(f"/jobs/{preview.uuid}/download/")
    assert b"".join(download.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
