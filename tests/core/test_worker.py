"""A real Celery worker, started here against Redis and the test database, runs a province's job."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from core.models import AuditEntry, Job, JobStatus
from core.services import audit_record, job_start
from dbi_portal.celery import app
from tests.conftest import World, committed

pytestmark = pytest.mark.worker


@pytest.fixture
def worker(world: World, db: None, tmp_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A worker whose output, its log, goes to `tmp_path / "worker.log"`."""
    database = connection.settings_dict
    env: dict[str, str] = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dbi_portal.settings",
        "DJANGO_TESTING": "1",
        "DATABASE_URL": (
            f"postgres://{quote(database['USER'])}:{quote(database['PASSWORD'] or '')}@"
            f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
        ),
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    app.control.purge()
    log = (tmp_path / "worker.log").open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "dbi_portal",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def _json_lines(path: Path) -> list[dict[str, Any]]:
    """The log's JSON lines (a line of something else, a warning printed by a library, is skipped)."""
    lines = []
    for text in path.read_text().splitlines():
        with contextlib.suppress(ValueError):
            lines.append(json.loads(text))
    return lines


def _job(schema: str, job_id: int) -> Job:
    with schema_context(schema):
        return Job.objects.get(pk=job_id)


def _wait_until_finished(schema: str, job_id: int, timeout: float = 60) -> Job:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = _job(schema, job_id)
        if job.is_finished:
            return job
        time.sleep(0.3)
    raise AssertionError(f"job still {job.status} at {job.progress}% after {timeout}s")


@pytest.fixture
def broker() -> Iterator[None]:
    """Send tasks to Redis instead of running them in-process as the other tests do."""
    app.conf.update(task_always_eager=False)
    yield
    app.conf.update(task_always_eager=True)


def test_worker_runs_the_job_in_its_province_and_reports_progress(
    world: World, worker: subprocess.Popen[bytes], broker: None, tmp_path: Path
) -> None:
    schema_a, schema_b = world.province_a.schema_name, world.province_b.schema_name

    def start() -> Job:
        with schema_context(schema_a):
            for index in range(1200):  # enough rows for several progress steps
                audit_record(actor=world.admin_a, action="worker.row", changes={"n": index})
            return job_start(kind="audit_export", user=world.admin_a, params={"filters": {"action": "worker."}})

    def clean_up() -> None:
        with schema_context(schema_a):
            Job.objects.filter(kind="audit_export").delete()
            AuditEntry.objects.filter(action__in=["worker.row", "job.start"]).delete()

    with schema_context(schema_b):
        jobs_in_b = Job.objects.count()
    job = committed(start)
    try:
        finished = _wait_until_finished(schema_a, job.pk)

        assert worker.poll() is None, "the worker died"
        assert finished.status == JobStatus.SUCCEEDED, finished.message
        assert finished.progress == 100
        assert str(finished.result_file.name).startswith(f"jobs/{schema_a}/{job.uuid}/")
        assert Path(finished.result_file.path).stat().st_size > 10_000
        with schema_context(schema_b):
            assert Job.objects.count() == jobs_in_b
        # The worker logs JSON, Celery's own lines included; the job's lines name it and its province.
        lines = _json_lines(tmp_path / "worker.log")
        job_lines = [line for line in lines if line.get("job_id") == str(job.uuid)]
        assert [line["message"] for line in job_lines] == [
            f"Job {job.uuid} (audit_export) starts",
            f"Job {job.uuid} (audit_export) ends: succeeded",
        ]
        assert {line["province"] for line in job_lines} == {schema_a}
        assert any(line["logger"] == "celery.app.trace" and line["province"] == schema_a for line in lines)
    finally:
        committed(clean_up)


def test_worker_builds_the_yearly_report_while_the_page_stays_usable(
    world: World, worker: subprocess.Popen[bytes], broker: None
) -> None:
    from reporting.yearly.models import ReportVersion, YearlyReport
    from reporting.yearly.services import report_generate, report_start

    schema_a = world.province_a.schema_name

    def start() -> Job:
        with schema_context(schema_a):
            report = report_start(year=2026, user=world.staff_a)
            return report_generate(report=report, user=world.staff_a)[0]

    def clean_up() -> None:
        with schema_context(schema_a):
            ReportVersion.objects.all().delete()
            YearlyReport.objects.all().delete()
            Job.objects.filter(kind="yearly_report").delete()
            AuditEntry.objects.filter(action__startswith="report.").delete()

    job = committed(start)
    try:
        # The report's page answers while the worker renders.
        from tests.conftest import client_for

        with schema_context(schema_a):
            report_uuid = YearlyReport.objects.get(year=2026).uuid
        page = client_for(world.province_a, world.staff_a).get(f"/reports/{report_uuid}/")
        assert page.status_code == 200
        assert f'id="job-{job.uuid}"' in page.content.decode()
        finished = _wait_until_finished(schema_a, job.pk, timeout=120)
        assert finished.status == JobStatus.SUCCEEDED, finished.message
        with schema_context(schema_a):
            version = ReportVersion.objects.get(report__year=2026)
            assert Path(version.pdf.path).read_bytes().startswith(b"%PDF")
            assert str(version.pdf.name).startswith(f"reports/{schema_a}/2026/")
            assert version.pages >= 2
            # Outside a transaction the annex is written by a forked child beside the PDF.
            annex = load_workbook(version.annex.path, read_only=True)
            assert annex.sheetnames[-1] == "DS-Hoat dong"
    finally:
        committed(clean_up)
