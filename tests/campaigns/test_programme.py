"""The programme: plans seeded from their documents, the activity log, and attendance kept by
associations (one by one, in bulk, or from a sign-in sheet)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import call_command
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from campaigns.attendance import sheet_apply, sheet_check
from campaigns.models import (
    Activity,
    Agency,
    AttendanceStatus,
    EnterpriseProposal,
    Participant,
    Plan,
    Target,
    TargetUnit,
)
from campaigns.selectors import PLAN_FILES as PLANS
from campaigns.services import plan_load
from core.models import AuditEntry
from enterprises.models import Enterprise, EnterpriseAccount
from enterprises.services import enterprise_save
from enterprises.taxcode import check_digit
from tests.conftest import World, client_for
from tests.enterprises.test_import import xlsx
from tests.factories import UserFactory


def code(nine: str) -> str:
    digit = check_digit(nine)
    assert digit is not None
    return f"{nine}{digit}"


KNOWN, OTHER, BRANCHED, UNKNOWN = code("010010910"), code("010023358"), code("010124315"), code("360047514")


@dataclass
class Scene:
    association: Agency
    other_association: Agency
    department: Agency
    member: User  # works for `association`
    course: Activity  # organised by `association`
    foreign_course: Activity  # organised by `other_association`
    known: Enterprise
    other: Enterprise


@pytest.fixture
def scene(world: World, db: None) -> Scene:
    with schema_context(world.province_a.schema_name):
        association = Agency.objects.create(key="hhdn", name="Hiệp hội Doanh nghiệp tỉnh", kind="association")
        other_association = Agency.objects.create(key="hdnt", name="Hội Doanh nhân trẻ tỉnh", kind="association")
        department = Agency.objects.create(key="so-khcn", name="Sở Khoa học và Công nghệ", kind="department")
        member = UserFactory.create(email="hiephoi@dong-nai.vn", role=Role.ASSOCIATION)
        association.members.add(member)
        known = enterprise_save(enterprise=Enterprise(tax_code=KNOWN, name="Công ty Gỗ Tân Phong"), user=world.admin_a)
        other = enterprise_save(
            enterprise=Enterprise(tax_code=OTHER, name="Công ty Phần mềm Biên Hòa"), user=world.admin_a
        )
        for suffix in ("001", "002"):  # only branches of BRANCHED are registered
            enterprise_save(
                enterprise=Enterprise(
                    tax_code=f"{BRANCHED}-{suffix}", tax_code_kind="branch", name=f"Chi nhánh {suffix}"
                ),
                user=world.admin_a,
            )
        day = date(2026, 5, 20)
        course = Activity.objects.create(
            kind="training", title="Tập huấn DBI", organiser=association, starts_on=day, ends_on=day, status="held"
        )
        foreign = Activity.objects.create(
            kind="training", title="Khóa học của hội khác", organiser=other_association, starts_on=day, ends_on=day
        )
    return Scene(association, other_association, department, member, course, foreign, known, other)


# --- Plans ------------------------------------------------------------------------------------------------


def test_dak_lak_plan_loads_its_eight_tasks_agencies_and_training_target_and_reloading_changes_nothing(
    world: World, db: None
) -> None:
    data = yaml.safe_load((PLANS / "dak-lak.yaml").read_text(encoding="utf-8"))
    with schema_context(world.province_a.schema_name):
        plan = plan_load(data)
        counts = (Plan.objects.count(), plan.tasks.count(), Agency.objects.count(), Target.objects.count())
        plan_load(data)
        assert (Plan.objects.count(), plan.tasks.count(), Agency.objects.count(), Target.objects.count()) == counts
        assert plan.tasks.count() == 8
        trained = Target.objects.filter(unit=TargetUnit.ENTERPRISES_TRAINED)
        assert {(t.minimum, t.maximum, t.per_year) for t in trained} == {(300, 500, True)}
        assert all(task.lead_id for task in plan.tasks.all())
        assert Agency.objects.filter(kind="association").exists()


@pytest.mark.parametrize("slug", ["dong-nai", "thanh-hoa", "dak-lak"])
def test_every_demo_province_plan_file_loads(world: World, db: None, slug: str) -> None:
    with schema_context(world.province_a.schema_name):
        plan = plan_load(yaml.safe_load((PLANS / f"{slug}.yaml").read_text(encoding="utf-8")))
        assert plan.tasks.count() >= 5


def test_staff_see_the_plan_and_an_agency_sees_the_tasks_it_leads(world: World, scene: Scene) -> None:
    data = yaml.safe_load((PLANS / "dak-lak.yaml").read_text(encoding="utf-8"))
    with schema_context(world.province_a.schema_name):
        plan = plan_load(data)
        led = plan.tasks.exclude(lead=None).select_related("lead").first()
        assert led is not None
        assert led.lead is not None
        led.lead.members.add(scene.member)
    page = client_for(world.province_a, world.staff_a).get(f"/programme/plans/{plan.uuid}/").content.decode()
    assert "300–500" in page
    assert led.title in page
    member = client_for(world.province_a, scene.member)
    assert member.get(f"/programme/plans/{plan.uuid}/").status_code == 404
    assert led.title in member.get("/programme/tasks/mine/").content.decode()


# --- Visibility ---------------------------------------------------------------------------------------------


def test_an_association_sees_only_its_own_courses_and_never_browses_the_registry(world: World, scene: Scene) -> None:
    member = client_for(world.province_a, scene.member)
    listing = member.get("/programme/activities/").content.decode()
    assert "Tập huấn DBI" in listing
    assert "Khóa học của hội khác" not in listing
    assert member.get(f"/programme/activities/{scene.foreign_course.uuid}/").status_code == 404
    assert member.post(f"/programme/activities/{scene.foreign_course.uuid}/participants/", {}).status_code == 404
    assert member.get("/enterprises/").status_code == 404
    assert member.get(f"/enterprises/{scene.known.uuid}/").status_code == 404
    # The lookup names the one enterprise a tax code belongs to, and nothing else.
    found = member.get(f"/programme/activities/{scene.course.uuid}/lookup/", {"tax_code": KNOWN}).content.decode()
    assert "Công ty Gỗ Tân Phong" in found
    assert "Biên Hòa" not in found
    partial = member.get(f"/programme/activities/{scene.course.uuid}/lookup/", {"tax_code": "0100"}).content.decode()
    assert "Công ty" not in partial


def test_an_enterprise_account_and_a_stranger_see_no_activity(world: World, scene: Scene) -> None:
    with schema_context(world.province_a.schema_name):
        owner = UserFactory.create(email="dn@go-tan-phong.vn", role=Role.ENTERPRISE)
        EnterpriseAccount.objects.create(user=owner, enterprise=scene.known)
    client = client_for(world.province_a, owner)
    assert client.get("/programme/activities/").status_code == 404
    assert client.get(f"/programme/activities/{scene.course.uuid}/").status_code == 404


# --- One by one, in bulk ---------------------------------------------------------------------------------------


def test_association_adds_people_by_tax_code_and_marks_attendance_in_bulk(world: World, scene: Scene) -> None:
    member = client_for(world.province_a, scene.member)
    url = f"/programme/activities/{scene.course.uuid}/"
    person = {"person_name": "Nguyễn Văn An", "position": "Giám đốc", "phone": "0912345678", "email": ""}
    member.post(url + "participants/", {"tax_code": KNOWN, **person})
    member.post(url + "participants/", {"tax_code": KNOWN, **person, "person_name": "nguyễn văn  an"})  # same person
    member.post(url + "participants/", {"tax_code": OTHER, **person, "person_name": "Trần Thị Bình"})
    refused = member.post(url + "participants/", {"tax_code": UNKNOWN, **person}, follow=True).content.decode()
    assert "không có trong danh bạ doanh nghiệp của tỉnh" in refused
    with schema_context(world.province_a.schema_name):
        participants = list(scene.course.participants.order_by("person_name"))
        assert [p.person_name for p in participants] == ["Nguyễn Văn An", "Trần Thị Bình"]
        # The course was held: whoever is added to it one by one came.
        assert {p.status for p in participants} == {AttendanceStatus.ATTENDED}
    member.post(url + "attendance/", {"participants": [str(p.uuid) for p in participants], "status": "absent"})
    with schema_context(world.province_a.schema_name):
        assert set(scene.course.participants.values_list("status", flat=True)) == {"absent"}
        assert AuditEntry.objects.filter(action="participant.mark", actor=scene.member).exists()


def test_a_cancelled_activity_takes_no_participants(world: World, scene: Scene) -> None:
    with schema_context(world.province_a.schema_name):
        scene.course.status = "cancelled"
        scene.course.save()
    member = client_for(world.province_a, scene.member)
    response = member.post(
        f"/programme/activities/{scene.course.uuid}/participants/",
        {"tax_code": KNOWN, "person_name": "Nguyễn Văn An"},
        follow=True,
    )
    assert "Hoạt động này đã bị hủy" in response.content.decode()
    with schema_context(world.province_a.schema_name):
        assert not scene.course.participants.exists()


def test_staff_record_an_activity_and_bad_dates_or_negative_figures_are_refused(world: World, scene: Scene) -> None:
    staff = client_for(world.province_a, world.staff_a)
    form = {
        "kind": "outreach", "title": "Phóng sự chuyển đổi số", "status": "held", "organiser": scene.department.pk,
        "starts_on": "2026-06-10", "ends_on": "2026-06-01", "reach": "-5", "cost": "-1",
    }  # fmt: skip
    page = staff.post("/programme/activities/new/", form).content.decode()
    assert "Ngày kết thúc trước ngày bắt đầu" in page
    assert "Không được là số âm" in page
    with schema_context(world.province_a.schema_name):
        assert not Activity.objects.filter(title="Phóng sự chuyển đổi số").exists()
    response = staff.post(
        "/programme/activities/new/", form | {"ends_on": "2026-06-10", "reach": "12000", "cost": "15"}
    )
    assert response.status_code == 302
    with schema_context(world.province_a.schema_name):
        assert Activity.objects.get(title="Phóng sự chuyển đổi số").reach == 12000


# --- Sign-in sheets ------------------------------------------------------------------------------------------------


SHEET_HEADERS = ["STT", "Mã số thuế", "Tên doanh nghiệp", "Họ và tên", "Chức vụ", "Điện thoại"]


def sheet(tmp_path: Path) -> Path:
    return xlsx(
        tmp_path / "diem-danh.xlsx",
        SHEET_HEADERS,
        [
            [1, KNOWN, "Gỗ Tân Phong", "Nguyễn Văn An", "Giám đốc", "0912345678"],
            [2, KNOWN, "Gỗ Tân Phong", "NGUYỄN VĂN AN", "", ""],  # the same person again
            [3, OTHER, "Phần mềm Biên Hòa", "Trần Thị Bình", "Kế toán", ""],
            [4, "0100109107", "Sai số", "Lê Văn Cường", "", ""],  # bad check digit
            [5, UNKNOWN, "Công ty Mới Đắk Lắk", "Phạm Thị Dung", "", ""],  # not in this registry
            [6, BRANCHED, "Có chi nhánh", "Hoàng Văn Em", "", ""],  # only its branches are registered
            [7, UNKNOWN, "Công ty Mới Đắk Lắk", "Đỗ Văn Giang", "", ""],  # a second person of the unknown one
        ],
    )


def test_sign_in_sheet_attaches_only_what_it_can_name_and_uploading_it_again_changes_nothing(
    world: World, scene: Scene, tmp_path: Path
) -> None:
    path = sheet(tmp_path)
    with schema_context(world.province_a.schema_name):
        report = sheet_check(activity=scene.course, path=path, filename=path.name)
        assert report.summary() == {"matched": 2, "created": 2, "rejected": 4, "ambiguous": 1}
        reasons = {row.row: row.reason for row in report.rows if row.reason}
        assert "dòng 2" in reasons[3]  # the duplicate names the first row
        assert "số kiểm tra" in reasons[5]
        assert "không có trong danh bạ" in reasons[6]
        assert "chỉ có chi nhánh" in reasons[7]
        assert f"{BRANCHED}-001" in reasons[7]
        assert not scene.course.participants.exists()  # the check writes nothing

        sheet_apply(activity=scene.course, path=path, filename=path.name, user=scene.member, propose_unknown=True)
        assert sorted(scene.course.participants.values_list("enterprise__tax_code", "person_name", "status")) == [
            (KNOWN, "Nguyễn Văn An", "attended"),
            (OTHER, "Trần Thị Bình", "attended"),
        ]
        snapshot = list(Participant.objects.values_list("pk", "updated_at"))
        again = sheet_apply(
            activity=scene.course, path=path, filename=path.name, user=scene.member, propose_unknown=True
        )
        assert again.count("create", "update") == 0
        assert list(Participant.objects.values_list("pk", "updated_at")) == snapshot
        assert EnterpriseProposal.objects.filter(tax_code=UNKNOWN, status="pending").count() == 1


def test_a_proposed_enterprise_joins_the_registry_and_the_course_once_staff_accept(
    world: World, scene: Scene, tmp_path: Path
) -> None:
    path = sheet(tmp_path)
    with schema_context(world.province_a.schema_name):
        sheet_apply(activity=scene.course, path=path, filename=path.name, user=scene.member, propose_unknown=True)
        proposal = EnterpriseProposal.objects.get(tax_code=UNKNOWN)
    staff = client_for(world.province_a, world.staff_a)
    assert "Công ty Mới Đắk Lắk" in staff.get("/programme/proposals/").content.decode()
    staff.post("/programme/proposals/", {"proposal": str(proposal.uuid), "accept": "1"})
    with schema_context(world.province_a.schema_name):
        added = Enterprise.objects.get(tax_code=UNKNOWN)
        assert added.name == "Công ty Mới Đắk Lắk"
        assert sorted(scene.course.participants.filter(enterprise=added).values_list("person_name", flat=True)) == [
            "Phạm Thị Dung",
            "Đỗ Văn Giang",
        ]
    # An association cannot decide proposals.
    assert client_for(world.province_a, scene.member).get("/programme/proposals/").status_code == 404


def test_association_uploads_a_sheet_previews_and_confirms_it_in_the_browser(
    world: World, scene: Scene, tmp_path: Path
) -> None:
    member = client_for(world.province_a, scene.member)
    with sheet(tmp_path).open("rb") as upload:
        response = member.post(f"/programme/activities/{scene.course.uuid}/sheets/", {"file": upload})
    assert response.status_code == 302
    preview = member.get(response["Location"]).content.decode()
    assert "không có trong danh bạ" in preview
    assert "Nguyễn Văn An" in preview
    with schema_context(world.province_a.schema_name):
        assert not scene.course.participants.exists()
    member.post(response["Location"], {})
    with schema_context(world.province_a.schema_name):
        assert scene.course.participants.count() == 2
        assert AuditEntry.objects.filter(action="attendance.import", actor=scene.member).exists()


def test_a_file_that_is_not_a_sheet_is_refused_with_a_message(world: World, scene: Scene, tmp_path: Path) -> None:
    bad = tmp_path / "danh-sach.xlsx"
    bad.write_bytes(b"not a workbook")
    member = client_for(world.province_a, scene.member)
    with bad.open("rb") as upload:
        page = member.post(f"/programme/activities/{scene.course.uuid}/sheets/", {"file": upload}, follow=True)
    assert "bị hỏng hoặc không phải bảng tính" in page.content.decode()


def test_import_attendance_command_prints_the_summary_and_exits_by_outcome(
    world: World, scene: Scene, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = sheet(tmp_path)
    with pytest.raises(SystemExit) as exited:
        call_command("import_attendance", str(path), province="dong-nai", activity=str(scene.course.uuid), dry_run=True)
    assert exited.value.code == 1
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary == {"matched": 2, "created": 2, "rejected": 4, "ambiguous": 1}
    with schema_context(world.province_a.schema_name):
        assert not scene.course.participants.exists()
    clean = xlsx(tmp_path / "ok.xlsx", SHEET_HEADERS, [[1, KNOWN, "", "Nguyễn Văn An", "", ""]])
    call_command("import_attendance", str(clean), province="dong-nai", activity=str(scene.course.uuid))
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["created"] == 1
    with pytest.raises(SystemExit) as exited:  # another province's activity
        call_command("import_attendance", str(clean), province="thanh-hoa", activity=str(scene.course.uuid))
    assert exited.value.code == 2


# --- The enterprise's own page ---------------------------------------------------------------------------------


def test_an_enterprise_sees_the_courses_its_people_attended(world: World, scene: Scene) -> None:
    with schema_context(world.province_a.schema_name):
        owner = UserFactory.create(email="giamdoc@go-tan-phong.vn", role=Role.ENTERPRISE)
        EnterpriseAccount.objects.create(user=owner, enterprise=scene.known)
        Participant.objects.create(
            activity=scene.course, enterprise=scene.known, person_name="Nguyễn Văn An", person_key="nguyen van an",
            status="attended",
        )  # fmt: skip
        Participant.objects.create(
            activity=scene.foreign_course, enterprise=scene.other, person_name="Trần Thị Bình",
            person_key="tran thi binh",
        )  # fmt: skip
    page = client_for(world.province_a, owner).get("/programme/attended/").content.decode()
    assert "Tập huấn DBI" in page
    assert "Nguyễn Văn An" in page
    assert "Khóa học của hội khác" not in page
    staff_page = client_for(world.province_a, world.staff_a).get(f"/enterprises/{scene.known.uuid}/").content.decode()
    assert "Tập huấn DBI" in staff_page


# --- Exports ---------------------------------------------------------------------------------------------------------


def test_an_association_exports_its_course_participants_with_formulas_kept_as_text(
    world: World, scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    with schema_context(world.province_a.schema_name):
        Participant.objects.create(
            activity=scene.course, enterprise=scene.known, person_name='=HYPERLINK("http://x")', person_key="x"
        )
    member = client_for(world.province_a, scene.member)
    with django_capture_on_commit_callbacks(execute=True):
        response = member.post(f"/programme/activities/{scene.course.uuid}/export/", {"format": "csv"})
    assert response.status_code == 302
    content = b"".join(member.get(response["Location"] + "download/").streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "'=HYPERLINK" in content
    assert KNOWN in content
    assert (
        member.post(f"/programme/activities/{scene.foreign_course.uuid}/export/", {"format": "csv"}).status_code == 404
    )


def test_the_activity_log_export_holds_only_what_the_user_may_see(
    world: World, scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    member = client_for(world.province_a, scene.member)
    with django_capture_on_commit_callbacks(execute=True):
        response = member.post("/programme/activities/export/", {"format": "csv"})
    content = b"".join(member.get(response["Location"] + "download/").streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
    assert "Tập huấn DBI" in content
    assert "Khóa học của hội khác" not in content


def test_the_sheet_can_carry_certificates_and_documents_attach_to_the_activity(
    world: World, scene: Scene, tmp_path: Path
) -> None:
    path = xlsx(
        tmp_path / "chung-nhan.xlsx",
        ["Mã số thuế", "Họ và tên", "Số chứng nhận", "Điểm danh"],
        [[KNOWN, "Nguyễn Văn An", "CN-2026-001", "Có mặt"], [OTHER, "Trần Thị Bình", "", "vắng có phép"]],
    )
    with schema_context(world.province_a.schema_name):
        sheet_apply(activity=scene.course, path=path, filename=path.name, user=scene.member)
        assert sorted(scene.course.participants.values_list("person_name", "certificate_number", "status")) == [
            ("Nguyễn Văn An", "CN-2026-001", "attended"),
            ("Trần Thị Bình", "", "excused"),
        ]
    member = client_for(world.province_a, scene.member)
    url = f"/programme/activities/{scene.course.uuid}/documents/"
    script = tmp_path / "trang.html"
    script.write_text("<script>alert(1)</script>")
    with script.open("rb") as upload:
        refused = member.post(url, {"title": "Trang", "file": upload}, follow=True).content.decode()
    assert "Chỉ đính kèm được tệp PDF" in refused
    report = tmp_path / "bao-cao.pdf"
    report.write_bytes(b"%PDF-1.4 bao cao")
    with report.open("rb") as upload:
        member.post(url, {"title": "Báo cáo kết quả lớp học", "file": upload})
    page = member.get(f"/programme/activities/{scene.course.uuid}/").content.decode()
    assert "Báo cáo kết quả lớp học" in page
    with schema_context(world.province_a.schema_name):
        document = scene.course.documents.get()
    download = member.get(f"/programme/activities/{scene.course.uuid}/documents/{document.uuid}/")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 bao cao"  # type: ignore[attr-defined]
    other = client_for(world.province_a, world.staff_a)
    assert other.get(f"/programme/activities/{scene.foreign_course.uuid}/documents/{document.uuid}/").status_code == 404


def test_merging_duplicates_that_share_a_course_keeps_one_participant(world: World, scene: Scene) -> None:
    from enterprises.services import enterprise_merge

    with schema_context(world.province_a.schema_name):
        for enterprise in (scene.known, scene.other):  # the same person signed in under both records
            Participant.objects.create(
                activity=scene.course, enterprise=enterprise, person_name="Nguyễn Văn An", person_key="nguyen van an"
            )
        Participant.objects.create(
            activity=scene.course, enterprise=scene.other, person_name="Trần Thị Bình", person_key="tran thi binh"
        )
        enterprise_merge(keep=scene.known, merged=scene.other, user=world.admin_a)
        assert sorted(scene.course.participants.values_list("enterprise__tax_code", "person_name")) == [
            (KNOWN, "Nguyễn Văn An"),
            (KNOWN, "Trần Thị Bình"),
        ]


def test_an_activity_with_people_cannot_be_cancelled_or_change_kind(world: World, scene: Scene) -> None:
    with schema_context(world.province_a.schema_name):
        Participant.objects.create(
            activity=scene.course, enterprise=scene.known, person_name="An", person_key="an", status="registered"
        )
    staff = client_for(world.province_a, world.staff_a)
    form = {
        "kind": "training", "title": "Tập huấn DBI", "status": "cancelled", "organiser": scene.association.pk,
        "starts_on": "2026-05-20", "ends_on": "2026-05-20",
    }  # fmt: skip
    page = staff.post(f"/programme/activities/{scene.course.uuid}/edit/", form).content.decode()
    assert "trước khi hủy" in page
    changed = staff.post(
        f"/programme/activities/{scene.course.uuid}/edit/", form | {"status": "held", "kind": "outreach"}
    )
    assert "không thể đổi hình thức" in changed.content.decode()
    with schema_context(world.province_a.schema_name):
        scene.course.refresh_from_db()
        assert (scene.course.kind, scene.course.status) == ("training", "held")


def test_a_name_longer_than_the_register_allows_is_rejected_at_the_check(
    world: World, scene: Scene, tmp_path: Path
) -> None:
    path = xlsx(tmp_path / "dai.xlsx", ["Mã số thuế", "Họ và tên"], [[KNOWN, "An " * 100]])
    with schema_context(world.province_a.schema_name):
        report = sheet_apply(activity=scene.course, path=path, filename=path.name, user=scene.member)
        assert report.summary()["rejected"] == 1
        assert "dài quá 200 ký tự" in report.rows[0].reason
        assert not scene.course.participants.exists()


def test_an_association_exports_its_activities_without_the_departments_costs(
    world: World, scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    with schema_context(world.province_a.schema_name):
        Activity.objects.filter(pk=scene.course.pk).update(cost=123)
    for user, shown in ((scene.member, False), (world.staff_a, True)):
        client = client_for(world.province_a, user)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/programme/activities/export/", {"format": "csv"})
        content = b"".join(client.get(response["Location"] + "download/").streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
        assert ("Kinh phí (triệu đồng)" in content) is shown


def test_a_sheet_with_titles_worded_otherwise_is_read_and_its_preview_shows_the_status_in_words(
    world: World, scene: Scene, tmp_path: Path
) -> None:
    headers = ["TT", "Mã số DN", "Tên doanh nghiệp (tiếng Việt)", "HỌ VÀ TÊN ĐẠI BIỂU", "Chức vụ:", "Điểm danh"]
    path = xlsx(tmp_path / "dd.xlsx", headers, [[1, KNOWN, "Gỗ Tân Phong", "Nguyễn Văn An", "Giám đốc", "có mặt"]])
    with schema_context(world.province_a.schema_name):
        report = sheet_check(activity=scene.course, path=path, filename=path.name)
    assert report.summary()["created"] == 1
    assert (report.rows[0].person["person_name"], report.rows[0].person["position"]) == ("Nguyễn Văn An", "Giám đốc")
    member = client_for(world.province_a, scene.member)
    with path.open("rb") as upload:
        response = member.post(f"/programme/activities/{scene.course.uuid}/sheets/", {"file": upload})
    preview = member.get(response["Location"]).content.decode()
    assert "<td>Có mặt</td>" in preview
    assert "attended" not in preview
    member.cookies["django_language"] = "en"
    assert "<td>Attended</td>" in member.get(response["Location"]).content.decode()


def test_a_sheet_whose_tax_code_title_is_not_recognised_offers_the_column_choice(
    world: World, scene: Scene, tmp_path: Path
) -> None:
    headers = ["TT", "Số hiệu đơn vị", "Họ và tên", "Ghi chú"]
    path = xlsx(tmp_path / "dd.xlsx", headers, [[1, KNOWN, "Nguyễn Văn An", "đến muộn"]])
    member = client_for(world.province_a, scene.member)
    with path.open("rb") as upload:
        response = member.post(f"/programme/activities/{scene.course.uuid}/sheets/", {"file": upload})
    assert response.status_code == 302
    preview = member.get(response["Location"]).content.decode()
    assert "Không có cột cho: Mã số thuế" in preview
    assert 'aria-label="Số hiệu đơn vị"' in preview  # each column has its choice
    assert "Xác nhận" not in preview  # nothing to confirm until the columns are chosen
    # Confirming anyway writes nothing, and says why.
    refused = member.post(response["Location"], {}, follow=True).content.decode()
    assert "Không có cột cho: Mã số thuế" in refused
    with schema_context(world.province_a.schema_name):
        assert not scene.course.participants.exists()
    member.post(
        response["Location"],
        {"title": ["TT", "Số hiệu đơn vị", "Họ và tên", "Ghi chú"], "field": ["", "tax_code", "person_name", ""]},
    )
    preview = member.get(response["Location"]).content.decode()
    assert "Không có cột cho" not in preview
    assert "Nguyễn Văn An" in preview
    member.post(response["Location"], {})
    with schema_context(world.province_a.schema_name):
        assert list(scene.course.participants.values_list("enterprise__tax_code", "person_name")) == [
            (KNOWN, "Nguyễn Văn An")
        ]


def test_import_attendance_lists_the_columns_it_used_and_ignored_and_takes_forced_columns(
    world: World, scene: Scene, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    headers = ["TT", "Số hiệu đơn vị", "Họ và tên", "Ghi chú"]
    path = xlsx(tmp_path / "dd.xlsx", headers, [[1, KNOWN, "Nguyễn Văn An", "đến muộn"]])
    with pytest.raises(SystemExit) as exited:
        call_command("import_attendance", str(path), province="dong-nai", activity=str(scene.course.uuid))
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "“Họ và tên” → person_name" in err
    assert "ignored column “Số hiệu đơn vị”" in err
    assert "ignored column “Ghi chú”" in err
    assert "Không có cột cho: Mã số thuế" in err  # what is missing, in both languages
    assert "No column for: Tax code" in err
    call_command(
        "import_attendance", str(path), province="dong-nai", activity=str(scene.course.uuid),
        columns="Số hiệu đơn vị=tax_code",
    )  # fmt: skip
    captured = capsys.readouterr()
    assert "“Số hiệu đơn vị” → tax_code" in captured.err
    assert json.loads(captured.out.strip().splitlines()[-1])["created"] == 1
    with pytest.raises(SystemExit) as exited:
        call_command(
            "import_attendance", str(path), province="dong-nai", activity=str(scene.course.uuid), columns="X=nothing"
        )
    assert exited.value.code == 2


def test_someone_added_to_a_planned_course_is_registered_not_counted_as_attending(world: World, scene: Scene) -> None:
    with schema_context(world.province_a.schema_name):
        scene.course.status = "planned"
        scene.course.save()
    member = client_for(world.province_a, scene.member)
    member.post(
        f"/programme/activities/{scene.course.uuid}/participants/", {"tax_code": KNOWN, "person_name": "Nguyễn Văn An"}
    )
    with schema_context(world.province_a.schema_name):
        assert list(scene.course.participants.values_list("status", flat=True)) == [AttendanceStatus.REGISTERED]
