"""An association, on a phone, uploads a sign-in sheet, confirms it and marks attendance in bulk."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django_tenants.utils import schema_context

from tests.campaigns.test_programme import KNOWN, OTHER, UNKNOWN
from tests.conftest import World, committed
from tests.factories import PASSWORD
from tests.test_browser import ARTIFACTS, browser, forget_browser_sessions, live_server_port  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
EMAIL = "trinhduyet@hiephoi.vn"


@pytest.fixture
def course(world: World) -> Iterator[str]:
    """A course of an association whose account is EMAIL, and two registered enterprises; committed
    so the live server sees them."""
    from accounts.models import User
    from accounts.roles import Role
    from campaigns.models import Activity, Agency
    from core.models import AuditEntry
    from enterprises.models import Enterprise
    from enterprises.services import enterprise_save
    from tests.factories import UserFactory

    schema = world.province_a.schema_name

    def create() -> str:
        with schema_context(schema):
            enterprise_save(enterprise=Enterprise(tax_code=KNOWN, name="Công ty Gỗ Trình Duyệt"), user=world.admin_a)
            enterprise_save(enterprise=Enterprise(tax_code=OTHER, name="Công ty Mềm Trình Duyệt"), user=world.admin_a)
            agency = Agency.objects.create(key="hh-trinh-duyet", name="Hiệp hội Trình Duyệt", kind="association")
            agency.members.add(UserFactory.create(email=EMAIL, full_name="Hiệp hội", role=Role.ASSOCIATION))
            day = date(2026, 5, 20)
            activity = Activity.objects.create(
                kind="training", title="Lớp học trình duyệt", organiser=agency, starts_on=day, ends_on=day,
                status="held",
            )  # fmt: skip
            return str(activity.uuid)

    def clean_up() -> None:
        with schema_context(schema):
            Activity.objects.filter(title="Lớp học trình duyệt").delete()
            Agency.objects.filter(key="hh-trinh-duyet").delete()
            Enterprise.objects.filter(tax_code__in=[KNOWN, OTHER]).delete()
            AuditEntry.objects.filter(actor_email=EMAIL).delete()
            User.objects.filter(email=EMAIL).delete()

    activity_uuid = committed(create)
    yield activity_uuid
    committed(clean_up)


def test_an_association_uploads_a_sign_in_sheet_and_marks_attendance_on_a_phone(
    world: World,
    live_server_port: int,  # noqa: F811
    browser: Any,  # noqa: F811
    forget_browser_sessions: None,  # noqa: F811
    course: str,
    tmp_path: Path,
) -> None:
    from tests.enterprises.test_import import xlsx

    sheet = xlsx(
        tmp_path / "diem-danh.xlsx",
        ["STT", "Số hiệu đơn vị", "Họ và tên", "Chức vụ"],  # a tax-code column titled as no sheet titles it
        [[1, KNOWN, "Nguyễn Văn An", "Giám đốc"], [2, OTHER, "Trần Thị Bình", ""], [3, UNKNOWN, "Lê Văn Cường", ""]],
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    base = f"http://dong-nai.localhost:{live_server_port}"
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Thư điện tử").fill(EMAIL)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base}/programme/tasks/mine/")  # an agency's home: its tasks

    page.goto(f"{base}/programme/activities/")
    page.get_by_role("link", name="Lớp học trình duyệt").click()
    page.wait_for_url(f"**/programme/activities/{course}/")

    # The tax-code lookup names the enterprise, without any list to browse.
    page.get_by_label("Mã số thuế").fill(KNOWN)
    page.get_by_test_id("lookup-result").filter(has_text="Công ty Gỗ Trình Duyệt").wait_for()

    page.get_by_label("Danh sách điểm danh").set_input_files(str(sheet))
    page.get_by_role("button", name="Kiểm tra danh sách").click()
    page.wait_for_url("**/sheets/**")
    # The tax code's column is not recognised: the preview says so and lets the officer choose it.
    page.get_by_test_id("sheet-missing-columns").wait_for()
    page.screenshot(path=str(ARTIFACTS / "attendance-sheet-columns-phone.png"), full_page=True)
    page.get_by_label("Số hiệu đơn vị").select_option("tax_code")
    page.get_by_role("button", name="Kiểm tra lại với các cột này").click()
    page.get_by_test_id("sheet-problems").wait_for()
    problems = page.get_by_test_id("sheet-problems").inner_text()
    assert UNKNOWN in problems
    assert "không có trong danh bạ" in problems
    page.screenshot(path=str(ARTIFACTS / "attendance-sheet-phone.png"), full_page=True)
    page.get_by_role("button", name="Xác nhận và ghi nhận các dòng đã khớp").click()
    page.wait_for_url(f"**/programme/activities/{course}/")

    participants = page.get_by_test_id("participants")
    assert participants.get_by_text("Có mặt").count() == 2
    page.get_by_label("Chọn tất cả").check()
    page.get_by_label("Đánh dấu những người đã chọn là").select_option("absent")
    page.get_by_role("button", name="Áp dụng").click()
    page.get_by_text("Đã cập nhật điểm danh cho 2 người.").wait_for()
    assert participants.get_by_text("Vắng mặt").count() == 2
    page.screenshot(path=str(ARTIFACTS / "attendance-marked-phone.png"), full_page=True)
    assert errors == [], errors
