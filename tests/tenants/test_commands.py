from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context, schema_exists

from accounts.models import User
from api.models import ApiKey
from assessments.models import ModelVersion
from campaigns.models import Plan
from core.models import AuditEntry
from enterprises.models import Enterprise
from reporting.yearly.models import YearlyReport
from tenants.models import Domain, Province
from tests.conftest import World
from tests.enterprises.test_import import HEADERS, code_2025, rows


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_province_create_makes_schema_domain_and_admin_and_prints_the_password_once(world: World, db: None) -> None:
    out, _ = _run("province_create", "--name", "Đắk Lắk", "--code", "66", "--slug", "dak-lak")
    province = Province.objects.get(slug="dak-lak")
    assert province.schema_name == "dak_lak"
    assert schema_exists("dak_lak")
    assert Domain.objects.get(tenant=province).domain == "dak-lak.localhost"
    password = out.split("Password (shown only once): ")[1].strip()
    with schema_context("dak_lak"):
        admin = User.objects.get(email="admin@dak-lak.localhost")
        assert admin.check_password(password)
        assert admin.role == "province_admin"


def test_province_create_with_a_given_password_does_not_print_it(world: World, db: None) -> None:
    out, _ = _run(
        "province_create",
        "--name",
        "Huế",
        "--code",
        "46",
        "--slug",
        "hue",
        "--unit-type",
        "thanh_pho",
        "--admin-email",
        "dx@hue.gov.vn",
        "--admin-password",
        "hue-secret-2026",
    )
    assert "hue-secret-2026" not in out
    assert "Thành phố Huế" in out
    with schema_context("hue"):
        assert User.objects.get(email="dx@hue.gov.vn").check_password("hue-secret-2026")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--name", "Đồng Nai 2", "--code", "99", "--slug", "dong-nai"], "đã có tỉnh, thành phố dùng tên miền con"),
        (["--name", "Khác", "--code", "75", "--slug", "khac"], "mang mã thống kê 75"),
        (["--name", "Sai", "--code", "11", "--slug", "Dong_Nai"], "chỉ được gồm chữ thường"),
        (["--name", "Sai", "--code", "7", "--slug", "sai"], "hai chữ số"),
        (["--name", "Công cộng", "--code", "12", "--slug", "public"], "dành riêng"),
    ],
)
def test_bad_input_exits_2_with_a_bilingual_one_line_error_and_creates_nothing(
    world: World, db: None, args: list[str], message: str
) -> None:
    provinces, domains = Province.objects.count(), Domain.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.schemata")
        schemas = cursor.fetchone()
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("province_create", *args, stdout=io.StringIO(), stderr=err)
    assert exit_info.value.code == 2
    line = err.getvalue().strip()
    assert "\n" not in line
    assert message in line.lower()
    assert " / " in line  # Vietnamese, then English
    assert (Province.objects.count(), Domain.objects.count()) == (provinces, domains)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM information_schema.schemata")
        assert cursor.fetchone() == schemas


def test_province_list_shows_every_province_but_not_the_national_site(world: World, db: None) -> None:
    out, _ = _run("province_list")
    lines = out.splitlines()
    assert lines[0].split() == ["code", "slug", "schema", "domain", "name"]
    assert any(line.startswith("75") and "dong-nai.localhost" in line and "Tỉnh Đồng Nai" in line for line in lines)
    assert any(line.startswith("38") and "thanh_hoa" in line for line in lines)
    assert not any("public" in line for line in lines)


def test_seed_demo_is_idempotent(world: World, db: None) -> None:
    _run("seed_demo")
    counts = (Province.objects.count(), Domain.objects.count())
    _run("seed_demo")
    assert (Province.objects.count(), Domain.objects.count()) == counts
    with schema_context("dak_lak"):
        assert User.objects.filter(email="expert@dak-lak.localhost").exists()
        # The demo registry grew over the years: the dashboard compares this year with a real last year.
        from reporting.statistics.selectors import Period, filters_for, registry

        this_year = registry(filters_for(Period.of_year(2026)))["total"]
        last_year = registry(filters_for(Period.of_year(2025)))["total"]
        assert 0 < last_year < this_year
        # The draft report of the year says where the programme goes next, and its version prints it.
        from reporting.yearly.models import YearlyReport

        draft = YearlyReport.objects.get(year=date.today().year)
        assert draft.direction.startswith(f"Năm {draft.year + 1}, tiếp tục")
        assert draft.versions.get().snapshot["narrative"]["direction"] == draft.direction
    with schema_context(Province.objects.get(slug="dong-nai").schema_name):
        # Đồng Nai's plan has the provincial People's Committee send the report; Đắk Lắk's department sends its own.
        draft = YearlyReport.objects.get(year=timezone.localdate().year)
        assert (draft.issuer, draft.signature.splitlines()[0], draft.document_date) == (
            "committee",
            "TM. ỦY BAN NHÂN DÂN",
            None,
        )
        assert YearlyReport.objects.get(year=draft.year - 1).number.endswith("/BC-UBND")
    with schema_context("dak_lak"):
        assert YearlyReport.objects.get(year=timezone.localdate().year).issuer == "department"
        # Two coming courses take sign-ups, seeded once; the demo enterprise has a person waiting on one.
        from campaigns.models import Activity, CourseSignup

        assert Activity.objects.filter(signup_open=True).count() == 2
        assert (
            CourseSignup.objects.filter(enterprise__accounts__user__email="enterprise@dak-lak.localhost").count() == 1
        )


