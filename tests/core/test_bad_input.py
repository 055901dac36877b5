"""Bad input found by probing answers a clear message, never a server error."""

from __future__ import annotations

from django_tenants.utils import schema_context

from api.services import api_key_issue
from tests.conftest import World, client_for


def test_a_nul_byte_anywhere_in_a_query_answers_400_with_a_message(world: World, db: None) -> None:
    staff = client_for(world.province_a, world.staff_a)
    page = staff.get("/assessments/", {"search": "abc\x00"})
    assert page.status_code == 400
    assert "ký tự NUL" in page.content.decode()
    with schema_context(world.province_a.schema_name):
        _key, raw = api_key_issue(name="probe", scope="registry", user=world.admin_a)
    api = client_for(world.province_a)
    answer = api.get("/api/v1/enterprises/", {"search": "x\x00"}, HTTP_AUTHORIZATION=f"Api-Key {raw}")
    assert answer.status_code == 400
    assert answer.json()["error"]["message"]["en"].startswith("A value contains a NUL character")


def test_an_offset_postgresql_refuses_is_read_in_utc(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        _key, raw = api_key_issue(name="probe", scope="registry", user=world.admin_a)
    api = client_for(world.province_a)
    for since in ("1938-07-20T02:39:39+20:30", "0001-01-01T00:00:00+05:00", "2026-01-01T00:00:00Z"):
        answer = api.get("/api/v1/enterprises/", {"updated_since": since}, HTTP_AUTHORIZATION=f"Api-Key {raw}")
        assert answer.status_code == 200, since


def test_a_wave_from_stale_filters_says_so_before_anything_is_posted(world: World, db: None) -> None:
    page = client_for(world.province_a, world.staff_a).get("/assessments/waves/new/", {"section": "id"})
    assert page.status_code == 200
    assert "Bộ lọc cơ sở dữ liệu không còn hợp lệ" in page.content.decode()
