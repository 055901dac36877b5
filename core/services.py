"""Writes for the audit log and background jobs."""

from __future__ import annotations

import contextvars
import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, IntegrityError, connection, connections, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import schema_context
from kombu.exceptions import OperationalError as KombuOperationalError

from core.errors import ApplicationError
from core.models import AuditEntry, Job, JobStatus, stall_limit
from core.tenancy import current_schema

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEntry:
    """Append one entry to the current province's audit log."""
    authenticated = actor is not None and actor.is_authenticated
    return AuditEntry.objects.create(
        actor=actor if authenticated else None,
        actor_email=actor.email if authenticated and actor is not None else "",
        action=action,
        object_type=obj._meta.model_name or "" if obj is not None else "",
        object_id=str(getattr(obj, "uuid", None) or getattr(obj, "pk", "")) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=changes or {},
        ip_address=ip,
    )


# --- Jobs ----------------------------------------------------------------------------------------

ProgressCallback = Callable[[int, str], None]
JobRunner = Callable[[Job, ProgressCallback], tuple[str, bytes]]
_RUNNERS: dict[str, JobRunner] = {}
_OWNED: set[str] = set()


def job_runner(kind: str, *, owned: bool = False) -> Callable[[JobRunner], JobRunner]:
    """Register the function that does a kind of job; it returns (filename, content).

    `owned`: another object follows the job (an import batch), so only its own page may start the
    job again; the job's page does not offer to."""

    def register(func: JobRunner) -> JobRunner:
        _RUNNERS[kind] = func
        if owned:
            _OWNED.add(kind)
        return func

    return register


JobLinks = Callable[[Job], list[tuple[str, str]]]
_LINKS: dict[str, JobLinks] = {}


def job_links_register(kind: str, links: JobLinks) -> None:
    """A higher app names the lasting files a finished job of `kind` made: (label, URL) pairs."""
    _LINKS[kind] = links


_SHARED: dict[str, str] = {}


def job_shared_register(kind: str, permission: str) -> None:
    """Jobs of `kind` are seen by everyone with `permission`, not only by who started them: a report's
    preview is the report's, and a colleague who clicks while it runs is shown it."""
    _SHARED[kind] = permission


def job_shared_kinds(user: User) -> list[str]:
    return [kind for kind, permission in _SHARED.items() if user.has_perm(permission)]


def job_links(job: Job) -> list[tuple[str, str]]:
    """The lasting files of a finished job (a report version's PDF), beside its expiring download."""
    if job.status != JobStatus.SUCCEEDED or job.kind not in _LINKS:
        return []
    return _LINKS[job.kind](job)


def job_restartable(kind: str) -> bool:
    return kind in _RUNNERS and kind not in _OWNED


def job_start(
    *, kind: str, user: User, params: dict[str, Any] | None = None, ip: str | None = None, once: str = ""
) -> Job:
    """Create a job and queue it once the transaction commits (`once`: see job_start_once)."""
    return job_start_once(kind=kind, user=user, params=params, ip=ip, once=once)[0]


def job_start_once(
    *, kind: str, user: User, params: dict[str, Any] | None = None, ip: str | None = None, once: str = ""
) -> tuple[Job, bool]:
    """Create and queue a job, unless a job with the key `once` (e.g. "yearly_report:12") waits or
    runs: then that one is returned and nothing is queued. True when the job is new.

    The database's unique constraint on active keys decides, not a look first: of two requests at the
    same instant, the second waits for the first's commit and is then refused."""
    from core.tasks import job_run_task

    if kind not in _RUNNERS:
        raise ValueError(f"Unknown job kind {kind!r}")
    for _attempt in range(3):  # the active job may end between the refusal and the read
        try:
            with transaction.atomic():
                job = Job.objects.create(kind=kind, created_by=user, params=params or {}, once_key=once)
                audit_record(actor=user, action="job.start", obj=job, changes={"kind": kind}, ip=ip)
                transaction.on_commit(partial(_job_queue, job, job_run_task))
            return job, True
        except IntegrityError:
            if not once:
                raise
            active = job_active(once=once)
            if active is not None:
                return active, False
    raise ApplicationError(_("The job could not be started; try again."))


