from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from accounts.models import User
from tenants.models import Domain, Province
from tests.conftest import World


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


def test_a_leftover_schema_is_never_adopted_by_a_new_province(world: World, db: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute("CREATE SCHEMA ha_tinh")
    err = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("province_create", "--name", "Hà Tĩnh", "--code", "42", "--slug", "ha-tinh", stderr=err)
    assert "ha_tinh" in err.getvalue()
    assert not Province.objects.filter(slug="ha-tinh").exists()
