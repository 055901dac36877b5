"""Sign-ups for coming courses (issue 20): an enterprise signs its people up until the deadline or the
seats run out, the organiser confirms, exports and, on the day, marks attendance from the sign-ups,
which the statistics then count (and not before)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connections, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from campaigns.models import Activity, Agency, AttendanceStatus, CourseSignup, Participant, SignupStatus
from campaigns.selectors import courses_open
from campaigns.signups import signup_add, signup_cancel, signups_attendance, signups_confirm
from core.cache import FIGURES_STAMP, stamp
from core.errors import ApplicationError
from enterprises.models import Enterprise, EnterpriseAccount
from enterprises.services import enterprise_save
from reporting.statistics import counting
from reporting.statistics.counting import Filters, Period
from reporting.statistics.selectors import activities as activity_figures
from tests.campaigns.test_programme import KNOWN, OTHER
from tests.conftest import World, client_for, committed
from tests.factories import UserFactory

TODAY = timezone.localdate()  # the pages read the real day
STARTS = TODAY + timedelta(days=10)
DEADLINE = TODAY + timedelta(days=5)


@dataclass
class Course:
    activity: Activity
    agency: Agency
    organiser: User  # works for `agency`
    stranger: User  # works for another agency
    enterprise: Enterprise
    account: User  # the enterprise's account
    other: Enterprise
    other_account: User


def _course(world: World, *, capacity: int | None = 2) -> Course:
    agency = Agency.objects.create(key="hh-dk", name="Hiệp hội Doanh nghiệp", kind="association")
    elsewhere = Agency.objects.create(key="hh-khac", name="Hội khác", kind="association")
    organiser = UserFactory.create(email="tochuc@hiephoi.vn", role=Role.ASSOCIATION)
    agency.members.add(organiser)
    stranger = UserFactory.create(email="hoikhac@hiephoi.vn", role=Role.ASSOCIATION)
    elsewhere.members.add(stranger)
    enterprise = enterprise_save(enterprise=Enterprise(tax_code=KNOWN, name="Công ty Gỗ Tân Phong"), user=world.admin_a)
    other = enterprise_save(enterprise=Enterprise(tax_code=OTHER, name="Công ty Phần mềm Biên Hòa"), user=world.admin_a)
    account = UserFactory.create(email="giamdoc@tanphong.vn", role=Role.ENTERPRISE)
    EnterpriseAccount.objects.create(user=account, enterprise=enterprise)
    other_account = UserFactory.create(email="giamdoc@bienhoa.vn", role=Role.ENTERPRISE)
    EnterpriseAccount.objects.create(user=other_account, enterprise=other)
    activity = Activity.objects.create(
        kind="training", title="Lớp chuyển đổi số cho doanh nghiệp nhỏ", organiser=agency, starts_on=STARTS,
        ends_on=STARTS, place="Hội trường Hiệp hội", capacity=capacity, audience="Giám đốc, kế toán",
        signup_open=True, signup_deadline=DEADLINE,
    )  # fmt: skip
    return Course(activity, agency, organiser, stranger, enterprise, account, other, other_account)


@pytest.fixture
def course(world: World, db: None) -> Course:
    with schema_context(world.province_a.schema_name):
        return _course(world)


def _person(name: str, **extra: str) -> dict[str, str]:
    return {"person_name": name, "position": "Kế toán", "phone": "0912 345 678", "email": "", **extra}


def _sign(course: Course, name: str, *, other: bool = False, today: date = TODAY, **extra: str) -> CourseSignup:
    """`name` signed up by the first enterprise's account (by the other's with `other`)."""
    return signup_add(
        activity=course.activity, enterprise=course.other if other else course.enterprise,
        person=_person(name, **extra), user=course.other_account if other else course.account, today=today,
    )  # fmt: skip


def test_an_enterprise_signs_up_until_the_seats_run_out_and_a_cancellation_frees_a_seat(
    world: World, course: Course
) -> None:
    with schema_context(world.province_a.schema_name):
        first = _sign(course, "Nguyễn Văn An")
        _sign(course, "Trần Thị Bình", other=True)
        with pytest.raises(ApplicationError) as full:
            _sign(course, "Lê Văn Cường")
        assert full.value.in_language("vi") == "Khóa học đã đủ số lượng: không còn chỗ."
        assert full.value.in_language("en") == "This course is full: no seat is left."
        signup_cancel(signup=first, user=course.account, by_organiser=False, today=TODAY)
        _sign(course, "Lê Văn Cường")
        assert set(course.activity.signups.exclude(status="cancelled").values_list("person_name", flat=True)) == {
            "Trần Thị Bình",
            "Lê Văn Cường",
        }


def test_a_sign_up_after_the_deadline_or_for_a_course_not_open_is_refused(world: World, course: Course) -> None:
    with schema_context(world.province_a.schema_name):
        with pytest.raises(ApplicationError) as late:
            _sign(course, "Nguyễn Văn An", today=DEADLINE + timedelta(days=1))
        assert late.value.in_language("vi") == f"Khóa học này đã hết hạn đăng ký từ ngày {DEADLINE:%d/%m/%Y}."
        _sign(course, "Nguyễn Văn An", today=DEADLINE)  # the deadline's own day still takes sign-ups
        Activity.objects.filter(pk=course.activity.pk).update(signup_open=False)
        with pytest.raises(ApplicationError, match="does not take sign-ups"):
            _sign(course, "Trần Thị Bình")
        assert course.activity.signups.count() == 1


def test_the_same_person_is_signed_up_once_and_a_person_needs_a_name_and_a_way_to_be_reached(
    world: World, course: Course
) -> None:
    with schema_context(world.province_a.schema_name):
        _sign(course, "Nguyễn Văn An")
        with pytest.raises(ApplicationError, match="already signed up"):
            _sign(course, "  nguyen van   AN ")
        with pytest.raises(ApplicationError, match="phone number or an e-mail"):
            _sign(course, "Trần Thị Bình", phone="")
        with pytest.raises(ApplicationError, match="not an e-mail address"):
            _sign(course, "Trần Thị Bình", email="binh@")
        assert course.activity.signups.count() == 1


def test_an_enterprise_account_signs_up_only_its_own_people(world: World, course: Course) -> None:
    with schema_context(world.province_a.schema_name):
        for user in (course.other_account, course.organiser, world.staff_a):
            with pytest.raises(ApplicationError, match="own account"):
                signup_add(
                    activity=course.activity, enterprise=course.enterprise, person=_person("Nguyễn Văn An"),
                    user=user, today=TODAY,
                )  # fmt: skip
        signup = _sign(course, "Nguyễn Văn An")
        with pytest.raises(ApplicationError, match="own account"):
            signup_cancel(signup=signup, user=course.other_account, by_organiser=False, today=TODAY)
        assert course.activity.signups.count() == 1


def test_two_sign_ups_for_the_last_seat_at_once_do_not_overbook(world: World, db: None) -> None:
    """The second sign-up waits on the course's row while the first holds it, then finds it full."""
    schema = world.province_a.schema_name

    def create() -> Course:
        with schema_context(schema):
            return _course(world, capacity=1)

    course = committed(create)
    holding, release = threading.Event(), threading.Event()
    outcome: dict[str, Any] = {}

    def first() -> None:  # takes the last seat, slowly, as signup_add does: with the row locked
        try:
            with schema_context(schema), transaction.atomic():
                Activity.objects.select_for_update().get(pk=course.activity.pk)
                holding.set()
                release.wait(10)
                CourseSignup.objects.create(
                    activity=course.activity, enterprise=course.other, person_name="Trần Thị Bình",
                    person_key="tran thi binh", phone="0900000000",
                )  # fmt: skip
        finally:
            connections.close_all()

    def second() -> None:
        try:
            with schema_context(schema):
                _sign(course, "Nguyễn Văn An")
                outcome["second"] = "signed up"
        except ApplicationError as error:
            outcome["second"] = error.in_language("en")
        finally:
            connections.close_all()

    try:
        one = threading.Thread(target=first)
        one.start()
        assert holding.wait(10)
        two = threading.Thread(target=second)
        two.start()
        two.join(0.5)
        assert two.is_alive(), "the second sign-up counted the seats without waiting for the first"
        release.set()
        one.join(10)
        two.join(10)
        assert outcome["second"] == "This course is full: no seat is left."

        def seats() -> int:
            with schema_context(schema):
                return CourseSignup.objects.filter(activity__pk=course.activity.pk).count()

        assert committed(seats) == 1
    finally:
        release.set()

        def clean_up() -> None:
            with schema_context(schema):
                from core.models import AuditEntry

                Activity.objects.filter(pk=course.activity.pk).delete()
                Agency.objects.filter(key__in=["hh-dk", "hh-khac"]).delete()
                EnterpriseAccount.objects.filter(enterprise__tax_code__in=[KNOWN, OTHER]).delete()
                Enterprise.objects.filter(tax_code__in=[KNOWN, OTHER]).delete()
                emails = ["tochuc@hiephoi.vn", "hoikhac@hiephoi.vn", "giamdoc@tanphong.vn", "giamdoc@bienhoa.vn"]
                AuditEntry.objects.filter(actor_email__in=emails).delete()
                AuditEntry.objects.filter(actor_email=world.admin_a.email, action="enterprise.create").delete()
                User.objects.filter(email__in=emails).delete()

        committed(clean_up)


