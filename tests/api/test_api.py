"""The province API: keys (hashed, shown once, scoped, revocable, throttled, logged), the statistics
and registry endpoints, one error shape in two languages, and nothing of another province."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from api.models import ApiCall, ApiKey
from api.services import api_key_issue
from tests.conftest import World, client_for, host
from tests.reporting.statistics.scene import Scene


def _key(world: World, scope: str, province: str = "a") -> str:
    target = world.province_a if province == "a" else world.province_b
    admin = world.admin_a if province == "a" else world.admin_b
    with schema_context(target.schema_name):
        _key_object, raw = api_key_issue(name=f"Bảng tin {scope}", scope=scope, user=admin)
    return raw


def _api(world: World, raw: str, province: str = "a") -> Client:
    target = world.province_a if province == "a" else world.province_b
    return Client(HTTP_HOST=host(target), HTTP_AUTHORIZATION=f"Api-Key {raw}")


def _error(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error", "status"}
    assert body["status"] == response.status_code
    assert set(body["error"]["message"]) == {"vi", "en"}
    assert body["error"]["message"]["vi"] != body["error"]["message"]["en"]
    return body["error"]


def test_a_key_is_shown_once_and_stored_hashed(world: World, db: None) -> None:
    page = client_for(world.province_a, world.admin_a).post(
        "/api-keys/", {"name": "Cục Thống kê", "scope": "statistics"}
    )
    text = page.content.decode()
    raw = text.split('data-testid="raw-key">', 1)[1].split("<", 1)[0]
    assert raw.startswith("dbi_")
    with schema_context(world.province_a.schema_name):
        key = ApiKey.objects.get(name="Cục Thống kê")
        assert raw not in str(list(ApiKey.objects.values_list()))
    assert raw[4:12] == key.prefix
    listing = client_for(world.province_a, world.admin_a).get("/api-keys/").content.decode()
    assert "Cục Thống kê" in listing
    assert raw not in listing
    assert _api(world, raw).get("/api/v1/statistics/levels/?year=2026").status_code == 200


def test_only_the_province_admin_issues_keys(world: World, db: None) -> None:
    assert client_for(world.province_a, world.staff_a).get("/api-keys/").status_code == 404


def test_statistics_answer_what_the_selectors_compute(world: World, scene: Scene, settings: Any) -> None:
    settings.STATS_MIN_CELL = 1  # the scene's cells are all small: show them (small cells: test_disclosure.py)
    client = _api(world, _key(world, "statistics"))
    levels = client.get("/api/v1/statistics/levels/?year=2026").json()
    assert [row["count"] for row in levels["data"]] == [1, 1, 1, 1, 0, 0]
    assert levels["basis"]["states"] == ["validated"]
    spring = client.get("/api/v1/statistics/levels/?date_from=2026-03-01&date_to=2026-04-30").json()
    assert [row["count"] for row in spring["data"]] == [0, 0, 1, 1, 0, 0]
    manufacturing = client.get("/api/v1/statistics/registry/?year=2026&section=C").json()
    assert manufacturing["data"]["total"] == 2
    overview = client.get("/api/v1/statistics/?year=2026").json()
    assert overview["assessments"]["counted"] == 4
    assert "enterprises" not in overview["honours"]  # counts only, no names


def test_bad_filters_get_a_clear_message_in_both_languages(world: World, scene: Scene) -> None:
    client = _api(world, _key(world, "statistics"))
    response = client.get("/api/v1/statistics/levels/?date_from=2026-02-30")
    assert response.status_code == 400
    error = _error(response)
    assert error["code"] == "invalid"
    assert "date_from" in str(error["detail"])
    assert client.get("/api/v1/statistics/levels/?model_version=99").status_code == 400
    ancient = client.get("/api/v1/statistics/trend/?date_from=0001-01-01&date_to=0001-12-31")
    assert ancient.status_code == 400  # not a 500 when counting the years before it
    assert "2100" in str(_error(ancient)["detail"])
    assert client.get("/api/v1/statistics/levels/?size=huge").status_code == 400
    for address in ("/api/v1/khong-co/", "/api/v1/scoring/a%0Ab/"):  # '.' in a pattern stops at a newline
        missing = client.get(address)
        assert missing.status_code == 404
        assert _error(missing)["code"] == "not_found"
    for method in ("post", "put", "patch", "delete"):  # not Django's CSRF page: the API's own answer
        answer = getattr(Client(HTTP_HOST=host(world.province_a), enforce_csrf_checks=True), method)(
            "/api/v1/khong-co/"
        )
        assert (answer.status_code, _error(answer)["code"]) == (404, "not_found"), method


def test_scopes_decide_what_a_key_reads(world: World, scene: Scene) -> None:
    statistics = _api(world, _key(world, "statistics"))
    refused = statistics.get("/api/v1/enterprises/")
    assert refused.status_code == 403
    _error(refused)
    registry = _api(world, _key(world, "registry"))
    page = registry.get("/api/v1/enterprises/?section=C").json()
    assert page["count"] == 2  # e1 and e2 (the merged duplicate is left out)
    assert {row["tax_code"] for row in page["results"]} == {scene.e1.tax_code, scene.e2.tax_code}
    detail = registry.get(f"/api/v1/enterprises/{scene.e1.uuid}/").json()
    assert detail["latest_level"] == 3
    assessments = registry.get("/api/v1/assessments/?year=2026&state=validated").json()
    assert assessments["count"] == 4
    assert len(assessments["results"][0]["pillars"]) == 6
    activities = statistics.get("/api/v1/activities/?year=2026&kind=training&status=held").json()
    assert [(row["participants"], row["enterprises"]) for row in activities["results"]] == [(2, 1)]


def test_a_revoked_key_is_refused_and_every_call_is_logged(world: World, scene: Scene) -> None:
    raw = _key(world, "statistics")
    client = _api(world, raw)
    assert client.get("/api/v1/statistics/levels/").status_code == 200
    assert client.get("/api/v1/enterprises/").status_code == 403
    with schema_context(world.province_a.schema_name):
        key = ApiKey.objects.get(prefix=raw[4:12])
        assert key.last_used_at is not None
    admin = client_for(world.province_a, world.admin_a)
    admin.post(f"/api-keys/{key.uuid}/")
    refused = client.get("/api/v1/statistics/levels/")
    assert refused.status_code == 403
    assert "revoked" in _error(refused)["message"]["en"]
    assert "/api/v1/enterprises/" in admin.get(f"/api-keys/{key.uuid}/").content.decode()  # writes the queue
    with schema_context(world.province_a.schema_name):
        statuses = list(ApiCall.objects.filter(key=key).order_by("created_at").values_list("status", flat=True))
    assert statuses == [200, 403, 403]


def test_calls_wait_in_their_provinces_queue_and_keep_their_time(world: World, scene: Scene) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from api.tasks import api_calls_flush_task

    client_a, client_b = _api(world, _key(world, "statistics")), _api(world, _key(world, "statistics", "b"), "b")
    called_at = timezone.now()
    assert client_a.get("/api/v1/statistics/levels/").status_code == 200
    assert client_b.get("/api/v1/statistics/levels/").status_code == 200
    with schema_context(world.province_a.schema_name):
        assert not ApiCall.objects.exists()  # queued, not yet written
        assert api_calls_flush_task() == 1
        call = ApiCall.objects.get()
        assert abs(call.created_at - called_at) < timedelta(seconds=5)
        assert api_calls_flush_task() == 0
    with schema_context(world.province_b.schema_name):
        assert ApiCall.objects.count() == 0
        assert api_calls_flush_task() == 1  # province B's call was in B's own queue


def test_a_batch_the_database_refuses_goes_back_to_the_queue(
    world: World, scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.db import DatabaseError

    from api.services import api_calls_flush

    client = _api(world, _key(world, "statistics"))
    assert client.get("/api/v1/statistics/levels/").status_code == 200

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise DatabaseError("disk full")

    with schema_context(world.province_a.schema_name):
        with monkeypatch.context() as patch:
            patch.setattr(ApiCall.objects, "bulk_create", refuse)
            with pytest.raises(DatabaseError):
                api_calls_flush()
        assert api_calls_flush() == 1
        assert ApiCall.objects.get().status == 200


def test_a_revoked_key_stays_refused_though_keys_are_cached(
    world: World, scene: Scene, django_capture_on_commit_callbacks: Any
) -> None:
    from django.core.cache import cache

    from api.selectors import key_cache_key
    from api.services import api_key_revoke

    raw = _key(world, "statistics")
    client = _api(world, raw)
    assert client.get("/api/v1/statistics/levels/").status_code == 200  # the key is cached now
    with schema_context(world.province_a.schema_name):
        key = ApiKey.objects.get(prefix=raw[4:12])
        read_before = ApiKey.objects.get(pk=key.pk)
        with django_capture_on_commit_callbacks(execute=True):
            api_key_revoke(key=key, user=world.admin_a)
        # A call that read the key before the revocation committed caches its copy afterwards:
        cache.add(key_cache_key(key.key_hash), read_before, 3600)
    assert client.get("/api/v1/statistics/levels/").status_code == 403
    with schema_context(world.province_b.schema_name):  # the cache entry is the province's own
        assert cache.get(key_cache_key(key.key_hash)) is None


def _assessed(overview: dict[str, Any]) -> int:
    return next(number["value"] for number in overview["key_numbers"] if number["key"] == "assessed")


def test_a_question_asked_again_is_answered_from_the_cache_of_its_own_province(
    world: World, scene: Scene, settings: Any, django_assert_max_num_queries: Any
) -> None:
    settings.STATS_CACHE_SECONDS = 300
    settings.STATS_MIN_CELL = 1  # the scene is all small cells: show them
    client = _api(world, _key(world, "statistics"))
    first = client.get("/api/v1/statistics/?year=2026&section=c")
    assert _assessed(first.json()) == 2
    with django_assert_max_num_queries(2):  # SET search_path and the call's log: no figure is counted
        again = client.get("/api/v1/statistics/?section=c&year=2026")
    assert again.json() == first.json()
    assert _assessed(client.get("/api/v1/statistics/?year=2026").json()) == 4  # another question
    levels = client.get("/api/v1/statistics/levels/?year=2026&section=c").json()["data"]  # another endpoint
    assert sum(level["count"] for level in levels) == 2
    assert client.get("/api/v1/statistics/?year=abc").status_code == 400
    assert client.get("/api/v1/statistics/?year=abc").status_code == 400  # a refusal is not kept
    other = _api(world, _key(world, "statistics", province="b"), province="b").get(
        "/api/v1/statistics/?year=2026&section=c"
    )
    assert _assessed(other.json()) == 0  # province B's own figures, not A's cached answer


def test_keys_are_throttled_one_by_one(world: World, scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.cache import cache

    cache.clear()
    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "api_key": "2/min"}
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", rates)
    clock = [1_800_000_040.0]  # 40 s into a minute
    monkeypatch.setattr(SimpleRateThrottle, "timer", lambda self: clock[0])
    first, second = _api(world, _key(world, "statistics")), _api(world, _key(world, "statistics"))
    assert [first.get("/api/v1/statistics/levels/").status_code for _ in range(3)] == [200, 200, 429]
    refused = first.get("/api/v1/statistics/levels/")
    assert _error(refused)["code"] == "throttled"
    assert refused["Retry-After"] == "20"  # the rest of the minute
    assert second.get("/api/v1/statistics/levels/").status_code == 200  # another key has its own budget
    clock[0] += 20  # the next minute: a new budget
    assert first.get("/api/v1/statistics/levels/").status_code == 200
    cache.clear()


def test_a_key_of_another_province_reads_nothing_here(world: World, scene: Scene) -> None:
    raw_b = _key(world, "registry", province="b")
    for url in (
        "/api/v1/statistics/", "/api/v1/statistics/levels/", "/api/v1/enterprises/",
        f"/api/v1/enterprises/{scene.e1.uuid}/", "/api/v1/assessments/", "/api/v1/activities/",
    ):  # fmt: skip
        response = _api(world, raw_b, province="a").get(url)
        assert response.status_code == 403, url
        assert _error(response)["code"] == "key_refused"
        assert scene.e1.tax_code not in response.content.decode()
    # On its own site, B's key sees B's (empty) registry and not A's enterprise.
    own = _api(world, raw_b, province="b")
    assert own.get("/api/v1/enterprises/").json()["count"] == 0
    assert own.get(f"/api/v1/enterprises/{scene.e1.uuid}/").status_code == 404


def test_the_docs_and_the_schema_are_served_locally(world: World, db: None) -> None:
    client = client_for(world.province_a, world.staff_a)
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    text = docs.content.decode()
    assert "swagger-ui-bundle.js" in text
    assert "cdn" not in text.lower()
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/statistics/levels/" in paths
    assert "/api/v1/enterprises/" in paths
    assert "ApiKey" in schema.json()["components"]["securitySchemes"]


def test_a_national_key_reads_the_rollup_and_a_province_key_does_not(world: World, scene: Scene) -> None:
    from accounts.models import User
    from reporting.national.services import snapshots_refresh

    snapshots_refresh(year=2026)
    root = User.objects.create_superuser("root@localhost", "root-password-2026")
    public = Client(HTTP_HOST="localhost")
    public.force_login(root)
    text = public.post("/api-keys/", {"name": "Bộ KH&CN", "scope": "national"}).content.decode()
    raw = text.split('data-testid="raw-key">', 1)[1].split("<", 1)[0]
    national = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Api-Key {raw}")
    body = national.get("/api/v1/national/?year=2026").json()
    assert body["total"]["counted"] == "<5"  # 4 enterprises: a small cell, hidden from the ministry too
    assert scene.e1.tax_code not in str(body)
    province_key = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Api-Key {_key(world, 'registry')}")
    assert province_key.get("/api/v1/national/?year=2026").status_code == 403
    assert _api(world, raw).get("/api/v1/statistics/").status_code == 403  # a national key is unknown to a province
