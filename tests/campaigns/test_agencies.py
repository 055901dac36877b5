"""The department links accounts to agencies; an account then sees that agency's courses."""

from __future__ import annotations

from datetime import date

from django_tenants.utils import schema_context

from accounts.roles import Role
from campaigns.models import Activity, Agency
from core.models import AuditEntry
from tests.conftest import World, client_for
from tests.factories import UserFactory


def test_staff_add_an_agency_and_give_an_association_account_its_courses(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        member = UserFactory.create(email="hoi@dong-nai.vn", role=Role.ASSOCIATION)
        owner = UserFactory.create(email="dn@dong-nai.vn", role=Role.ENTERPRISE)
    staff = client_for(world.province_a, world.staff_a)
    response = staff.post("/programme/agencies/", {"name": "Hội Doanh nhân trẻ tỉnh", "kind": "association"})
    assert response.status_code == 302
    duplicate = staff.post("/programme/agencies/", {"name": "hội doanh nhân trẻ tỉnh", "kind": "association"})
    assert "Đã có cơ quan, đơn vị với tên này" in duplicate.content.decode()
    with schema_context(world.province_a.schema_name):
        agency = Agency.objects.get(name="Hội Doanh nhân trẻ tỉnh")
        day = date(2026, 4, 1)
        Activity.objects.create(kind="training", title="Lớp của hội", organiser=agency, starts_on=day, ends_on=day)
    member_client = client_for(world.province_a, member)
    assert member_client.get("/programme/activities/").status_code == 404  # works for no agency yet

    url = f"/programme/agencies/{agency.uuid}/"
    refused = staff.post(url, {"email": "dn@dong-nai.vn"}).content.decode()
    assert "Chỉ tài khoản" in refused  # an enterprise account cannot work for an agency
    staff.post(url, {"email": "HOI@dong-nai.vn"})
    assert "Lớp của hội" in member_client.get("/programme/activities/").content.decode()
    staff.post(url, {"remove": str(member.pk)})
    assert member_client.get("/programme/activities/").status_code == 404
    with schema_context(world.province_a.schema_name):
        assert AuditEntry.objects.filter(action="agency.member_add").count() == 1
        assert not agency.members.filter(pk=owner.pk).exists()


def test_an_association_cannot_manage_agencies(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        member = UserFactory.create(email="hoi2@dong-nai.vn", role=Role.ASSOCIATION)
    assert client_for(world.province_a, member).get("/programme/agencies/").status_code == 404


def test_an_account_whose_role_changes_loses_its_agency(world: World, db: None) -> None:
    from accounts.services import user_change_role

    with schema_context(world.province_a.schema_name):
        member = UserFactory.create(email="hoi4@dong-nai.vn", role=Role.ASSOCIATION)
        agency = Agency.objects.create(key="hh4", name="Hiệp hội 4", kind="association")
        agency.members.add(member)
        day = date(2026, 4, 1)
        Activity.objects.create(kind="training", title="Lớp hội 4", organiser=agency, starts_on=day, ends_on=day)
        client = client_for(world.province_a, member)
        assert client.get("/programme/activities/").status_code == 200
        user_change_role(user=member, role=Role.ENTERPRISE, actor=world.admin_a, ip=None)
    assert client.get("/programme/activities/").status_code == 404