def test_sign_ups_count_only_once_marked_present_and_the_figures_stamp_moves(world: World, course: Course) -> None:
    with schema_context(world.province_a.schema_name):
        Activity.objects.filter(pk=course.activity.pk).update(capacity=10)
        course.activity.refresh_from_db()
        an = _sign(course, "Nguyễn Văn An")
        binh = _sign(course, "Trần Thị Bình", other=True)
        _sign(course, "Lê Văn Cường", other=True)
        assert signups_confirm(
            activity=course.activity, signup_uuids=[str(an.uuid), str(binh.uuid)], user=course.organiser
        ) == 2  # fmt: skip
        period = Period.of_year(STARTS.year)
        assert not counting.trained(period).exists()  # signed up and confirmed is not trained
        with pytest.raises(ApplicationError, match="from the day the course starts"):
            signups_attendance(activity=course.activity, present=[str(an.uuid)], user=course.organiser, today=TODAY)
        before = stamp(FIGURES_STAMP)

        counts = signups_attendance(
            activity=course.activity, present=[str(an.uuid)], user=course.organiser, today=STARTS
        )

        assert counts == {"attended": 1, "absent": 1}  # Bình confirmed and did not come; Cường never confirmed
        assert stamp(FIGURES_STAMP) != before
        course.activity.refresh_from_db()
        assert course.activity.status == "held"
        assert dict(Participant.objects.filter(activity=course.activity).values_list("person_name", "status")) == {
            "Nguyễn Văn An": AttendanceStatus.ATTENDED,
            "Trần Thị Bình": AttendanceStatus.ABSENT,
        }
        assert list(counting.trained(period)) == [course.enterprise]
        training = next(row for row in activity_figures(Filters(period=period)) if row["kind"] == "training")
        assert (training["held"], training["participants"], training["enterprises"]) == (1, 1, 1)
        # Marked again with Bình present: the same participant is updated, never a second one.
        signups_attendance(
            activity=course.activity, present=[str(an.uuid), str(binh.uuid)], user=course.organiser, today=STARTS
        )
        assert Participant.objects.filter(activity=course.activity).count() == 2
        assert set(counting.trained(period)) == {course.enterprise, course.other}
        with pytest.raises(ApplicationError, match="already marked"):
            signup_cancel(signup=an, user=course.organiser, by_organiser=True, today=STARTS)


