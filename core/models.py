"""Audit log and background jobs: two mechanisms every later feature writes to."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.tenancy import current_schema


class AuditEntry(models.Model):
    """Who did what to which object, when, and from where. Written by services, never edited."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, blank=True, on_delete=models.SET_NULL
    )
    # Kept as text so the entry still says who acted after the account is renamed or deleted.
    actor_email = models.CharField(_("actor e-mail"), max_length=254, blank=True)
    action = models.CharField(_("action"), max_length=64, db_index=True)
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        permissions = [("export_auditentry", "Can export the audit log")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_email} {self.action} {self.object_repr}"


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")


def job_result_path(job: Job, filename: str) -> str:
    """Result files live under the province's own folder, never beside another province's."""
    return str(PurePosixPath("jobs") / current_schema() / str(job.uuid) / filename)


def stall_limit() -> datetime:
    """A running job last seen before this has stalled."""
    return timezone.now() - timedelta(minutes=settings.JOB_STALL_MINUTES)


class Job(models.Model):
    """A long task run by Celery: the page polls its progress and downloads its result file."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=64)
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    message = models.CharField(_("message"), max_length=500, blank=True)
    params = models.JSONField(default=dict, blank=True)
    result_file = models.FileField(_("result file"), upload_to=job_result_path, max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), null=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Written when the run starts, at each progress report and every JOB_HEARTBEAT_SECONDS by the
    # worker: a running job whose heartbeat is older than JOB_STALL_MINUTES lost its worker.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    # Jobs with the same key never wait or run at the same time (one report drawn at a time): the
    # database refuses a second one, so two clicks at the same instant still queue one job.
    once_key = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        constraints = [
            models.UniqueConstraint(
                fields=["once_key"],
                condition=Q(status__in=["pending", "running"]) & ~Q(once_key=""),
                name="job_once_while_active",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.uuid}"

    @property
    def is_finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def last_seen(self) -> datetime:
        return self.heartbeat_at or self.created_at

    @property
    def is_stalled(self) -> bool:
        """Running, but its worker has given no sign of life for JOB_STALL_MINUTES (killed, out of memory)."""
        return self.status == JobStatus.RUNNING and self.last_seen < stall_limit()

    @property
    def can_restart(self) -> bool:
        """Stalled, and its page may start it again with the same settings."""
        from core.services import job_restartable

        return self.is_stalled and job_restartable(self.kind)

    @property
    def kind_label(self) -> str:
        from core.audit import JOB_KINDS

        return str(JOB_KINDS.get(self.kind, self.kind))

    @property
    def links(self) -> list[tuple[str, str]]:
        """The lasting files this finished job made, as (label, URL)."""
        from core.services import job_links

        return job_links(self)

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()
