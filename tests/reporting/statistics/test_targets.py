"""Targets against the records: distinct enterprises, not rows; the list behind each figure; budget."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django_tenants.utils import schema_context

from assessments.models import Assessment
from assessments.selectors import model_version_published
from campaigns.models import Activity, Agency, Budget, Honour, Participant, Plan, Target, Task
from enterprises.models import Enterprise
from enterprises.services import enterprise_save
from reporting.statistics import selectors as stats
from reporting.statistics.counting import Filters, Period, filters_for
from reporting.statistics.targets import achievements, budget_lines
from tests.campaigns.test_programme import KNOWN, OTHER
from tests.conftest import World, client_for

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def _of(year: int) -> Filters:
    return filters_for(Period.of_year(year))


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
        Budget.objects.create(task=task, year=2026, source="provincial", estimate=Decimal(100))
        return Target.objects.create(task=task, unit="enterprises_trained", minimum=2, maximum=4, text="2–4 DN/năm")


def test_enterprises_trained_counts_distinct_enterprises_that_attended_that_year(world: World, target: Target) -> None:
    with schema_context(world.province_a.schema_name):
        by_year = {year: achievements(_of(year))[0] for year in (2025, 2026)}
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
        [line] = budget_lines(Period.of_year(2026))
    # Two courses held in 2026 at 12.5 million each; the cancelled and the planned ones are not spent.
    assert (line.planned, line.spent, line.percent) == (Decimal(100), Decimal(25), 25)


def test_staff_plan_a_budget_line_and_a_negative_amount_is_refused(world: World, target: Target) -> None:
    client = client_for(world.province_a, world.staff_a)
    url = f"/programme/tasks/{target.task.uuid}/budget/"
    page = client.post(url, {"year": 2027, "source": "central", "estimate": "-5"}, follow=True).content.decode()
    assert "lớn hơn hoặc bằng với 0" in page
    client.post(url, {"year": 2027, "source": "central", "estimate": "80"})
    client.post(url, {"year": 2027, "source": "central", "estimate": "90"})  # a correction, not a second line
    with schema_context(world.province_a.schema_name):
        assert list(Budget.objects.filter(year=2027).values_list("source", "estimate")) == [("central", Decimal(90))]


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
        [item] = achievements(_of(2026))
        assert item.achieved == 2  # trained in 2026 (the first) and in 2025 (the second), each once
        assert achievements(_of(2027)) == []  # the plan ends in 2026


def _row(page: str, testid: str, label: str) -> list[str]:
    """The text of each cell of the row starting with `label` in the table with this test id."""
    table = page.split(f'data-testid="{testid}"', 1)[1].split("</table>", 1)[0]
    for row in table.split("<tr>")[1:]:
        cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in row.split("<td")[1:]]
        cells = [cell.split(">", 1)[1] if ">" in cell else cell for cell in cells]
        if cells and cells[0] == label:
            return cells
    raise AssertionError(f"no row {label!r} in {testid}")


def test_the_activities_of_the_year_count_held_courses_and_their_attendance_only(world: World, target: Target) -> None:
    page = client_for(world.province_a, world.staff_a).get("/programme/kpi/?year=2026").content.decode()
    # Held: March and May (the June course was cancelled, the November one is planned). People: An and
    # Bình in March, An in May (Chi was absent); all from one enterprise. Cost: the two held, 12.5 each.
    assert _row(page, "kpi-activities", "Khóa đào tạo, tập huấn") == [
        "Khóa đào tạo, tập huấn",
        "2",
        "1",
        "3",
        "1",
        "—",
        "25",
    ]


def test_a_report_period_across_two_years_counts_targets_budget_honours_and_trend_over_its_own_days(
    world: World, target: Target
) -> None:
    with schema_context(world.province_a.schema_name):
        first, second = Enterprise.objects.order_by("name")
        Budget.objects.create(task=target.task, year=2025, source="provincial", estimate=Decimal(50))
        Honour.objects.create(year=2025, enterprise=first, category="top_level", criteria="Mức 4")
        Honour.objects.create(year=2026, enterprise=second, category="typical", criteria="Mức 3")
        Assessment.objects.create(
            enterprise=first, version=model_version_published(key="qd1970-sme"), state="validated",
            overall_level=3, total=200, submitted_at=datetime(2025, 8, 1, 9, tzinfo=HANOI),
        )  # fmt: skip
        july_to_june = filters_for(Period(date(2025, 7, 1), date(2026, 6, 30)))
        calendar = filters_for(Period.of_year(2026))
        [row] = stats.targets(july_to_june)
        budget = stats.budget(july_to_june)
        honours = stats.honours(july_to_june)["count"]
        trend = stats.trend(july_to_june)
        calendar_trend = stats.trend(calendar)
    # Trained in the period: the second in September 2025, the first in March and May 2026.
    assert (row["achieved"], row["counted"]) == (2, {"from": "2025-07-01", "to": "2026-06-30"})
    # Planned: both years' budgets; spent: the courses held in the period (September, March, May).
    assert (budget["planned"], budget["spent"], budget["years"]) == (150.0, 37.5, [2025, 2026])
    assert honours == 2
    assert [(r["label"], r["counted"]) for r in trend[-2:]] == [("07/2024–06/2025", 0), ("07/2025–06/2026", 1)]
    assert [(r["label"], r["counted"]) for r in calendar_trend[-2:]] == [("2025", 1), ("2026", 0)]


def test_the_kpi_page_says_which_activities_count_for_no_task_and_shows_overspending(
    world: World, target: Target
) -> None:
    with schema_context(world.province_a.schema_name):
        day = date(2026, 4, 1)
        Activity.objects.create(
            kind="workshop", title="Hội thảo không gắn nhiệm vụ", organiser=Agency.objects.get(), starts_on=day,
            ends_on=day, status="held", cost=Decimal(5),
        )  # fmt: skip
        Budget.objects.filter(year=2026).update(estimate=Decimal(20))  # 25 spent against 20 planned
    page = client_for(world.province_a, world.staff_a).get("/programme/kpi/?year=2026").content.decode()
    assert "1 hoạt động đã tổ chức trong năm chưa gắn với nhiệm vụ nào" in page
    assert '<span class="small text-nowrap text-danger fw-semibold">125%</span>' in page