def test_the_organising_agency_opens_its_planned_course_to_sign_ups_and_bad_settings_are_refused(
    world: World, course: Course
) -> None:
    with schema_context(world.province_a.schema_name):
        Activity.objects.filter(pk=course.activity.pk).update(signup_open=False, signup_deadline=None)
    organiser = client_for(world.province_a, course.organiser)
    url = f"/programme/activities/{course.activity.uuid}/edit/"
    form = {
        "kind": "training", "title": course.activity.title, "status": "planned", "organiser": course.agency.pk,
        "starts_on": STARTS.isoformat(), "ends_on": STARTS.isoformat(), "capacity": "40", "signup_open": "on",
        "signup_deadline": (STARTS + timedelta(days=1)).isoformat(),
    }  # fmt: skip
    assert "Hạn đăng ký sau ngày kết thúc khóa học." in organiser.post(url, form).text
    assert (
        "Chỉ khóa học đang ở trạng thái dự kiến mới nhận đăng ký."
        in organiser.post(url, form | {"status": "held"}).text
    )
    assert (
        "Chỉ khóa đào tạo và hội thảo mới nhận đăng ký tham gia."
        in organiser.post(url, form | {"kind": "outreach"}).text
    )
    with schema_context(world.province_a.schema_name):
        assert not Activity.objects.get(pk=course.activity.pk).signup_open
    assert organiser.post(url, form | {"signup_deadline": DEADLINE.isoformat()}).status_code == 302
    with schema_context(world.province_a.schema_name):
        opened = Activity.objects.get(pk=course.activity.pk)
        assert (opened.signup_open, opened.signup_deadline, opened.capacity) == (True, DEADLINE, 40)
        _sign(course, "Nguyễn Văn An")
    # With people signed up, the course cannot become another kind of activity.
    changed = organiser.post(url, form | {"signup_deadline": DEADLINE.isoformat(), "kind": "workshop"})
    assert changed.status_code == 200
    with schema_context(world.province_a.schema_name):
        assert Activity.objects.get(pk=course.activity.pk).kind == "training"


