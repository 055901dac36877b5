from __future__ import annotations

from django.db import transaction
from django_tenants.utils import schema_context

from core.errors import ApplicationError
from core.models import Job, JobStatus
from core.services import ProgressCallback, job_run, job_runner
from tests.conftest import World, committed

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


def test_progress_inside_a_runners_transaction_is_seen_before_it_commits(world: World, db: None) -> None:
    """The progress bar moves while a long all-or-nothing job still holds its transaction open."""
    schema = world.province_a.schema_name
    progress_seen.clear()

    def run() -> Job:
        with schema_context(schema):
            job = Job.objects.create(kind="test_one_transaction", created_by=world.admin_a, params={"schema": schema})
            return job_run(job=job)

    job = committed(run)
    try:
        assert progress_seen == [(40, "đang ghi", "outside")]
        assert job.status == JobStatus.SUCCEEDED
    finally:

        def clean_up() -> None:
            with schema_context(schema):
                Job.objects.filter(pk=job.pk).delete()

        committed(clean_up)


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


def test_a_job_whose_worker_died_is_marked_failed_after_a_while(world: World, db: None) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from core.services import jobs_fail_stale

    with schema_context(world.province_a.schema_name):
        old = Job.objects.create(
            kind="test_counting", status=JobStatus.RUNNING, created_at=timezone.now() - timedelta(hours=3)
        )
        fresh = Job.objects.create(kind="test_counting", status=JobStatus.RUNNING)
        assert jobs_fail_stale() == 1
        old.refresh_from_db()
        fresh.refresh_from_db()
    assert (old.status, fresh.status) == (JobStatus.FAILED, JobStatus.RUNNING)
    assert "không thay đổi" in old.message
