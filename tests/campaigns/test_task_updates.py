"""Agencies' yearly updates on plan tasks: written by the agency, overdue after the province's
deadline, and reminded by e-mail once."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django_tenants.utils import schema_context

from accounts.roles import Role
from campaigns.models import Agency, Plan, Task, TaskUpdate
from campaigns.selectors import overdue_updates
from campaigns.services import update_reminders_send
from tenants.models import Province
from tests.conftest import World, client_for
from tests.factories import UserFactory
from tests.mailbackends import refuse_once


@pytest.fixture
def task(world: World, db: None) -> Task:
    Province.objects.filter(pk=world.province_a.pk).update(agency_report_day=15, agency_report_month=11)
    with schema_context(world.province_a.schema_name):
        lead = Agency.objects.create(key="so-ct", name="Sở Công Thương", kind="department")
        helper = Agency.objects.create(key="hhdn", name="Hiệp hội Doanh nghiệp tỉnh", kind="association")
        plan = Plan.objects.create(number="133/KH-UBND", title="Kế hoạch", start_year=2022, end_year=2026)
        task = Task.objects.create(plan=plan, number="4", title="Hỗ trợ thương mại điện tử", lead=lead)
        task.coordinating.add(helper)
        lead.members.add(UserFactory.create(email="ct@dong-nai.vn", role=Role.PROVINCE_STAFF))
        helper.members.add(UserFactory.create(email="hh@dong-nai.vn", role=Role.ASSOCIATION))
        return task


def test_a_missing_update_is_overdue_only_after_the_deadline(world: World, task: Task) -> None:
    with schema_context(world.province_a.schema_name):
        assert overdue_updates(today=date(2026, 11, 15)) == []
        assert [status.task for status in overdue_updates(today=date(2026, 11, 16))] == [task]
        assert task.lead is not None
        TaskUpdate.objects.create(task=task, agency=task.lead, year=2026, progress=60, narrative="Đã làm")
        assert overdue_updates(today=date(2026, 11, 16)) == []


def test_the_lead_agency_is_reminded_once(
    world: World, task: Task, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with schema_context(world.province_a.schema_name):
        with django_capture_on_commit_callbacks(execute=True):
            assert update_reminders_send(today=date(2026, 11, 20)) == 1
        with django_capture_on_commit_callbacks(execute=True):
            assert update_reminders_send(today=date(2026, 11, 21)) == 0
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ct@dong-nai.vn"]
    assert "Hỗ trợ thương mại điện tử" in mailoutbox[0].body
    assert "15/11/2026" in mailoutbox[0].body


def test_an_agency_writes_its_update_and_the_plan_shows_it(world: World, task: Task) -> None:
    with schema_context(world.province_a.schema_name):
        member = task.coordinating.get().members.get()
    client = client_for(world.province_a, member)
    page = client.get(f"/programme/tasks/{task.uuid}/")
    assert page.status_code == 200
    form = {
        "agency": task.coordinating.get().pk,
        "year": date.today().year,
        "progress": "120",
        "narrative": "Đã tổ chức 3 lớp",
    }
    refused = client.post(f"/programme/tasks/{task.uuid}/", form).content.decode()
    assert "nhỏ hơn hoặc bằng với 100" in refused
    assert client.post(f"/programme/tasks/{task.uuid}/", form | {"progress": "70"}).status_code == 302
    with schema_context(world.province_a.schema_name):
        update = TaskUpdate.objects.get(task=task)
        assert (update.agency.key, update.progress, update.submitted_by) == ("hhdn", 70, member)
        assert task.lead is not None
        # The association may not write in the name of the lead agency.
    lead_form = form | {"agency": task.lead.pk, "progress": "10"}
    assert client.post(f"/programme/tasks/{task.uuid}/", lead_form).status_code == 200  # the form again
    with schema_context(world.province_a.schema_name):
        assert not TaskUpdate.objects.filter(agency=task.lead).exists()
    staff_page = client_for(world.province_a, world.staff_a).get(f"/programme/tasks/{task.uuid}/").content.decode()
    assert "Đã tổ chức 3 lớp" in staff_page


def test_someone_outside_the_tasks_agencies_sees_no_task(world: World, task: Task) -> None:
    with schema_context(world.province_a.schema_name):
        stranger = UserFactory.create(email="khac@dong-nai.vn", role=Role.ASSOCIATION)
        Agency.objects.create(key="khac", name="Hội khác", kind="association").members.add(stranger)
    client = client_for(world.province_a, stranger)
    assert client.get(f"/programme/tasks/{task.uuid}/").status_code == 404
    assert "Hỗ trợ thương mại điện tử" not in client.get("/programme/tasks/mine/").content.decode()


def test_a_refused_address_is_retried_without_holding_back_the_others(
    world: World,
    task: Task,
    mailoutbox: list[Any],
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with schema_context(world.province_a.schema_name):
        assert task.lead is not None
        task.lead.members.add(UserFactory.create(email="pgd@dong-nai.vn", role=Role.PROVINCE_STAFF))
    refuse_once(monkeypatch, settings, "ct@dong-nai.vn")
    with schema_context(world.province_a.schema_name), django_capture_on_commit_callbacks(execute=True):
        assert update_reminders_send(today=date(2026, 11, 20)) == 1
    assert sorted(message.to[0] for message in mailoutbox) == ["ct@dong-nai.vn", "pgd@dong-nai.vn"]
    assert all(len(message.to) == 1 for message in mailoutbox)  # nobody sees the others' addresses


def test_an_update_attachment_must_be_a_document(world: World, task: Task, tmp_path: Any) -> None:
    with schema_context(world.province_a.schema_name):
        helper = task.coordinating.get()
        member = helper.members.get()
    page = tmp_path / "bao-cao.html"
    page.write_text("<script>alert(1)</script>")
    form = {"agency": helper.pk, "year": date.today().year, "progress": "50", "narrative": "Đã làm"}
    with page.open("rb") as upload:
        response = client_for(world.province_a, member).post(
            f"/programme/tasks/{task.uuid}/", form | {"attachment": upload}
        )
    assert "Chỉ đính kèm được tệp PDF" in response.content.decode()
    with schema_context(world.province_a.schema_name):
        assert not TaskUpdate.objects.exists()