ACTIVE = (JobStatus.PENDING, JobStatus.RUNNING)


def job_active(*, once: str) -> Job | None:
    """The job with this key that waits or runs, if any."""
    return Job.objects.filter(once_key=once, status__in=ACTIVE).first() if once else None


BROKER_DOWN = (
    "Chưa gửi được tác vụ tới hàng đợi (máy chủ hàng đợi không phản hồi); chưa có gì thay đổi. "
    "Hãy thử lại sau ít phút. / The job could not be queued (the queue server does not answer); "
    "nothing was changed. Try again in a few minutes."
)


def _job_queue(job: Job, task: Any) -> None:
    """Hand the job to the broker; when the broker is down the job ends at once, saying so in
    words, instead of the page answering 500 or the job waiting at 0 % for ever."""
    try:
        task.delay(job.pk)
    except (KombuOperationalError, OSError):
        logger.warning("Job %s (%s) not queued: the broker is unreachable", job.uuid, job.kind, exc_info=True)
        job.status, job.message, job.finished_at = JobStatus.FAILED, BROKER_DOWN, timezone.now()
        job.save(update_fields=["status", "message", "finished_at"])


def job_progress(*, job: Job, progress: int, message: str = "") -> None:
    job.progress = max(0, min(100, progress))
    job.message = message[:500]
    job.heartbeat_at = timezone.now()
    values = {"progress": job.progress, "message": job.message, "heartbeat_at": job.heartbeat_at}
    if not _inside_runners_transaction():
        _running(job.pk).update(**values)
        return
    # Inside the runner's own transaction the row would change for others only at its commit, and
    # the runner's connection may be busy (a COPY holds it): write on a connection of its own, in a
    # thread. Progress is only shown, so when that fails it is dropped, never retried here.
    # The thread's lines carry the job's id and request's too (a thread starts with no context).
    run_here = contextvars.copy_context().run
    worker = threading.Thread(target=run_here, args=(_write_aside, current_schema(), job.pk, values), daemon=True)
    worker.start()
    worker.join(timeout=5)


