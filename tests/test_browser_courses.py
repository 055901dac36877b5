"""Issue 20's "done when": an enterprise signs its people up for a coming course from its phone, and
on the day the organiser confirms them and marks attendance from the sign-ups."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.campaigns.test_programme import KNOWN
from tests.conftest import World, committed
from tests.test_browser import browser, forget_browser_sessions, live_server_port, open_menu  # noqa: F401  (fixtures)
from tests.test_browser_evidence import Browsing, browsing  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser
ENTERPRISE = "giamdoc@gotrinhduyet.vn"
ORGANISER = "daotao@hiephoitrinhduyet.vn"
TITLE = "Lớp chuyển đổi số trình duyệt"


@pytest.fixture
def open_course(world: World, db: None) -> Iterator[str]:
    """A course that starts today and takes sign-ups until then (3 seats), organised by an
    association with an account, and an enterprise with its account; committed for the live server."""
    from accounts.models import User
    from accounts.roles import Role
    from campaigns.models import Activity, Agency
    from core.models import AuditEntry
    from enterprises.models import Enterprise, EnterpriseAccount
    from enterprises.services import enterprise_save
    from tests.factories import UserFactory

    schema = world.province_a.schema_name
    today = timezone.localdate()

    def create() -> str:
        with schema_context(schema):
            enterprise = enterprise_save(
                enterprise=Enterprise(tax_code=KNOWN, name="Công ty Gỗ Trình Duyệt"), user=world.admin_a
            )
            account = UserFactory.create(email=ENTERPRISE, full_name="Vũ Thị Hoa", role=Role.ENTERPRISE)
            EnterpriseAccount.objects.create(user=account, enterprise=enterprise)
            agency = Agency.objects.create(key="hh-khoa-hoc", name="Hiệp hội Khóa học Trình Duyệt", kind="association")
            agency.members.add(UserFactory.create(email=ORGANISER, full_name="Cán bộ đào tạo", role=Role.ASSOCIATION))
            activity = Activity.objects.create(
                kind="training", title=TITLE, organiser=agency, starts_on=today, ends_on=today,
                place="Hội trường Hiệp hội", online_url="https://meet.example.vn/lop", capacity=3,
                audience="Giám đốc, kế toán doanh nghiệp nhỏ", signup_open=True,
            )  # fmt: skip
            return str(activity.uuid)

    def clean_up() -> None:
        with schema_context(schema):
            Activity.objects.filter(title=TITLE).delete()
            Agency.objects.filter(key="hh-khoa-hoc").delete()
            EnterpriseAccount.objects.filter(enterprise__tax_code=KNOWN).delete()
            Enterprise.objects.filter(tax_code=KNOWN).delete()
            AuditEntry.objects.filter(actor_email__in=[ENTERPRISE, ORGANISER]).delete()
            User.objects.filter(email__in=[ENTERPRISE, ORGANISER]).delete()

    activity_uuid = committed(create)
    yield activity_uuid
    committed(clean_up)


def test_an_enterprise_signs_up_for_a_course_and_the_organiser_marks_attendance_from_the_sign_ups(
    world: World,
    browsing: Browsing,  # noqa: F811
    open_course: str,
) -> None:
    page = browsing.page
    page.goto(f"{browsing.base}/")  # the public page announces it, with its seats and a sign-up call
    courses = page.get_by_test_id("public-courses")
    assert TITLE in courses.inner_text()
    assert "Còn 3 chỗ" in courses.inner_text()
    browsing.fits_and_shoot("courses-public")

    browsing.log_in(ENTERPRISE)
    if browsing.label == "phone":
        open_menu(page, "Trình đơn")
    page.get_by_role("link", name="Đăng ký khóa học").click()
    page.wait_for_url("**/programme/courses/")
    browsing.fits_and_shoot("course-list")
    page.get_by_test_id("open-courses").get_by_role("link", name="Đăng ký người tham gia").click()
    page.wait_for_url(f"**/programme/courses/{open_course}/")
    for name, position, phone in (("Nguyễn Văn An", "Kế toán trưởng", "0912 345 678"), ("Trần Thị Bình", "", "")):
        page.get_by_label("Họ và tên người tham dự").fill(name)
        page.get_by_label("Chức vụ").fill(position)
        page.get_by_label("Điện thoại").fill(phone)
        page.get_by_role("button", name="Đăng ký", exact=True).click()
    # Bình has neither a phone nor an e-mail: refused with the reason, nothing written.
    page.get_by_text("Vui lòng nhập số điện thoại hoặc địa chỉ thư điện tử").wait_for()
    page.get_by_label("Thư điện tử").fill("binh@gotrinhduyet.vn")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    page.get_by_text("Đã đăng ký cho Trần Thị Bình.").wait_for()
    mine = page.get_by_test_id("my-signups")
    assert "Nguyễn Văn An" in mine.inner_text()
    assert "Chờ xác nhận" in mine.inner_text()
    assert "Còn 1 chỗ" in page.get_by_test_id("course-seats").inner_text()
    browsing.fits_and_shoot("course-signup")

    page.context.clear_cookies()
    browsing.log_in(ORGANISER)
    page.goto(f"{browsing.base}/programme/activities/{open_course}/edit/")  # where the course was opened
    assert page.get_by_label("Mở cho doanh nghiệp đăng ký tham gia").is_checked()
    browsing.fits_and_shoot("course-form")
    page.goto(f"{browsing.base}/programme/activities/{open_course}/")
    page.get_by_role("link", name="Danh sách đăng ký và điểm danh").click()
    page.wait_for_url("**/signups/")
    page.get_by_role("button", name="Xác nhận tất cả 2 đăng ký đang chờ").click()
    page.get_by_text("Đã xác nhận 2 đăng ký.").wait_for()
    signups = page.get_by_test_id("signups")
    assert signups.get_by_text("Đã xác nhận").count() == 2
    signups.get_by_label("Nguyễn Văn An").check()  # Bình did not come
    browsing.fits_and_shoot("signup-list")
    page.get_by_role("button", name="Ghi nhận điểm danh").click()
    page.get_by_text("Đã ghi nhận điểm danh: 1 người có mặt, 1 người vắng mặt.").wait_for()
    participants = page.get_by_test_id("participants")  # the activity's attendance, as the statistics count it
    assert participants.locator("tr", has_text="Nguyễn Văn An").get_by_text("Có mặt").count() == 1
    assert participants.locator("tr", has_text="Trần Thị Bình").get_by_text("Vắng mặt").count() == 1
    assert "Đã tổ chức" in page.locator("dl").inner_text()  # the course is now recorded as held
    browsing.fits_and_shoot("signup-attendance")
    assert browsing.errors == [], browsing.errors
