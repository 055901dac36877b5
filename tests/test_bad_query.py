"""Every page of the province site, asked with bad values in every query parameter it reads, answers
without a server error: a 400 or the page with a message. The parameters a page reads are found by
watching its first request (a form, a FilterSet or a serializer reads each of its fields)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.handlers.wsgi import WSGIRequest
from django.http import QueryDict
from rest_framework.throttling import SimpleRateThrottle

from tests.conftest import World, client_for
from tests.routes import a_samples, tenant_routes, urls  # noqa: F401  (a_samples: fixture)

BAD = (
    "abc\x00",  # PostgreSQL refuses NUL in text
    "x" * 10_000,
    "-1",
    "99999999999999999999999",
    "abc",  # for a number, a date, a choice
    "2026-13-45",
    "0001-01-01",
    "9999-12-31T23:59:59+20:30",
)
# The API's values are explored by schemathesis (tests/api/test_schema.py); here a few per parameter.
API_BAD = ("abc", "-1", "x" * 10_000)
SKIPPED = ("accounts/logout/",)  # ends the session the walk runs in


class Recording(QueryDict):
    """A query that notes every name a view asks it for."""

    read: set[str] = set()

    def __getitem__(self, key: str) -> Any:
        Recording.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key: object) -> bool:
        Recording.read.add(str(key))
        return super().__contains__(key)

    def getlist(self, key: str, default: Any = None) -> list[Any]:
        Recording.read.add(key)
        return super().getlist(key, default)


@pytest.fixture
def recording(monkeypatch: pytest.MonkeyPatch) -> type[Recording]:
    """request.GET records what is read; the API's rate limit is lifted for the walk's many requests."""
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", None)

    def query(request: WSGIRequest) -> QueryDict:
        if "_recorded" not in request.__dict__:
            request.__dict__["_recorded"] = Recording(request.META.get("QUERY_STRING", ""))
        return request.__dict__["_recorded"]

    def replace(request: WSGIRequest, value: QueryDict) -> None:
        request.__dict__["_recorded"] = value

    monkeypatch.setattr(WSGIRequest, "GET", property(query, replace))
    return Recording


def _pages(samples: dict[str, list[str]]) -> Iterator[str]:
    for route in tenant_routes():
        if route.startswith(SKIPPED):
            continue
        yield next(urls(route, samples))[0]


def test_no_page_answers_a_server_error_to_bad_query_values(
    world: World,
    a_samples: dict[str, list[str]],  # noqa: F811
    recording: type[Recording],
) -> None:
    client = client_for(world.province_a, world.admin_a)
    failures: list[str] = []
    read_by: dict[str, list[str]] = {}

    def ask(url: str, query: list[tuple[str, str]]) -> None:
        address = f"{url}?{_encode(query)}" if query else url
        try:
            status = client.get(address).status_code
        except Exception as error:  # the test client raises what the view raised
            failures.append(f"GET {address[:150]}: {type(error).__name__}: {str(error)[:300]}")
            return
        if status >= 500:
            failures.append(f"GET {address[:150]}: {status}")

    for url in _pages(a_samples):
        recording.read = set()
        # A form or FilterSet reads its fields only when the query is not empty; the API refuses a
        # parameter it does not know, and knows `format`.
        ask(url, [("format", "json")] if url.startswith("/api/") else [("probe", "1")])
        names = read_by[url] = sorted(recording.read - {"probe", "format"})
        ask(url, [("unknown_parameter", "abc")])
        values = API_BAD if url.startswith("/api/") else BAD
        for name in names:
            for value in values:
                ask(url, [(name, value)])
            ask(url, [(name, "1"), (name, "abc")])  # given twice
        if names:
            for value in values:
                ask(url, [(name, value) for name in names])  # all at once
    assert not failures, "\n".join(failures)
    # The walk saw what the forms, FilterSets and serializers read.
    assert {"q", "ward", "page"} <= set(read_by["/enterprises/"])
    assert {"updated_since", "page_size"} <= set(read_by["/api/v1/enterprises/"])
    assert {"date_from", "model_version"} <= set(read_by["/api/v1/statistics/levels/"])


def _encode(query: list[tuple[str, str]]) -> str:
    data = QueryDict(mutable=True)
    for name, value in query:
        data.appendlist(name, value)
    return data.urlencode()
