"""Partner agencies work in the portal (issue 18): the department invites their people, who log
their own activities and send their yearly updates; staff see who has reported and remind the others;
a commune's people see the registry of their wards only."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from assessments.models import Assessment
from assessments.selectors import model_version_published
from campaigns.models import Activity, Agency, Plan, Task, TaskUpdate, UpdateReminder
from campaigns.services import agency_remind, agency_set_member, agency_set_wards
from enterprises.models import Enterprise
from reference.models import Ward
from tenants.models import Province
from tests.conftest import World, client_for, host
from tests.factories import UserFactory


@pytest.fixture
def plan(world: World, db: None) -> dict[str, Any]:
    """A plan in force with a task led by Sở KH&ĐT, outreach by a newspaper (with the radio station)."""
    Province.objects.filter(pk=world.province_a.pk).update(agency_report_day=15, agency_report_month=11)
    with schema_context(world.province_a.schema_name):
        sokhdt = Agency.objects.create(key="so-khdt", name="Sở Kế hoạch và Đầu tư", kind="department")
        paper = Agency.objects.create(key="bao", name="Báo Đồng Nai", kind="other")
        radio = Agency.objects.create(key="dai", name="Đài Phát thanh và Truyền hình", kind="other")
        plan = Plan.objects.create(number="133/KH-UBND", title="Kế hoạch", start_year=2022, end_year=2030)
        survey = Task.objects.create(plan=plan, number="2", title="Khảo sát doanh nghiệp", lead=sokhdt, position=1)
        outreach = Task.objects.create(plan=plan, number="8", title="Tuyên truyền", lead=paper, position=2)
        outreach.coordinating.add(radio)
        journalist = UserFactory.create(email="pv@baodongnai.vn", role=Role.ASSOCIATION)
        paper.members.add(journalist)
        return {"sokhdt": sokhdt, "paper": paper, "radio": radio, "survey": survey, "outreach": outreach,
                "journalist": journalist}  # fmt: skip


def test_the_department_invites_a_person_of_any_agency(
    world: World, plan: dict[str, Any], mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    staff = client_for(world.province_a, world.staff_a)
    url = f"/programme/agencies/{plan['radio'].uuid}/"
    nameless = staff.post(url, {"action": "invite", "email": "bt@dai.vn", "full_name": ""})
    assert "Nhập họ và tên" in nameless.text  # a new account needs its person's name
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(url, {"action": "invite", "email": "BT@dai.vn", "full_name": "Trần Biên Tập"})
    assert response.status_code == 302
    with schema_context(world.province_a.schema_name):
        invited = User.objects.get(email="bt@dai.vn")
        assert invited.role == Role.ASSOCIATION
        assert not invited.has_usable_password()
        assert list(invited.agencies.all()) == [plan["radio"]]
    assert mailoutbox[-1].to == ["bt@dai.vn"]
    assert "Cán bộ cơ quan phối hợp" in mailoutbox[-1].body
    # An existing partner account is added to a second agency without a new invitation.
    sent = len(mailoutbox)
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(f"/programme/agencies/{plan['paper'].uuid}/", {"action": "invite", "email": "bt@dai.vn"})
    assert len(mailoutbox) == sent
    with schema_context(world.province_a.schema_name):
        assert plan["paper"].members.filter(email="bt@dai.vn").exists()
    # Only the department invites.
    journalist = client_for(world.province_a, plan["journalist"])
    assert journalist.post(url, {"action": "invite", "email": "x@dai.vn", "full_name": "X"}).status_code == 404


def test_an_agency_logs_its_own_outreach_and_sees_only_its_activities(world: World, plan: dict[str, Any]) -> None:
    day = date(2026, 5, 4)
    with schema_context(world.province_a.schema_name):
        theirs = Activity.objects.create(
            kind="workshop", title="Hội thảo của Sở", organiser=plan["sokhdt"], starts_on=day, ends_on=day
        )
    journalist = client_for(world.province_a, plan["journalist"])
    assert journalist.get("/")["Location"] == "/programme/tasks/mine/"  # the agency's home is its tasks
    form = {
        "kind": "outreach", "title": "Loạt bài chuyển đổi số", "status": "held", "task": str(plan["outreach"].pk),
        "organiser": str(plan["paper"].pk), "starts_on": "2026-05-01", "ends_on": "2026-05-31",
        "reach": "120000", "channel": "Báo in và báo điện tử",
    }  # fmt: skip
    refused = journalist.post("/programme/activities/new/", form | {"organiser": str(plan["sokhdt"].pk)})
    assert refused.status_code == 200  # another agency is not among the choices
    response = journalist.post("/programme/activities/new/", form)
    assert response.status_code == 302
    with schema_context(world.province_a.schema_name):
        mine = Activity.objects.get(title="Loạt bài chuyển đổi số")
        assert (mine.organiser, mine.reach, mine.channel) == (plan["paper"], 120000, "Báo in và báo điện tử")
    listed = journalist.get("/programme/activities/").text
    assert "Loạt bài chuyển đổi số" in listed
    assert "Hội thảo của Sở" not in listed
    assert journalist.get(f"/programme/activities/{theirs.uuid}/").status_code == 404
    assert journalist.get(f"/programme/activities/{theirs.uuid}/edit/").status_code == 404
    edited = journalist.post(f"/programme/activities/{mine.uuid}/edit/", form | {"reach": "150000"})
    assert edited.status_code == 302
    # The department sees and edits every agency's activities.
    staff = client_for(world.province_a, world.staff_a)
    assert "Loạt bài chuyển đổi số" in staff.get("/programme/activities/").text
    assert staff.get(f"/programme/activities/{mine.uuid}/edit/").status_code == 200
    # Province B sees nothing of it.
    assert client_for(world.province_b, world.admin_b).get(f"/programme/activities/{mine.uuid}/").status_code == 404


def test_a_coordinating_agency_sends_its_update_with_an_attachment(world: World, plan: dict[str, Any]) -> None:
    with schema_context(world.province_a.schema_name):
        editor = UserFactory.create(email="bt2@dai.vn", role=Role.ASSOCIATION)
        plan["radio"].members.add(editor)
    client = client_for(world.province_a, editor)
    year = date.today().year
    home = client.get("/programme/tasks/mine/").text
    assert "Tuyên truyền" in home
    assert "Khảo sát doanh nghiệp" not in home
    assert "Gửi báo cáo" in home
    upload = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    response = client.post(
        f"/programme/tasks/{plan['outreach'].uuid}/",
        {"agency": str(plan["radio"].pk), "year": str(year), "progress": "70", "narrative": "Phát 12 phóng sự",
         "figures": "12 phóng sự", "attachment": upload},
    )  # fmt: skip
    assert response.status_code == 302
    with schema_context(world.province_a.schema_name):
        update = TaskUpdate.objects.get(task=plan["outreach"], agency=plan["radio"], year=year)
        assert update.attachment
        assert update.submitted_by == editor
    assert "Sửa báo cáo" in client.get("/programme/tasks/mine/").text
    assert client.get(f"/programme/updates/{update.uuid}/attachment/").status_code == 200
    # A task their agency has no part in stays hidden.
    assert client.get(f"/programme/tasks/{plan['survey'].uuid}/").status_code == 404


def test_staff_see_who_reported_and_remind_once_a_day(
    world: World, plan: dict[str, Any], mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with schema_context(world.province_a.schema_name):
        second = UserFactory.create(email="tk@baodongnai.vn", role=Role.ASSOCIATION)
        plan["paper"].members.add(second)
        TaskUpdate.objects.create(
            task=plan["survey"], agency=plan["sokhdt"], year=2026, progress=100, narrative="Đã khảo sát"
        )
        from campaigns.selectors import agency_reports

        states = {report.agency.name: report.state for report in agency_reports(year=2026, today=date(2026, 11, 20))}
        assert states == {"Sở Kế hoạch và Đầu tư": "reported", "Báo Đồng Nai": "overdue",
                          "Đài Phát thanh và Truyền hình": "overdue"}  # fmt: skip
        before = agency_reports(year=2026, today=date(2026, 11, 10))
        assert {report.state for report in before if report.agency == plan["paper"]} == {"pending"}
        with django_capture_on_commit_callbacks(execute=True):
            assert agency_remind(agency=plan["paper"], year=2026, user=world.staff_a, today=date(2026, 11, 20)) == 1
            assert agency_remind(agency=plan["paper"], year=2026, user=world.staff_a, today=date(2026, 11, 20)) == 0
        assert sorted(message.to[0] for message in mailoutbox) == ["pv@baodongnai.vn", "tk@baodongnai.vn"]
        assert "Tuyên truyền" in mailoutbox[0].body
        with django_capture_on_commit_callbacks(execute=True):
            assert agency_remind(agency=plan["paper"], year=2026, user=world.staff_a, today=date(2026, 11, 21)) == 1
        assert len(mailoutbox) == 4  # the next day, again: one e-mail per person
        assert UpdateReminder.objects.filter(agency=plan["paper"], year=2026).count() == 2
    staff = client_for(world.province_a, world.staff_a)
    page = staff.get("/programme/agencies/reports/", {"year": "2026"})
    assert page.status_code == 200
    assert "Báo Đồng Nai" in page.text
    assert "Đã báo cáo" in page.text
    # The radio station has nobody with an account: the page says so instead of sending nothing silently.
    refused = staff.post("/programme/agencies/reports/", {"year": "2026", "agency": str(plan["radio"].uuid)})
    assert refused.status_code == 302
    assert "chưa có tài khoản" in staff.get(refused["Location"]).text
    assert client_for(world.province_a, plan["journalist"]).get("/programme/agencies/reports/").status_code == 404


def test_staff_remind_every_overdue_agency_at_once(
    world: World, plan: dict[str, Any], mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    from campaigns.services import agencies_remind_overdue

    with schema_context(world.province_a.schema_name):
        radio_editor = UserFactory.create(email="bt3@dai.vn", role=Role.ASSOCIATION)
        plan["radio"].members.add(radio_editor)
        with django_capture_on_commit_callbacks(execute=True):
            # Sở KH&ĐT has nobody with an account: two agencies written to, one e-mail per person.
            assert agencies_remind_overdue(year=2026, user=world.staff_a, today=date(2026, 11, 20)) == 2
            assert agencies_remind_overdue(year=2026, user=world.staff_a, today=date(2026, 11, 20)) == 0
        assert sorted(message.to[0] for message in mailoutbox) == ["bt3@dai.vn", "pv@baodongnai.vn"]
        with django_capture_on_commit_callbacks(execute=True):
            assert agencies_remind_overdue(year=2026, user=world.staff_a, today=date(2026, 11, 10)) == 0  # not late yet
    elsewhere = client_for(world.province_b, world.admin_b).get("/programme/agencies/reports/")
    assert "Báo Đồng Nai" not in elsewhere.text


def test_a_commune_sees_the_registry_of_its_wards_only(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        wards = list(Ward.objects.filter(province__code="75").order_by("code")[:3])
        commune = Agency.objects.create(key="ubnd-xa", name="UBND xã Phú Lý", kind="commune")
        officer = UserFactory.create(email="ubnd@phuly.vn", role=Role.ASSOCIATION)
        agency_set_member(agency=commune, member=officer, add=True, user=world.staff_a)
        agency_set_wards(agency=commune, ward_codes=[wards[0].code, wards[1].code], user=world.staff_a)
        ours = Enterprise.objects.create(tax_code="0100109106", name="Công ty Trong Xã", ward=wards[0])
        other = Enterprise.objects.create(tax_code="0100233583", name="Công ty Ngoài Xã", ward=wards[2])
        version = model_version_published(key="qd1970-sme")
        our_result = Assessment.objects.create(enterprise=ours, version=version, state="submitted")
        other_result = Assessment.objects.create(enterprise=other, version=version, state="submitted")
        assert User.objects.get(pk=officer.pk).ward_codes == sorted([wards[0].code, wards[1].code])
    client = client_for(world.province_a, officer)
    listed = client.get("/enterprises/")
    assert listed.status_code == 200
    assert "Công ty Trong Xã" in listed.text
    assert "Công ty Ngoài Xã" not in listed.text
    assert client.get("/enterprises/", {"ward": wards[2].code}).text.count("Công ty Ngoài Xã") == 0
    assert client.get(f"/enterprises/{ours.uuid}/").status_code == 200
    assert client.get(f"/enterprises/{other.uuid}/").status_code == 404
    assert client.get(f"/assessments/{our_result.uuid}/").status_code == 200
    assert client.get(f"/assessments/{other_result.uuid}/").status_code == 404
    # Nothing else of the province: no export, no assessment list, no dashboard figures.
    assert client.post("/enterprises/export/", {"format": "csv"}).status_code == 404
    assert client.get("/assessments/").status_code == 404
    # Another province's site does not know this account.
    client.defaults["HTTP_HOST"] = host(world.province_b)
    assert client.get("/enterprises/").status_code == 302
    # Leaving the commune ends the scope.
    with schema_context(world.province_a.schema_name):
        agency_set_member(agency=commune, member=officer, add=False, user=world.staff_a)
    assert client_for(world.province_a, officer).get("/enterprises/").status_code == 404


def test_only_a_commune_gets_wards_and_only_of_its_province(world: World, db: None) -> None:
    from core.errors import ApplicationError

    with schema_context(world.province_a.schema_name):
        paper = Agency.objects.create(key="bao2", name="Báo 2", kind="other")
        commune = Agency.objects.create(key="xa2", name="UBND xã 2", kind="commune")
        here = Ward.objects.filter(province__code="75").first()
        elsewhere = Ward.objects.filter(province__code="38").first()
        assert here is not None
        assert elsewhere is not None
        with pytest.raises(ApplicationError, match="commune"):
            agency_set_wards(agency=paper, ward_codes=[here.code], user=world.staff_a)
        with pytest.raises(ApplicationError, match=elsewhere.code):
            agency_set_wards(agency=commune, ward_codes=[elsewhere.code], user=world.staff_a)
        assert Agency.objects.get(pk=commune.pk).ward_codes == []
    staff = client_for(world.province_a, world.staff_a)
    response = staff.post(f"/programme/agencies/{commune.uuid}/", {"action": "wards", "wards": [here.code]})
    assert response.status_code == 302
    with schema_context(world.province_a.schema_name):
        assert Agency.objects.get(pk=commune.pk).ward_codes == [here.code]
