"""The budget per task, year and source: the department estimates, the finance department approves,
spending is counted from the activities held, the settlement comes after the year; and the yearly
report's table by source adds it up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context

from accounts.models import User
from accounts.roles import Role
from campaigns.models import Activity, Agency, Budget, Plan, Task
from campaigns.services import budget_line_save
from core.errors import ApplicationError
from core.models import AuditEntry
from reporting.statistics import budget as figures
from reporting.statistics import selectors as stats
from reporting.statistics.counting import Period, filters_for
from reporting.yearly.tables import tables
from tests.conftest import World, client_for
from tests.factories import UserFactory


@pytest.fixture
def task(world: World, db: None) -> Task:
    with schema_context(world.province_a.schema_name):
        agency = Agency.objects.create(key="so-khcn", name="Sở Khoa học và Công nghệ")
        plan = Plan.objects.create(number="9/KH-UBND", title="Kế hoạch", start_year=2026, end_year=2026)
        return Task.objects.create(plan=plan, number="1", title="Đào tạo doanh nghiệp", lead=agency)


def _held(task: Task, day: date, cost: str, status: str = "held") -> None:
    assert task.lead is not None
    Activity.objects.create(
        kind="training", title=f"Lớp {day}", organiser=task.lead, task=task, starts_on=day, ends_on=day,
        status=status, cost=Decimal(cost),
    )  # fmt: skip


def _finance_officer(world: World) -> User:
    finance = Agency.objects.create(key="so-tc", name="Sở Tài chính", approves_budgets=True)
    officer = UserFactory.create(email="ketoan@dong-nai.vn", role=Role.ASSOCIATION)
    finance.members.add(officer)
    return officer


def test_only_the_finance_department_or_the_admin_approves_and_only_the_department_estimates(
    world: World, task: Task
) -> None:
    with schema_context(world.province_a.schema_name):
        officer = _finance_officer(world)
        budget_line_save(
            task=task, year=2026, source="provincial", values={"estimate": Decimal(500)}, user=world.staff_a
        )
        with pytest.raises(ApplicationError, match=r"Sở Tài chính|finance department"):
            budget_line_save(
                task=task, year=2026, source="provincial", values={"approved": Decimal(450)}, user=world.staff_a
            )
        with pytest.raises(ApplicationError):
            budget_line_save(
                task=task,
                year=2026,
                source="provincial",
                values={"estimate": Decimal(1)},
                user=officer,
            )
        budget_line_save(
            task=task,
            year=2026,
            source="provincial",
            values={"approved": Decimal(450)},
            user=officer,
        )
        budget = Budget.objects.get()
        assert (budget.estimate, budget.approved, budget.approved_by) == (Decimal(500), Decimal(450), officer)
        budget_line_save(
            task=task, year=2026, source="provincial", values={"approved": Decimal(480)}, user=world.admin_a
        )
        entries = AuditEntry.objects.filter(action="budget.approve").order_by("pk")
        assert [entry.changes["approved"] for entry in entries] == [[None, "450"], ["450", "480"]]


def test_a_finance_officer_approves_on_the_task_page_and_staff_do_not_see_the_field(world: World, task: Task) -> None:
    with schema_context(world.province_a.schema_name):
        officer = _finance_officer(world)
        Budget.objects.create(task=task, year=2026, source="central", estimate=Decimal(300))
    url = f"/programme/tasks/{task.uuid}/budget/"
    staff = client_for(world.province_a, world.staff_a)
    assert 'name="approved"' not in staff.get(url).content.decode()
    finance = client_for(world.province_a, officer)
    assert "/programme/budget/" in finance.get("/", follow=True).content.decode()  # the menu leads there
    page = finance.get(url).content.decode()
    assert 'name="approved"' in page
    assert 'name="estimate"' not in page
    finance.post(url, {"year": 2026, "source": "central", "approved": "250"})
    with schema_context(world.province_a.schema_name):
        assert Budget.objects.get().approved == Decimal(250)
    # Another province's administrator finds nothing of it.
    assert client_for(world.province_b, world.admin_b).get(url).status_code == 404


def test_the_settlement_waits_for_the_year_to_end(world: World, task: Task) -> None:
    with schema_context(world.province_a.schema_name):
        budget_line_save(
            task=task, year=2026, source="provincial", values={"estimate": Decimal(100)}, user=world.staff_a
        )
        with pytest.raises(ApplicationError):
            budget_line_save(
                task=task, year=2026, source="provincial", values={"settlement": Decimal(90)}, user=world.staff_a,
                today=date(2026, 12, 31),
            )  # fmt: skip
        budget_line_save(
            task=task, year=2026, source="provincial", values={"settlement": Decimal(90)}, user=world.staff_a,
            today=date(2027, 1, 15),
        )  # fmt: skip
        assert Budget.objects.get().settlement == Decimal(90)


def test_spent_is_the_cost_of_the_tasks_held_activities_of_that_year_and_goes_to_a_single_source(
    world: World, task: Task
) -> None:
    with schema_context(world.province_a.schema_name):
        Budget.objects.create(task=task, year=2026, source="provincial", estimate=Decimal(100), approved=Decimal(80))
        Budget.objects.create(task=task, year=2025, source="provincial", estimate=Decimal(60), settlement=Decimal(55))
        Budget.objects.create(task=task, year=2025, source="central", estimate=Decimal(40))
        _held(task, date(2026, 3, 2), "12.5")
        _held(task, date(2026, 5, 4), "20")
        _held(task, date(2026, 6, 1), "99", status="planned")  # not held: nothing spent
        _held(task, date(2026, 7, 1), "99", status="cancelled")
        _held(task, date(2025, 9, 1), "7")  # 2025 has two sources: spent on no single one
        lines = figures.lines(Period.of_year(2026))
        assert [(line.source, line.spent) for line in lines] == [("provincial", Decimal("32.5"))]
        both = figures.lines(Period(date(2025, 1, 1), date(2026, 12, 31)))
        assert [(line.year, line.source, line.spent) for line in both] == [
            (2025, "provincial", None),
            (2025, "central", None),
            (2025, "", Decimal(7)),
            (2026, "provincial", Decimal("32.5")),
        ]
        by_source = dict(figures.by_source(both))
        assert by_source["provincial"] == figures.Totals(Decimal(160), Decimal(80), Decimal("32.5"), Decimal(55))
        assert by_source[""].spent == Decimal(7)
        assert figures.Totals.of(both).spent == Decimal("39.5")


def test_the_yearly_reports_budget_table_by_source_adds_up(world: World, task: Task) -> None:
    with schema_context(world.province_a.schema_name):
        Budget.objects.create(task=task, year=2026, source="provincial", estimate=Decimal(100), approved=Decimal(90))
        other = Task.objects.create(plan=task.plan, number="2", title="Hội thảo", lead=task.lead, position=1)
        Budget.objects.create(task=other, year=2026, source="provincial", estimate=Decimal(50), approved=Decimal(50))
        Budget.objects.create(task=other, year=2026, source="sponsor", estimate=Decimal(20))
        _held(task, date(2026, 3, 2), "30")
        _held(other, date(2026, 4, 2), "15")  # two sources: not attributed
        overview = stats.overview(filters_for(Period.of_year(2026)))
    [table] = [table for table in tables(overview) if table.key == "budget-by-source"]
    assert table.columns == ["STT", "Nguồn kinh phí", "Dự toán", "Được duyệt", "Đã sử dụng", "Quyết toán"]
    assert table.rows == [
        [1, "Ngân sách tỉnh", 150.0, 140.0, 30.0, 0.0],
        [2, "Tài trợ", 20.0, 0.0, 0.0, 0.0],
        [3, "Chưa xác định nguồn", 0.0, 0.0, 15.0, 0.0],
        ["", "Tổng cộng", 170.0, 140.0, 45.0, 0.0],
    ]
    # A snapshot taken before the budget kept its sources prints no such table.
    del overview["budget"]["by_source"]
    assert "budget-by-source" not in [table.key for table in tables(overview)]


def test_the_budget_overview_shows_tasks_and_sources_with_totals(world: World, task: Task) -> None:
    with schema_context(world.province_a.schema_name):
        Budget.objects.create(task=task, year=2026, source="provincial", estimate=Decimal(1200), approved=Decimal(1000))
        _held(task, date(2026, 3, 2), "250")
    page = client_for(world.province_a, world.staff_a).get("/programme/budget/?year=2026").content.decode()
    assert "Đào tạo doanh nghiệp" in page
    for figure in ("1.200", "1.000", "250"):
        assert figure in page
    with schema_context(world.province_a.schema_name):
        association = UserFactory.create(email="hoi-budget@dong-nai.vn", role=Role.ASSOCIATION)
    assert client_for(world.province_a, association).get("/programme/budget/").status_code == 404
