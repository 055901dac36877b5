from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings as django_settings
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from core.errors import ApplicationError
from core.models import Job, JobStatus
from core.services import ProgressCallback, job_run, job_runner
from core.tasks import job_run_task
from tests.conftest import World, client_for, committed

progress_seen: list[tuple[int, int | str, str]] = []


@job_runner("test_counting")
def _counting(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    for step in (25, 50, 75):
        progress(step, f"bước {step}")
        saved = Job.objects.get(pk=job.pk)
        progress_seen.append((saved.progress, step, saved.status))
    return "count.txt", b"1,2,3"


@job_runner("test_failing")
def _failing(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    raise ApplicationError("Tệp không hợp lệ.")


@job_runner("test_one_transaction")
def _one_transaction(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    schema = job.params["schema"]
    with transaction.atomic():  # like an import, which writes everything or nothing
        progress(40, "đang ghi")

        def seen_outside() -> tuple[int, str]:
            with schema_context(schema):
                return Job.objects.values_list("progress", "message").get(pk=job.pk)

        progress_seen.append((*committed(seen_outside), "outside"))
    return "done.txt", b""


@contextmanager
def run_committed(world: World, kind: str) -> Iterator[Job]:
    """Run a job of `kind` committed, as a worker does, so other connections see its writes; then
    delete it."""
    schema = world.province_a.schema_name

    def run() -> Job:
        with schema_context(schema):
            job = Job.objects.create(kind=kind, created_by=world.admin_a, params={"schema": schema})
            return job_run(job=job)

    job = committed(run)
    try:
        yield job
    finally:

        def clean_up() -> None:
            with schema_context(schema):
                Job.objects.filter(pk=job.pk).delete()

        committed(clean_up)


def test_progress_inside_a_runners_transaction_is_seen_before_it_commits(world: World, db: None) -> None:
    """The progress bar moves while a long all-or-nothing job still holds its transaction open."""
    progress_seen.clear()
    with run_committed(world, "test_one_transaction") as job:
        assert progress_seen == [(40, "đang ghi", "outside")]
        assert job.status == JobStatus.SUCCEEDED


def test_progress_is_saved_as_the_job_runs(world: World, db: None) -> None:
    progress_seen.clear()
    with schema_context(world.province_a.schema_name):
        job = job_run(job=Job.objects.create(kind="test_counting", created_by=world.admin_a))
    assert progress_seen == [(25, 25, "running"), (50, 50, "running"), (75, 75, "running")]
    assert job.status == JobStatus.SUCCEEDED
    assert job.result_file.read() == b"1,2,3"


def test_a_failing_job_ends_failed_with_its_message_and_no_file(world: World, db: None) -> None:
    with schema_context(world.province_a.schema_name):
        job = job_run(job=Job.objects.create(kind="test_failing", created_by=world.admin_a))
        job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.message == "Tệp không hợp lệ."
    assert not job.result_file


def test_the_sweep_fails_jobs_stalled_long_or_never_picked_up(world: World, db: None) -> None:
    from core.services import jobs_fail_stale

    with schema_context(world.province_a.schema_name):
        now = timezone.now()
        started_long_ago = now - timedelta(hours=3)

        def job(status: str, heartbeat_minutes: float | None = None) -> Job:
            beat = now - timedelta(minutes=heartbeat_minutes) if heartbeat_minutes is not None else None
            return Job.objects.create(
                kind="test_counting", status=status, heartbeat_at=beat, created_at=started_long_ago
            )

        dead = job(JobStatus.RUNNING, heartbeat_minutes=45)  # silent past JOB_STALL_FAIL_MINUTES
        stalled = job(JobStatus.RUNNING, heartbeat_minutes=10)  # shown as stalled, not failed yet
        alive = job(JobStatus.RUNNING, heartbeat_minutes=0.1)  # a long job that still beats
        never_taken = job(JobStatus.PENDING)
        queued = Job.objects.create(kind="test_counting")
        assert jobs_fail_stale() == 2
        statuses = [Job.objects.get(pk=j.pk).status for j in (dead, stalled, alive, never_taken, queued)]
        assert Job.objects.get(pk=dead.pk).message.startswith("Tác vụ bị gián đoạn")
    assert statuses == ["failed", "running", "running", "failed", "pending"]


runs: list[int] = []


@job_runner("test_recorded")
def _recorded(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    runs.append(job.pk)
    return "run.txt", b"ok"


def _job_in(world: World, *, status: str, heartbeat_minutes: float) -> Job:
    return Job.objects.create(
        kind="test_recorded",
        status=status,
        created_by=world.admin_a,
        created_at=timezone.now() - timedelta(minutes=heartbeat_minutes + 1),
        heartbeat_at=timezone.now() - timedelta(minutes=heartbeat_minutes),
    )


def test_a_redelivered_task_of_a_job_another_worker_runs_does_nothing(world: World, db: None) -> None:
    runs.clear()
    with schema_context(world.province_a.schema_name):
        job = _job_in(world, status=JobStatus.RUNNING, heartbeat_minutes=0.2)
        job_run_task(job.pk)  # the broker handed the task out again
        job.refresh_from_db()
    assert runs == []
    assert job.status == JobStatus.RUNNING


def test_a_finished_job_is_not_run_again(world: World, db: None) -> None:
    runs.clear()
    with schema_context(world.province_a.schema_name):
        for status in (JobStatus.SUCCEEDED, JobStatus.FAILED):
            job = _job_in(world, status=status, heartbeat_minutes=60)
            assert job_run_task(job.pk) == status
    assert runs == []


def test_a_job_whose_worker_died_runs_again_once(world: World, db: None) -> None:
    runs.clear()
    with schema_context(world.province_a.schema_name):
        job = _job_in(world, status=JobStatus.RUNNING, heartbeat_minutes=10)
        assert job_run_task(job.pk) == JobStatus.SUCCEEDED
        assert job_run_task(job.pk) == JobStatus.SUCCEEDED  # a second redelivery
    assert runs == [job.pk]


heartbeats: list[datetime | None] = []


@job_runner("test_slow_silent")
def _slow_silent(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    schema = job.params["schema"]

    def heartbeat() -> datetime | None:
        with schema_context(schema):
            return Job.objects.values_list("heartbeat_at", flat=True).get(pk=job.pk)

    for _step in range(3):  # a long step that reports no progress
        heartbeats.append(committed(heartbeat))
        time.sleep(0.3)
    return "slow.txt", b""


def test_the_heartbeat_advances_while_a_slow_job_reports_nothing(world: World, db: None, settings: Any) -> None:
    settings.JOB_HEARTBEAT_SECONDS = 0.05
    heartbeats.clear()
    with run_committed(world, "test_slow_silent") as job:
        assert job.status == JobStatus.SUCCEEDED
        beats = [beat for beat in heartbeats if beat is not None]
        assert len(beats) == 3, heartbeats
        assert beats == sorted(beats), heartbeats
        assert len(set(beats)) == 3, heartbeats  # it moved between each look
        # The beat stopped with the run.
        assert all(not thread.name.startswith(f"job-{job.pk}-") for thread in threading.enumerate())


def test_a_stalled_job_says_so_on_its_page_and_starts_again(world: World, db: None) -> None:
    client = client_for(world.province_a, world.admin_a)
    with schema_context(world.province_a.schema_name):
        job = Job.objects.create(
            kind="audit_export",
            status=JobStatus.RUNNING,
            progress=45,
            created_by=world.admin_a,
            params={"filters": {}},
            heartbeat_at=timezone.now() - timedelta(minutes=10),
        )
        fresh = _job_in(world, status=JobStatus.RUNNING, heartbeat_minutes=0.1)
    page = client.get(f"/jobs/{job.uuid}/").text
    assert "Tác vụ đã dừng phản hồi từ" in page
    assert "Hãy chạy lại" in page
    assert 'hx-trigger="every 30s"' in page  # the page stops asking every second
    assert "Đang chạy" not in page
    assert "dừng phản hồi" not in client.get(f"/jobs/{fresh.uuid}/").text
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "The job stopped responding at" in client.get(f"/jobs/{job.uuid}/", headers={"HX-Request": "true"}).text

    response = client.post(f"/jobs/{job.uuid}/restart/", {"next": f"/jobs/{job.uuid}/"})
    with schema_context(world.province_a.schema_name):
        job.refresh_from_db()
        again = Job.objects.exclude(pk__in=[job.pk, fresh.pk]).get(kind="audit_export")
    assert response["Location"] == f"/jobs/{again.uuid}/"
    assert job.status == JobStatus.FAILED
    assert again.params == {"filters": {}}
    # A job that still beats is not started a second time.
    assert "cannot be started again" in client.post(f"/jobs/{fresh.uuid}/restart/", follow=True).text
    with schema_context(world.province_a.schema_name):
        assert Job.objects.filter(kind="test_recorded").count() == 1
