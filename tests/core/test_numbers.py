"""Numbers read as each language writes them (3.604 in Vietnamese, 3,604 in English), like the
yearly report's PDF; years, document numbers and keys stay as they are."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.formats import number_format
from django_tenants.utils import schema_context

from campaigns.models import Agency, Budget, BudgetSource, Plan, Task
from core.charts import bars
from enterprises.models import Enterprise
from reporting.yearly.tables import cell_text
from tests.conftest import World


def _in(language: str, client: Client, url: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200, url
    return response.text


def test_the_pages_write_numbers_like_the_pdf() -> None:
    with translation.override("vi"):
        for value in (3604, 1234567, 2.5, 1234.25):
            assert number_format(value) == cell_text(value)
        assert "3.600" in bars(["A"], [("n", [3604])])  # the axis
    with translation.override("en"):
        assert number_format(3604) == "3,604"
        assert "3,600" in bars(["A"], [("n", [3604])])


def test_counts_are_grouped_per_language_and_years_and_numbers_are_not(
    world: World, db: None, client_a: Client
) -> None:
    with schema_context(world.province_a.schema_name):
        Enterprise.objects.bulk_create(
            Enterprise(tax_code=f"{3100000000 + n}", name=f"Công ty số {n}") for n in range(1234)
        )
        plan = Plan.objects.create(number="2026/KH-UBND", title="Kế hoạch", start_year=2026, end_year=2030)
        task = Task.objects.create(
            plan=plan,
            number="1",
            title="Đào tạo",
            lead=Agency.objects.create(key="so-test", name="Sở Khoa học và Công nghệ (thử)"),
            position=1,
        )
        Budget.objects.create(task=task, year=2026, source=BudgetSource.PROVINCIAL, estimate=Decimal("3604"))
    registry_vi = _in("vi", client_a, "/enterprises/")
    assert "1.234 doanh nghiệp" in registry_vi
    assert "1,234 enterprises" in _in("en", client_a, "/enterprises/")
    task_vi = _in("vi", client_a, f"/programme/tasks/{task.uuid}/")
    assert "2026 · " in task_vi
    assert "3.604 " in task_vi
    assert "2.026" not in task_vi
    task_en = _in("en", client_a, f"/programme/tasks/{task.uuid}/")
    assert "2026 · " in task_en
    assert "3,604 " in task_en
    assert "2,026" not in task_en
    plan_vi = _in("vi", client_a, f"/programme/plans/{plan.uuid}/")
    assert "2026–2030" in plan_vi
    kpi_vi = _in("vi", client_a, "/programme/kpi/?year=2026")
    assert "2026" in kpi_vi
    assert "2.026" not in kpi_vi
    kpi_en = _in("en", client_a, "/programme/kpi/?year=2026")
    assert "Targets and results 2026" in kpi_en
    assert "2,026" not in kpi_en


def test_numbers_built_into_sentences_are_grouped_too(world: World, db: None) -> None:
    from enterprises.selectors import enterprise_size_explanation

    with schema_context(world.province_a.schema_name):
        enterprise = Enterprise.objects.create(
            tax_code="3100009999", name="Công ty lớn", headcount=3600, revenue=Decimal("4200.5"), size_computed="large"
        )
        with translation.override("vi"):
            assert "3.600 lao động" in enterprise_size_explanation(enterprise)
            assert "4.200,5" in enterprise_size_explanation(enterprise)
        with translation.override("en"):
            assert "3,600 employees" in enterprise_size_explanation(enterprise)


def test_sums_of_money_show_their_decimals_only_as_far_as_they_go() -> None:
    from core.templatetags.portal import amount

    with translation.override("vi"):
        assert [amount(Decimal(v)) for v in ("142.500", "1234.000", "0.125", "3604.25")] == [
            "142,5", "1.234", "0,125", "3.604,25",
        ]  # fmt: skip
        assert amount(None) == ""
    with translation.override("en"):
        assert [amount(Decimal(v)) for v in ("142.500", "1234.000")] == ["142.5", "1,234"]
