"""Reads for the audit log and jobs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404

from core.filters import AuditEntryFilter
from core.models import AuditEntry, Job
from core.services import job_shared_kinds

if TYPE_CHECKING:
    from accounts.models import User


def audit_entry_filter(*, data: Mapping[str, Any] | None) -> AuditEntryFilter:
    """The audit log narrowed by the filter form's data (invalid values are ignored)."""
    return AuditEntryFilter(data or None, queryset=AuditEntry.objects.select_related("actor"))


def job_get_for_user(*, user: User, job_uuid: UUID | str, shared: bool = True) -> Job:
    """The job if `user` started it (or manages the province), or, with `shared`, if it is of a kind
    shared with a permission the user has (job_shared_register); 404 otherwise."""
    queryset = Job.objects.all()
    if not user.has_perm("accounts.manage_users"):
        kinds = job_shared_kinds(user) if shared else []
        queryset = queryset.filter(Q(created_by=user) | Q(kind__in=kinds))
    try:
        return queryset.get(uuid=job_uuid)
    except (Job.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
