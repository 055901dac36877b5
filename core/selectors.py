"""Reads for the audit log and jobs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404

from core.models import AuditEntry, Job

if TYPE_CHECKING:
    from accounts.models import User


def audit_entry_list(*, filters: dict[str, Any] | None = None) -> QuerySet[AuditEntry]:
    from core.filters import AuditEntryFilter

    queryset = AuditEntry.objects.select_related("actor")
    return AuditEntryFilter(filters or {}, queryset=queryset).qs


def job_get_for_user(*, user: User, job_uuid: UUID | str) -> Job:
    """The job if `user` started it (or manages the province); 404 otherwise."""
    queryset = Job.objects.all()
    if not user.has_perm("accounts.manage_users"):
        queryset = queryset.filter(created_by=user)
    try:
        return queryset.get(uuid=job_uuid)
    except (Job.DoesNotExist, ValueError) as exc:
        raise Http404 from exc
