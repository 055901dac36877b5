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


def test_an_offset_postgresql_refuses_is_read_in_utc_and_a_year_out_of_range_is_refused(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        _key, raw = api_key_issue(name="probe", scope="registry", user=world.admin_a)
    api = client_for(world.province_a)
    for since in ("2038-07-20T02:39:39+20:30", "2026-01-01T00:00:00Z", "2100-12-31T23:59:59-23:59"):
        answer = api.get("/api/v1/enterprises/", {"updated_since": since}, HTTP_AUTHORIZATION=f"Api-Key {raw}")
        assert answer.status_code == 200, since
    for since in ("1938-07-20T02:39:39+20:30", "0001-01-01T00:00:00+05:00", "2026-01-01T00:00:00+24:00", "2026-01-01"):
        answer = api.get("/api/v1/enterprises/", {"updated_since": since}, HTTP_AUTHORIZATION=f"Api-Key {raw}")
        assert answer.status_code == 400, since
        assert "2000 to 2100" in str(answer.json()["error"]["detail"]) or "2000 đến 2100" in str(
            answer.json()["error"]["detail"]
        ), since


def test_the_api_refuses_what_its_schema_does_not_allow(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        _key, raw = api_key_issue(name="probe", scope="statistics", user=world.admin_a)
    api = client_for(world.province_a)
    api.defaults["HTTP_AUTHORIZATION"] = f"Api-Key {raw}"
    for query in (
        "page_size=null", "page_size=0", "page_size=501", "page=last", "page=-1", "year=1999", "year=abc",
        "date_from=2026-13-45", "date_from=0001-01-01", "date_from=20260101", "date_from=", "kind=unknown",
        "year=2026&year=2027", "colour=red",
    ):  # fmt: skip
        answer = api.get(f"/api/v1/activities/?{query}")
        assert answer.status_code == 400, query
        assert answer.json()["error"]["message"] == {"vi": "Yêu cầu không hợp lệ.", "en": "The request is not valid."}
    assert "colour" in answer.json()["error"]["detail"]  # the unknown parameter is named
    for query in ("date_from=2026-03-01", "date_to=2026-03-01", "year=2025&date_from=2025-06-01", "format=json"):
        assert api.get(f"/api/v1/statistics/levels/?{query}").status_code == 200, query
    spring = api.get("/api/v1/statistics/levels/?date_from=2026-03-01").json()
    assert spring["basis"]["period"] == {"from": "2026-03-01", "to": "2026-12-31"}
    backwards = api.get("/api/v1/statistics/levels/?date_from=2026-03-01&date_to=2026-01-01")
    assert backwards.status_code == 200  # an empty period: nothing is counted


def test_a_wave_from_stale_filters_says_so_before_anything_is_posted(world: World, db: None) -> None:
    page = client_for(world.province_a, world.staff_a).get("/assessments/waves/new/", {"section": "id"})
    assert page.status_code == 200
    assert "Bộ lọc cơ sở dữ liệu không còn hợp lệ" in page.content.decode()


def test_a_bad_filter_of_the_assessment_list_is_named_and_left_out(world: World, db: None) -> None:
    page = client_for(world.province_a, world.admin_a).get("/assessments/", {"level": "9", "state": "draft"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Đã bỏ qua vì không hợp lệ:" in text
    assert 'value="draft" selected' in text  # the valid filter still applies


def test_a_year_a_page_cannot_show_is_named_and_this_year_shown(world: World, db: None) -> None:
    from django.utils import timezone

    this_year = timezone.localdate().year
    admin = client_for(world.province_a, world.admin_a)
    for value in ("abc", "1999", "2.026"):
        page = admin.get("/programme/kpi/", {"year": value})
        assert page.status_code == 200
        assert f"Không thể hiển thị năm “{value}” ở trang này; trang đang hiển thị năm {this_year}." in page.text
    assert "Không thể hiển thị năm" not in admin.get("/programme/kpi/", {"year": str(this_year)}).text
