"""The department writes a plan, its tasks and targets in the portal."""

from __future__ import annotations

from django_tenants.utils import schema_context

from accounts.roles import Role
from campaigns.models import Agency, Plan, Target
from tests.conftest import World, client_for
from tests.factories import UserFactory


def test_staff_write_a_plan_with_a_task_and_a_target(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        lead = Agency.objects.create(key="so", name="Sở Khoa học và Công nghệ")
    staff = client_for(world.province_a, world.staff_a)
    plan_form = {"number": "200/KH-UBND", "title": "Kế hoạch 2026–2030", "start_year": "2026", "end_year": "2025"}
    refused = staff.post("/programme/plans/new/", plan_form).content.decode()
    assert "Năm cuối trước năm đầu" in refused
    response = staff.post("/programme/plans/new/", plan_form | {"end_year": "2030"})
    assert response.status_code == 302
    with schema_context(world.province_a.schema_name):
        plan = Plan.objects.get(number="200/KH-UBND")
    task_form = {"number": "1", "title": "Đào tạo doanh nghiệp", "lead": lead.pk, "timing": "Hằng năm"}
    response = staff.post(f"/programme/plans/{plan.uuid}/tasks/new/", task_form)
    assert response.status_code == 302
    duplicate = staff.post(f"/programme/plans/{plan.uuid}/tasks/new/", task_form).content.decode()
    assert "đã có nhiệm vụ số này" in duplicate
    task = plan.tasks.get()
    url = f"/programme/tasks/{task.uuid}/targets/"
    staff.post(url, {"unit": "enterprises_trained", "minimum": "500", "maximum": "300", "per_year": "on"}, follow=True)
    staff.post(url, {"unit": "enterprises_trained", "minimum": "300", "maximum": "500", "per_year": "on"})
    with schema_context(world.province_a.schema_name):
        assert [(t.minimum, t.maximum) for t in Target.objects.filter(task=task)] == [(300, 500)]
    page = staff.get(f"/programme/plans/{plan.uuid}/").content.decode()
    assert "Đào tạo doanh nghiệp" in page
    assert "300–500" in page


def test_an_association_cannot_write_plans(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        member = UserFactory.create(email="hoi3@dong-nai.vn", role=Role.ASSOCIATION)
    client = client_for(world.province_a, member)
    assert client.post("/programme/plans/new/", {"number": "1", "title": "x", "start_year": "2026"}).status_code == 404
