"""`load_plan` also brings the plan's reporting deadlines to the province and its tasks' budget lines
to their estimates; loading twice changes nothing."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import yaml
from django.core.management import call_command
from django_tenants.utils import schema_context

from campaigns.models import Agency, Budget
from campaigns.selectors import PLAN_FILES
from core.models import AuditEntry
from tenants.models import Province
from tests.conftest import World


def _load(world: World, path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("load_plan", str(path), "--province", world.province_a.slug, *args, stdout=out)
    return out.getvalue()


def test_the_dak_lak_plan_sets_both_deadlines_once_and_marks_the_finance_department(world: World, db: None) -> None:
    assert "deadlines set" in _load(world, PLAN_FILES / "dak-lak.yaml")
    province = Province.objects.get(pk=world.province_a.pk)
    assert (province.agency_report_deadline, province.ministry_report_deadline) == ("05/12", "15/12")
    assert "deadlines set" not in _load(world, PLAN_FILES / "dak-lak.yaml")
    with schema_context(world.province_a.schema_name):
        assert AuditEntry.objects.filter(action="province.settings").count() == 1
        assert list(Agency.objects.filter(approves_budgets=True).values_list("name", flat=True)) == ["Sở Tài chính"]


def test_deadlines_the_province_has_are_kept_unless_forced(world: World, db: None) -> None:
    Province.objects.filter(pk=world.province_a.pk).update(agency_report_day=20, agency_report_month=11)
    _load(world, PLAN_FILES / "dong-nai.yaml")  # states 15/11 for the agencies, nothing for the department
    province = Province.objects.get(pk=world.province_a.pk)
    assert (province.agency_report_deadline, province.ministry_report_deadline) == ("20/11", "")
    _load(world, PLAN_FILES / "dong-nai.yaml", "--force")
    assert Province.objects.get(pk=world.province_a.pk).agency_report_deadline == "15/11"


def test_budget_lines_of_the_plan_become_estimates_and_keep_what_finance_approved(
    world: World, db: None, tmp_path: Path
) -> None:
    data = yaml.safe_load((PLAN_FILES / "thanh-hoa.yaml").read_text(encoding="utf-8"))
    data["tasks"][0]["budget"] = [
        {"year": 2026, "source": "provincial", "estimate": 350},
        {"year": 2026, "source": "central", "estimate": "120.5"},
    ]
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    _load(world, path)
    with schema_context(world.province_a.schema_name):
        Budget.objects.filter(source="provincial").update(approved=Decimal(300))
    _load(world, path)
    with schema_context(world.province_a.schema_name):
        lines = sorted(Budget.objects.values_list("source", "estimate", "approved"))
    assert lines == [("central", Decimal("120.5"), None), ("provincial", Decimal(350), Decimal(300))]
    province = Province.objects.get(pk=world.province_a.pk)
    assert province.agency_report_deadline == ""  # Thanh Hóa's programme states no date
