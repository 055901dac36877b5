"""Targets against the records: distinct enterprises, not rows; the list behind each figure; budget."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django_tenants.utils import schema_context

from campaigns.kpi import achievements, budget_lines
from campaigns.models import Activity, Agency, Budget, Participant, Plan, Target, Task
from enterprises.models import Enterprise
from enterprises.services import enterprise_save
from tests.campaigns.test_programme import KNOWN, OTHER
from tests.conftest import World, client_for


@pytest.fixture
def target(world: World, db: None) -> Target:
    with schema_context(world.province_a.schema_name):
        agency = Agency.objects.create(key="so", name="Sở Khoa học và Công nghệ")
        plan = Plan.objects.create(number="KH-UBND", title="Kế hoạch", start_year=2022, end_year=2026)
        task = Task.objects.create(plan=plan, number="6", title="Đào tạo, tập huấn", lead=agency)
        first = enterprise_save(enterprise=Enterprise(tax_code=KNOWN, name="Công ty Gỗ Tân Phong"), user=world.admin_a)
        second = enterprise_save(enterprise=Enterprise(tax_code=OTHER, name="Công ty Phần mềm"), user=world.admin_a)

        def course(day: date, status: str = "held", task: Task | None = task) -> Activity:
            return Activity.objects.create(
                kind="training", title=f"Lớp {day}", organiser=agency, task=task, starts_on=day, ends_on=day,
                status=status, cost=Decimal("12.5"),
            )  # fmt: skip

        def came(activity: Activity, enterprise: Enterprise, name: str, status: str = "attended") -> None:
            Participant.objects.create(
                activity=activity, enterprise=enterprise, person_name=name, person_key=name.lower(), status=status
            )

        march, may = course(date(2026, 3, 2)), course(date(2026, 5, 4))
        came(march, first, "An")
        came(march, first, "Bình")  # two people of one enterprise
        came(may, first, "An")  # the same enterprise trained again
        came(may, second, "Chi", status="absent")  # did not come
        came(course(date(2025, 9, 1)), second, "Chi")  # another year
        came(course(date(2026, 6, 1), status="cancelled"), second, "Dũng", status="registered")
        course(date(2026, 11, 20), status="planned")  # not held yet: nothing spent
        Budget.objects.create(task=task, year=2026, source="provincial", amount=Decimal(100))
        return Target.objects.create(task=task, unit="enterprises_trained", minimum=2, maximum=4, text="2–4 DN/năm")


def test_enterprises_trained_counts_distinct_enterprises_that_attended_that_year(world: World, target: Target) -> None:
    with schema_context(world.province_a.schema_name):
        by_year = {year: achievements(year)[0] for year in (2025, 2026)}
    assert (by_year[2026].achieved, by_year[2026].percent, by_year[2026].met) == (1, 50, False)
    assert by_year[2025].achieved == 1


def test_the_list_behind_a_figure_names_what_it_counts(world: World, target: Target) -> None:
    client = client_for(world.province_a, world.staff_a)
    page = client.get("/programme/kpi/?year=2026").content.decode()
    assert "2–4 doanh nghiệp được đào tạo" in page
    behind = client.get(f"/programme/kpi/{target.uuid}/?year=2026").content.decode()
    assert "Công ty Gỗ Tân Phong" in behind
    assert "Công ty Phần mềm" not in behind


def test_budget_planned_against_the_costs_of_the_tasks_activities(world: World, target: Target) -> None:
    with schema_context(world.province_a.schema_name):
        [line] = budget_lines(2026)
    # Two courses held in 2026 at 12.5 million each; the cancelled and the planned ones are not spent.
    assert (line.planned, line.spent, line.percent) == (Decimal(100), Decimal(25), 25)


def test_staff_plan_a_budget_line_and_a_negative_amount_is_refused(world: World, target: Target) -> None:
    client = client_for(world.province_a, world.staff_a)
    url = f"/programme/tasks/{target.task.uuid}/budget/"
    page = client.post(url, {"year": 2027, "source": "central", "amount": "-5"}, follow=True).content.decode()
    assert "lớn hơn hoặc bằng với 0" in page
    client.post(url, {"year": 2027, "source": "central", "amount": "80"})
    client.post(url, {"year": 2027, "source": "central", "amount": "90"})  # a correction, not a second line
    with schema_context(world.province_a.schema_name):
        assert list(Budget.objects.filter(year=2027).values_list("source", "amount")) == [("central", Decimal(90))]


def test_the_targets_and_budget_tables_export_as_spreadsheets(
    world: World, target: Target, django_capture_on_commit_callbacks: Any
) -> None:
    staff = client_for(world.province_a, world.staff_a)
    expected = {
        "targets": "KH-UBND,6. Đào tạo, tập huấn,2–4 doanh nghiệp được đào tạo,2,4,1,50",
        "budget": "KH-UBND,6. Đào tạo, tập huấn,100.000,25.000",
    }
    for table, row in expected.items():
        with django_capture_on_commit_callbacks(execute=True):
            response = staff.post("/programme/tables/export/?year=2026", {"table": table, "format": "csv"})
        download = staff.get(response["Location"] + "download/")
        content = b"".join(download.streaming_content).decode("utf-8-sig")  # type: ignore[attr-defined]
        assert row in content.replace('"', ""), content
    assert staff.post("/programme/tables/export/", {"table": "enterprises"}).status_code == 404


def test_a_whole_plan_target_counts_every_year_of_the_plan_so_far(world: World, target: Target) -> None:
    with schema_context(world.province_a.schema_name):
        target.per_year = False
        target.save()
        [item] = achievements(2026)
        assert item.achieved == 2  # trained in 2026 (the first) and in 2025 (the second), each once
        assert achievements(2027) == []  # the plan ends in 2026
