"""Log lines an operator can search: JSON with the province, the user, the request id and the job."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django_tenants.utils import schema_context

from core.logs import job_id_var, request_id_var
from core.middleware import RequestLogMiddleware
from core.models import Job, JobStatus
from core.services import ProgressCallback, job_runner
from core.tasks import job_run_task
from tests.conftest import World, client_for

Lines = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def log_lines() -> Iterator[Lines]:
    """What the portal's stdout handler writes, parsed: the same formatter and filter, into a buffer."""
    console = next(handler for handler in logging.getLogger().handlers if handler.get_name() == "console")
    buffer = io.StringIO()
    capture = logging.StreamHandler(buffer)
    capture.setFormatter(console.formatter)
    for log_filter in console.filters:
        capture.addFilter(log_filter)
    root = logging.getLogger()
    root.addHandler(capture)
    try:
        yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    finally:
        root.removeHandler(capture)


def _request_line(lines: list[dict[str, Any]]) -> dict[str, Any]:
    (line,) = [line for line in lines if line["logger"] == "core.request"]
    return line


def test_a_request_logs_a_json_line_with_its_province_user_and_the_proxys_request_id(
    world: World, db: None, log_lines: Lines
) -> None:
    response = client_for(world.province_a, world.admin_a).get("/", HTTP_X_REQUEST_ID="nginx-5f2b9c0e7d1a4e3b")

    assert response["X-Request-ID"] == "nginx-5f2b9c0e7d1a4e3b"
    line = _request_line(log_lines())
    assert line["request_id"] == "nginx-5f2b9c0e7d1a4e3b"
    assert line["province"] == world.province_a.schema_name
    assert line["user_id"] == str(world.admin_a.pk)
    assert (line["method"], line["path"], line["status"], line["level"]) == ("GET", "/", response.status_code, "INFO")
    assert isinstance(line["duration_ms"], int)
    assert request_id_var.get() is None, "the request's id outlived it"


@pytest.mark.parametrize("header", ["two words", "x" * 201, "id\r\nSet-Cookie: a=b", ""])
def test_an_unusable_request_id_is_replaced_by_a_new_one(world: World, db: None, log_lines: Lines, header: str) -> None:
    client = client_for(world.province_b)
    first = client.get("/accounts/login/", HTTP_X_REQUEST_ID=header)
    second = client.get("/accounts/login/")

    assert first["X-Request-ID"] != header
    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]
    lines = [line for line in log_lines() if line["logger"] == "core.request"]
    assert [line["request_id"] for line in lines] == [first["X-Request-ID"], second["X-Request-ID"]]
    assert {(line["province"], line["user_id"]) for line in lines} == {(world.province_b.schema_name, None)}


@job_runner("test_logging")
def _logging(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    logging.getLogger("tests.job").warning("row 7 skipped")
    progress(50, "nửa chừng")
    return "log.txt", b"ok"


def test_every_line_of_a_job_carries_its_id_and_province(world: World, db: None, log_lines: Lines) -> None:
    with schema_context(world.province_a.schema_name):
        job = Job.objects.create(kind="test_logging", created_by=world.admin_a)
        job_run_task.delay(job.pk)
        job.refresh_from_db()

    assert job.status == JobStatus.SUCCEEDED
    lines = [line for line in log_lines() if line["job_id"] is not None]
    assert [line["message"] for line in lines] == [
        f"Job {job.uuid} (test_logging) starts",
        "row 7 skipped",
        f"Job {job.uuid} (test_logging) ends: succeeded",
    ]
    assert {(line["job_id"], line["province"]) for line in lines} == {(str(job.uuid), world.province_a.schema_name)}
    assert job_id_var.get() is None, "the job's id outlived it"


def test_a_request_whose_error_page_fails_too_is_still_logged_with_its_id(log_lines: Lines) -> None:
    """When even the 500 page raises (the database is gone), gunicorn answers; the line remains."""

    def broken(request: HttpRequest) -> HttpResponse:
        raise OperationalError("the database is gone")

    request = RequestFactory().get("/registry/", HTTP_X_REQUEST_ID="proxy-7")
    with pytest.raises(OperationalError):
        RequestLogMiddleware(broken)(request)

    line = _request_line(log_lines())
    assert (line["path"], line["status"], line["request_id"], line["level"]) == ("/registry/", 500, "proxy-7", "INFO")
