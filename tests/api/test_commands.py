"""`manage.py api_key_issue`: a province's key, printed once on the last line, that reads that
province's API with the scope given and nothing of another province; bad input issues nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django_tenants.utils import schema_context

from api.models import ApiKey
from core.models import AuditEntry
from tenants.models import Province
from tests.conftest import World, host


def _issue(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("api_key_issue", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_info:
        code = int(exit_info.code or 0)
    return code, out.getvalue(), err.getvalue()


def _api(province: Province, raw: str) -> Client:
    return Client(HTTP_HOST=host(province), HTTP_AUTHORIZATION=f"Api-Key {raw}")


def _keys_and_audit(world: World) -> list[int]:
    counts = [ApiKey.objects.count(), AuditEntry.objects.count()]  # the national site
    for province in (world.province_a, world.province_b):
        with schema_context(province.schema_name):
            counts += [ApiKey.objects.count(), AuditEntry.objects.count()]
    return counts


@pytest.mark.parametrize(("scope", "registry"), [("statistics", 403), ("registry", 200)])
def test_the_key_on_the_last_line_reads_its_province_with_the_scope_given(
    world: World, db: None, scope: str, registry: int
) -> None:
    code, out, err = _issue("--province", "dong-nai", "--name", "Cục Thống kê — bảng tin", "--scope", scope)
    assert code == 0
    raw = out.splitlines()[-1]
    assert raw.startswith("dbi_")
    assert " " not in raw
    assert out.count(raw) == 1  # printed once,
    assert raw not in err  # and only there
    own = _api(world.province_a, raw)
    assert own.get("/api/v1/statistics/").status_code == 200
    assert own.get("/api/v1/enterprises/").status_code == registry
    other = _api(world.province_b, raw).get("/api/v1/statistics/")
    assert other.status_code == 403
    assert other.json()["error"]["code"] == "key_refused"
    with schema_context(world.province_a.schema_name):
        key = ApiKey.objects.get(prefix=raw[4:12])
        assert (key.name, key.scope, key.created_by) == ("Cục Thống kê — bảng tin", scope, None)
        entry = AuditEntry.objects.get(action="api_key.issue", object_id=str(key.uuid))
        assert (entry.actor, entry.actor_email, entry.ip_address) == (None, "", None)
        assert entry.changes == {"scope": scope, "via": "command line"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--province", "ha-noi", "--name", "Bộ", "--scope", "statistics"], "không có tỉnh / no province “ha-noi”"),
        (["--province", "public", "--name", "Bộ", "--scope", "statistics"], "không có tỉnh / no province “public”"),
        (["--province", "dong-nai", "--name", "", "--scope", "statistics"], "hãy đặt tên cho khóa"),
        (["--province", "dong-nai", "--name", "   ", "--scope", "registry"], "hãy đặt tên cho khóa"),
        (["--province", "dong-nai", "--name", "x" * 101, "--scope", "statistics"], "dài quá 100 ký tự"),
        (["--province", "dong-nai", "--name", "Bộ", "--scope", "national"], "không có phạm vi / no scope “national”"),
        (["--province", "dong-nai", "--name", "Bộ", "--scope", "Statistics"], "no scope “statistics”"),
    ],
)
def test_bad_input_exits_2_with_one_bilingual_line_and_issues_no_key(
    world: World, db: None, args: list[str], message: str
) -> None:
    before = _keys_and_audit(world)
    code, out, err = _issue(*args)
    assert code == 2
    assert out == ""
    line = err.strip()
    assert "\n" not in line
    assert line.startswith("Lỗi / Error: ")
    assert " / " in line.removeprefix("Lỗi / Error: ")  # Vietnamese, then English
    assert message in line.lower()
    assert _keys_and_audit(world) == before


def test_a_name_of_100_characters_is_the_longest_accepted(world: World, db: None) -> None:
    code, out, _ = _issue("--province", "dong-nai", "--name", "x" * 100, "--scope", "statistics")
    assert code == 0
    with schema_context(world.province_a.schema_name):
        assert ApiKey.objects.get(prefix=out.splitlines()[-1][4:12]).name == "x" * 100