def _inside_runners_transaction() -> bool:
    """True within a transaction the job opened (not the ones a test case wraps everything in)."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def _write_aside(schema: str, job_id: int, values: dict[str, Any], *, close: bool = True) -> None:
    try:
        with schema_context(schema), transaction.atomic():
            with connection.cursor() as cursor:
                # Should the runner's transaction hold the job's row, give up rather than wait for it.
                cursor.execute("SET LOCAL lock_timeout = '1s'")
            _running(job_id).update(**values)
    except DatabaseError:
        logger.info("Progress of job %s not recorded", job_id, exc_info=True)
    finally:
        if close:
            connections.close_all()


def _running(job_id: int) -> models.QuerySet[Job]:
    # A job failed meanwhile (by the sweep, or started again by its user) stays failed.
    return Job.objects.filter(pk=job_id, status=JobStatus.RUNNING)


class _Heartbeat:
    """While a job runs, a thread of the worker writes the job's heartbeat on a connection of its
    own, so a long step that reports no progress still shows that its worker is alive."""

    def __init__(self, job: Job) -> None:
        self.schema = current_schema()
        self.job_id = job.pk
        self.stop = threading.Event()
        run_here = contextvars.copy_context().run  # its log lines carry the job's id
        self.thread = threading.Thread(target=run_here, args=(self._beat,), name=f"job-{job.pk}-heartbeat", daemon=True)

    def __enter__(self) -> None:
        self.thread.start()

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=5)

    def _beat(self) -> None:
        try:
            while not self.stop.wait(settings.JOB_HEARTBEAT_SECONDS):
                values = {"heartbeat_at": timezone.now()}
                _write_aside(self.schema, self.job_id, values, close=False)
        finally:
            connections.close_all()  # this thread's own connection


def job_claim(*, job: Job) -> bool:
    """Take the job for this worker, atomically: a pending job, or a running one whose worker has
    stopped beating. False when another worker runs it, or it ended, failed or was started again.

    One UPDATE … WHERE: of two workers handed the same task, PostgreSQL lets only one match."""
    now = timezone.now()
    values = {"status": JobStatus.RUNNING, "heartbeat_at": now, "progress": 0, "message": ""}
    claimed = (
        Job.objects.filter(pk=job.pk)
        .filter(
            Q(status=JobStatus.PENDING)
            | Q(status=JobStatus.RUNNING, heartbeat_at__lt=stall_limit())
            | Q(status=JobStatus.RUNNING, heartbeat_at__isnull=True, created_at__lt=stall_limit())
        )
        .update(**values)
    )
    if claimed:
        for field, value in values.items():
            setattr(job, field, value)
    return bool(claimed)


def job_run(*, job: Job) -> Job:
    """Run a queued job to its end, storing its result file or its failure message.

    Idempotent by job id: a task delivered twice runs the job once, unless its first worker died."""
    if not job_claim(job=job):
        logger.info("Job %s (%s) not run: already taken or ended", job.uuid, job.kind)
        job.refresh_from_db()
        return job
    try:
        with _Heartbeat(job):

            def report(progress: int, message: str = "") -> None:
                job_progress(job=job, progress=progress, message=message)

            filename, content = _RUNNERS[job.kind](job, report)
    except Exception as exc:  # the user must see a finished job, whatever went wrong
        logger.exception("Job %s (%s) failed", job.uuid, job.kind)
        job.status = JobStatus.FAILED
        job.message = str(getattr(exc, "message", "")) or "Lỗi hệ thống / Internal error"
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "message", "finished_at"])
        return job
    job.result_file.save(filename, ContentFile(content), save=False)
    job.status = JobStatus.SUCCEEDED
    job.progress = 100
    job.message = ""  # the last step's words ("Saving") would contradict "Finished"
    job.finished_at = timezone.now()
    job.expires_at = job.finished_at + timedelta(hours=settings.JOB_RESULT_TTL_HOURS)
    job.save(update_fields=["result_file", "status", "progress", "message", "finished_at", "expires_at"])
    return job


def job_restart(*, job: Job, user: User, ip: str | None = None) -> Job:
    """Start a stalled job again as a new job; the stalled one is failed, so a late redelivery of its
    task runs nothing. Raises ApplicationError when the job is not stalled (any more)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if not job.is_stalled:
            raise ApplicationError(_("This job is not stalled: it cannot be started again."))
        job.status = JobStatus.FAILED
        job.finished_at = timezone.now()
        job.message = INTERRUPTED
        job.save(update_fields=["status", "finished_at", "message"])
        audit_record(actor=user, action="job.restart", obj=job, ip=ip)
        return job_start(kind=job.kind, user=user, params=job.params, ip=ip, once=job.once_key)


INTERRUPTED = "Tác vụ bị gián đoạn; dữ liệu không thay đổi. / The job was interrupted; nothing was changed."


def jobs_fail_stale(*, minutes: float | None = None, hours: float | None = None) -> int:
    """Fail the jobs whose worker died without a word (killed, out of memory), so their pages stop
    waiting: running ones silent for JOB_STALL_FAIL_MINUTES, and pending ones no worker took in
    JOB_STALE_HOURS. The stall limit comes before the broker's redelivery (1 hour), which then
    finds the job failed and runs nothing."""
    now = timezone.now()
    silent_since = now - timedelta(minutes=minutes or settings.JOB_STALL_FAIL_MINUTES)
    waiting_since = now - timedelta(hours=hours or settings.JOB_STALE_HOURS)
    stale = Job.objects.filter(
        Q(status=JobStatus.RUNNING, heartbeat_at__lt=silent_since)
        | Q(status=JobStatus.RUNNING, heartbeat_at__isnull=True, created_at__lt=silent_since)
        | Q(status=JobStatus.PENDING, created_at__lt=waiting_since)
    )
    return stale.update(status=JobStatus.FAILED, finished_at=now, message=INTERRUPTED)


def jobs_purge_expired() -> int:
    """Delete the result files of expired jobs (the job rows stay, for the audit trail)."""
    count = 0
    for job in Job.objects.filter(expires_at__lte=timezone.now()).exclude(result_file=""):
        job.result_file.delete(save=False)
        job.save(update_fields=["result_file"])
        count += 1
    return count
