"""A partner agency works in the portal (issue 18): its officer signs in, logs a workshop with two
participants and sends the yearly update of its task; the department sees it as reported, and the
next version of the yearly report carries that workshop's figures in the task's paragraph."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django_tenants.utils import schema_context

from tests.campaigns.test_programme import KNOWN, OTHER
from tests.conftest import World, committed
from tests.test_browser import browser, forget_browser_sessions, live_server_port  # noqa: F401  (fixtures)
from tests.test_browser_evidence import Browsing, browsing  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser
EMAIL = "phongvien@baotrinhduyet.vn"
AGENCY = "Báo Trình Duyệt"


@pytest.fixture
def newspaper(world: World, db: None) -> Iterator[None]:
    """A newspaper leading the outreach task of a plan in force, with an account; two enterprises."""
    from accounts.models import User
    from accounts.roles import Role
    from campaigns.models import Activity, Agency, Plan, Task, TaskUpdate
    from core.models import AuditEntry
    from enterprises.models import Enterprise
    from enterprises.services import enterprise_save
    from tests.factories import UserFactory

    schema = world.province_a.schema_name
    year = date.today().year

    def create() -> None:
        with schema_context(schema):
            enterprise_save(enterprise=Enterprise(tax_code=KNOWN, name="Công ty Gỗ Trình Duyệt"), user=world.admin_a)
            enterprise_save(enterprise=Enterprise(tax_code=OTHER, name="Công ty Mềm Trình Duyệt"), user=world.admin_a)
            agency = Agency.objects.create(key="bao-trinh-duyet", name=AGENCY, kind="other")
            agency.members.add(UserFactory.create(email=EMAIL, full_name="Phóng viên", role=Role.ASSOCIATION))
            plan = Plan.objects.create(number="99/KH-TD", title="Kế hoạch trình duyệt", start_year=year - 1,
                                       end_year=year + 1)  # fmt: skip
            Task.objects.create(plan=plan, number="8", title="Tuyên truyền chuyển đổi số", lead=agency)

    def clean_up() -> None:
        from reporting.yearly.models import TaskResult

        with schema_context(schema):
            TaskResult.objects.filter(task__plan__number="99/KH-TD").delete()
            TaskUpdate.objects.filter(agency__key="bao-trinh-duyet").delete()
            Activity.objects.filter(organiser__key="bao-trinh-duyet").delete()
            Plan.objects.filter(number="99/KH-TD").delete()
            Agency.objects.filter(key="bao-trinh-duyet").delete()
            Enterprise.objects.filter(tax_code__in=[KNOWN, OTHER]).delete()
            AuditEntry.objects.filter(actor_email=EMAIL).delete()
            User.objects.filter(email=EMAIL).delete()

    def reports() -> set[int]:
        from reporting.yearly.models import YearlyReport

        with schema_context(schema):
            return set(YearlyReport.objects.values_list("pk", flat=True))

    def forget_new_reports(before: set[int]) -> None:
        """The report the journey started (its versions and their files) goes, so no other test meets it."""
        from reporting.yearly.models import ReportVersion, YearlyReport

        with schema_context(schema):
            for version in ReportVersion.objects.exclude(report__pk__in=before):
                version.pdf.delete(save=False)
                version.annex.delete(save=False)
                version.delete()
            YearlyReport.objects.exclude(pk__in=before).delete()

    committed(create)
    before = committed(reports)
    yield
    committed(lambda: forget_new_reports(before))
    committed(clean_up)


def test_an_agency_logs_a_workshop_and_sends_its_update_and_the_department_sees_it(
    world: World,
    browsing: Browsing,  # noqa: F811
    newspaper: None,
    tmp_path: Path,
) -> None:
    page = browsing.page
    browsing.log_in(EMAIL)
    page.wait_for_url("**/programme/tasks/mine/")  # the agency's home: its tasks
    assert "Tuyên truyền chuyển đổi số" in page.get_by_test_id("my-tasks").inner_text()
    browsing.fits_and_shoot("agency-tasks")

    page.get_by_role("link", name="Ghi nhận hoạt động của nhiệm vụ này").click()  # the task comes filled in
    page.get_by_label("Loại").select_option("workshop")
    page.get_by_label("Tiêu đề").fill("Hội thảo báo chí và chuyển đổi số")
    page.get_by_label("Trạng thái").select_option("held")
    page.get_by_label("Từ ngày").fill(f"{date.today().year}-03-10")
    page.get_by_label("Đến ngày").fill(f"{date.today().year}-03-10")
    assert page.get_by_label("Đơn vị tổ chức").locator("option").all_inner_texts()[-1] == AGENCY  # its own only
    assert "Tuyên truyền chuyển đổi số" in page.get_by_label("Nhiệm vụ").locator("option:checked").inner_text()
    browsing.fits_and_shoot("agency-activity-form")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url("**/programme/activities/*/")
    adding = page.locator("form[action$='/participants/']")
    for code, person in ((KNOWN, "Nguyễn Văn An"), (OTHER, "Trần Thị Bình")):
        adding.get_by_label("Mã số thuế").fill(code)
        adding.get_by_label("Họ và tên người tham dự").fill(person)
        adding.get_by_role("button", name="Thêm").click()
        page.get_by_test_id("participants").get_by_text(person).wait_for()
    assert page.get_by_test_id("participants").get_by_text("Công ty Mềm Trình Duyệt").count() == 1
    browsing.fits_and_shoot("agency-workshop")

    page.goto(f"{browsing.base}/programme/tasks/mine/")
    page.get_by_role("link", name="Gửi báo cáo").click()
    page.get_by_label("Tiến độ (%)").fill("60")
    page.get_by_label("Kết quả thực hiện").fill("Đăng 24 tin bài, tổ chức 1 hội thảo.")
    attachment = tmp_path / "bao-cao.pdf"
    attachment.write_bytes(b"%PDF-1.4 bao cao")
    page.get_by_label("Tệp đính kèm").set_input_files(str(attachment))
    page.locator("#update-form").get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã lưu báo cáo").first.wait_for()
    page.goto(f"{browsing.base}/programme/tasks/mine/")
    assert "Đã gửi · 60%" in page.get_by_test_id("my-tasks").inner_text()

    page.context.clear_cookies()
    browsing.log_in(world.staff_a.email)
    page.goto(f"{browsing.base}/programme/agencies/reports/")
    row = page.locator(f"tr[data-agency='{AGENCY}']")
    assert "Đã báo cáo" in row.inner_text()
    assert "1/1" in row.inner_text()
    browsing.fits_and_shoot("agency-reports")

    # The yearly report: the task's paragraph starts from the workshop the agency logged.
    page.goto(f"{browsing.base}/reports/")
    start = page.get_by_role("button", name="Lập báo cáo")
    if start.count():
        start.first.click()
    else:  # this year's report was started before: open it
        page.get_by_role("link", name=str(date.today().year)).first.click()
    page.wait_for_url("**/reports/*/")
    page.get_by_role("button", name="Điền lại từ số liệu và báo cáo của các cơ quan, đơn vị").click()
    paragraph = page.get_by_label("8. Tuyên truyền chuyển đổi số")
    text = paragraph.input_value()
    assert "1 hội thảo" in text
    assert "2 lượt người tham dự, 2 doanh nghiệp" in text
    assert "Đăng 24 tin bài, tổ chức 1 hội thảo." in text  # and the agency's own update after the figures
    browsing.fits_and_shoot("report-editor")
    page.get_by_role("button", name="Tạo PDF và phụ lục").click()
    page.wait_for_url("**/reports/*/")

    def printed() -> dict[str, str]:
        """The task's paragraph as the newest version of this year's report printed it."""
        from reporting.yearly.models import ReportVersion

        with schema_context(world.province_a.schema_name):
            version = ReportVersion.objects.filter(report__year=date.today().year).order_by("-created_at").first()
            assert version is not None
            return next(task for task in version.snapshot["tasks"] if task["title"] == "Tuyên truyền chuyển đổi số")

    assert "1 hội thảo" in committed(printed)["text"]
    assert browsing.errors == [], browsing.errors
