"""Celery tasks: they receive ids and call one service. The schema comes from tenant-schemas-celery."""

from __future__ import annotations

import logging
from smtplib import SMTPException

from celery import shared_task

from core.logs import log_context
from core.models import Job
from core.services import job_run, jobs_fail_stale, jobs_purge_expired

logger = logging.getLogger(__name__)


@shared_task(name="core.tasks.job_run_task")
def job_run_task(job_id: int) -> str:
    job = Job.objects.get(pk=job_id)
    with log_context(job_id=str(job.uuid)):  # every line of the run names the job (core/logs.py)
        logger.info("Job %s (%s) starts", job.uuid, job.kind)
        status = job_run(job=job).status
        logger.info("Job %s (%s) ends: %s", job.uuid, job.kind, status)
    return status


@shared_task(name="core.tasks.jobs_purge_expired_task")
def jobs_purge_expired_task() -> int:
    return jobs_purge_expired()


@shared_task(name="core.tasks.sessions_clear_expired_task")
def sessions_clear_expired_task() -> None:
    """Every sign-in opens a session: drop the expired ones."""
    from importlib import import_module

    from django.conf import settings

    # The cached copies expire by themselves; the database rows are deleted here.
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


@shared_task(name="core.tasks.jobs_fail_stale_task")
def jobs_fail_stale_task() -> int:
    return jobs_fail_stale()


@shared_task(
    name="core.tasks.mail_send_task",
    autoretry_for=(OSError, SMTPException),  # the server is down or refuses for now: try again later
    retry_backoff=30,
    retry_backoff_max=3600,
    max_retries=8,  # about seven hours of trying
)
def mail_send_task(subject: str, body: str, recipients: list[str], from_email: str | None = None) -> int:
    from django.core.mail import send_mail

    return send_mail(subject, body, from_email, recipients)