def test_a_leftover_schema_is_never_adopted_by_a_new_province(world: World, db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA ha_tinh")
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("province_create", "--name", "Hà Tĩnh", "--code", "42", "--slug", "ha-tinh", stderr=err)
    assert "ha_tinh" in err.getvalue()
    assert not Province.objects.filter(slug="ha-tinh").exists()


# --- Every command that takes --province -----------------------------------------------------------------------


def _province_commands(tmp_path: Path) -> dict[str, list[str]]:
    """Each --province command with input it would act on, were the province known."""
    registry = tmp_path / "dn.csv"
    with registry.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows([HEADERS, *rows(code_2025())])
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"2.1.1": 5}), encoding="utf-8")
    plan = Path(__file__).resolve().parents[2] / "campaigns" / "plans" / "dong-nai.yaml"
    return {
        "load_plan": [str(plan)],
        "import_enterprises": [str(registry)],
        "import_attendance": [str(registry), "--activity", str(uuid.uuid4())],
        "build_yearly_report": ["--year", "2026"],
        "load_dbi_model": ["qd1970-sme"],
        "dbi_score": [str(answers)],
        "api_key_issue": ["--name", "Cục Thống kê", "--scope", "statistics"],
    }


def _exit_code_and_output(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(*args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    return code, out.getvalue(), err.getvalue()


def _everything(world: World) -> list[int]:
    """Rows these commands write, in both provinces and on the national site."""
    counts = []
    for province in (world.province_a, world.province_b):
        with schema_context(province.schema_name):
            for model in (Plan, Enterprise, YearlyReport, ModelVersion, ApiKey, AuditEntry):
                counts.append(model.objects.count())
    counts += [ApiKey.objects.count(), AuditEntry.objects.count(), Province.objects.count()]
    return counts


@pytest.mark.parametrize(
    "command",
    [
        "load_plan", "import_enterprises", "import_attendance", "build_yearly_report", "load_dbi_model",
        "dbi_score", "api_key_issue",
    ],
)  # fmt: skip
@pytest.mark.parametrize("slug", ["dong-nia", "public"])  # a typo; the national site, which is no province
def test_an_unknown_province_exits_2_with_one_bilingual_line_and_writes_nothing(
    world: World, db: None, tmp_path: Path, command: str, slug: str
) -> None:
    before = _everything(world)
    code, out, err = _exit_code_and_output(command, *_province_commands(tmp_path)[command], "--province", slug)
    assert code == 2
    assert err == f"Lỗi / Error: không có tỉnh / no province “{slug}”\n"
    assert out == ""
    assert _everything(world) == before


def test_the_same_input_in_a_known_province_does_write(world: World, db: None, tmp_path: Path) -> None:
    """The other side of the test above: with a real slug these inputs are acted on."""
    commands = _province_commands(tmp_path)
    for command, model in (("load_plan", Plan), ("import_enterprises", Enterprise), ("api_key_issue", ApiKey)):
        with schema_context(world.province_a.schema_name):
            before = model.objects.count()
        code, out, _ = _exit_code_and_output(command, *commands[command], "--province", "dong-nai")
        assert code in (0, 1), command  # 1: import_enterprises rejected a row
        assert out, command
        with schema_context(world.province_a.schema_name):
            assert model.objects.count() > before, command


def test_several_provinces_are_checked_before_any_is_touched(
    world: World, db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _everything(world)
    with pytest.raises(SystemExit) as exit_info:
        call_command("load_dbi_model", "qd1970-sme", province=["dong-nai", "ha-noi", "thanh-hoa", "hue"])
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert captured.err == "Lỗi / Error: không có tỉnh / no province “ha-noi”, “hue”\n"
    assert "dong-nai" not in captured.err  # nothing was loaded in the provinces that exist
    assert _everything(world) == before