# --- Pages ------------------------------------------------------------------------------------------------


def test_an_enterprise_sees_open_courses_signs_up_and_cancels_on_its_page(world: World, course: Course) -> None:
    client = client_for(world.province_a, course.account)
    page = client.get("/programme/courses/")
    assert page.status_code == 200
    assert "Lớp chuyển đổi số cho doanh nghiệp nhỏ" in page.text
    assert "Còn 2 chỗ" in page.text
    url = f"/programme/courses/{course.activity.uuid}/"
    response = client.post(url, {"person_name": "Nguyễn Văn An", "position": "Kế toán", "phone": "0912345678"})
    assert response.status_code == 302
    page = client.get(url)
    assert "Đã đăng ký cho Nguyễn Văn An." in page.text
    assert "Còn 1 chỗ" in page.text
    refused = client.post(url, {"person_name": "Trần Thị Bình"})
    assert "số điện thoại hoặc địa chỉ thư điện tử" in refused.text
    with schema_context(world.province_a.schema_name):
        signup = CourseSignup.objects.get(person_name="Nguyễn Văn An")
    # Another enterprise neither sees nor cancels it.
    other = client_for(world.province_a, course.other_account)
    assert "Nguyễn Văn An" not in other.get(url).text
    assert other.post(f"/programme/courses/signups/{signup.uuid}/cancel/").status_code == 404
    client.post(f"/programme/courses/signups/{signup.uuid}/cancel/")
    with schema_context(world.province_a.schema_name):
        signup.refresh_from_db()
        assert signup.status == SignupStatus.CANCELLED


def test_only_enterprise_accounts_have_the_courses_page_and_only_organisers_the_list(
    world: World, course: Course
) -> None:
    for user in (world.staff_a, course.organiser):
        assert client_for(world.province_a, user).get("/programme/courses/").status_code == 404
    signups = f"/programme/activities/{course.activity.uuid}/signups/"
    assert client_for(world.province_a, course.organiser).get(signups).status_code == 200
    assert client_for(world.province_a, world.staff_a).get(signups).status_code == 200
    for user in (course.stranger, course.account):
        client = client_for(world.province_a, user)
        assert client.get(signups).status_code == 404
        assert client.post(signups + "decide/", {"action": "confirm_all"}).status_code == 404
        assert client.post(signups + "attendance/").status_code == 404
        assert client.post(signups + "export/", {"format": "csv"}).status_code == 404
    province_b = client_for(world.province_b, world.admin_b)
    assert province_b.get(signups).status_code == 404
    assert province_b.get(f"/programme/courses/{course.activity.uuid}/").status_code == 404


def test_the_public_page_shows_seats_left_the_deadline_and_the_sign_up_call(world: World, course: Course) -> None:
    from django.test import Client

    from tests.conftest import host

    page = Client(HTTP_HOST=host(world.province_a)).get("/").text
    assert "Lớp chuyển đổi số cho doanh nghiệp nhỏ" in page
    assert "Còn 2 chỗ" in page
    assert f"Hạn đăng ký: {DEADLINE:%d/%m/%Y}" in page
    assert f'href="/programme/courses/{course.activity.uuid}/"' in page
    # A visitor who follows it is asked to log in, then comes back to the course.
    follow = Client(HTTP_HOST=host(world.province_a)).get(f"/programme/courses/{course.activity.uuid}/")
    assert follow.status_code == 302
    assert follow["Location"].startswith("/accounts/login/?next=/programme/courses/")


def test_the_organiser_confirms_exports_and_marks_attendance_from_the_sign_ups(
    world: World, course: Course, django_capture_on_commit_callbacks: Any
) -> None:
    with schema_context(world.province_a.schema_name):
        an = _sign(course, "Nguyễn Văn An")
        _sign(course, '=HYPERLINK("x")', other=True)
    organiser = client_for(world.province_a, course.organiser)
    base = f"/programme/activities/{course.activity.uuid}/signups/"
    assert "Doanh nghiệp đăng ký tham gia" in organiser.get(f"/programme/activities/{course.activity.uuid}/").text
    organiser.post(base + "decide/", {"action": "confirm_all"})
    with schema_context(world.province_a.schema_name):
        assert set(course.activity.signups.values_list("status", flat=True)) == {SignupStatus.CONFIRMED}
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(base + "export/", {"format": "csv"})
    content = b"".join(organiser.get(response["Location"] + "download/").streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "Nguyễn Văn An" in content
    assert "'=HYPERLINK" in content
    assert KNOWN in content
    # Before the day the sheet cannot be marked; the page says from when.
    refused = organiser.post(base + "attendance/", {"present": [str(an.uuid)]}, follow=True)
    assert "Chỉ điểm danh được từ ngày khai giảng" in refused.text
    with schema_context(world.province_a.schema_name):
        Activity.objects.filter(pk=course.activity.pk).update(starts_on=TODAY, ends_on=TODAY)
    marked = organiser.post(base + "attendance/", {"present": [str(an.uuid)]}, follow=True)
    assert "Đã ghi nhận điểm danh: 1 người có mặt, 1 người vắng mặt." in marked.text
    with schema_context(world.province_a.schema_name):
        assert Participant.objects.get(activity=course.activity, status="attended").person_name == "Nguyễn Văn An"


def test_the_demo_seeds_two_open_courses_with_sign_ups_once_and_the_same_each_time(world: World, db: None) -> None:
    from demo.campaigns import demo_course_signups_ensure

    def seed() -> list[tuple[str, str, str]]:
        Agency.objects.create(key="hh-demo", name="Hiệp hội demo", kind="association")
        Agency.objects.create(key="so-demo", name="Sở demo", kind="department")
        for number in range(20):
            Enterprise.objects.create(tax_code=f"{3600000000 + number * 7919}", name=f"Công ty Demo {number}")
        written = demo_course_signups_ensure(seed="dong-nai", today=TODAY)
        seeded = sorted(CourseSignup.objects.values_list("activity__title", "person_name", "status"))
        assert written == len(seeded) > 4
        return seeded

    class Undo(Exception):
        pass

    with schema_context(world.province_a.schema_name):
        try:
            with transaction.atomic():
                first = seed()
                assert demo_course_signups_ensure(seed="dong-nai", today=TODAY) == 0  # once per province
                assert [offer.activity.title for offer in courses_open(today=TODAY)] == [
                    "Tập huấn chuyển đổi số cho doanh nghiệp nhỏ và vừa (nhận đăng ký)",
                    "Hội thảo trực tuyến: ứng dụng hóa đơn điện tử và chữ ký số (nhận đăng ký)",
                ]
                assert {status for _title, _name, status in first} == {SignupStatus.CONFIRMED, SignupStatus.REQUESTED}
                raise Undo
        except Undo:
            pass
        assert seed() == first  # seeded afresh, the same people
