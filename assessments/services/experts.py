"""Assigning experts to enterprises or to a whole wave."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from assessments.models import ExpertAssignment, Wave
from core.errors import ApplicationError
from core.services import audit_record

if TYPE_CHECKING:
    from accounts.models import User
    from enterprises.models import Enterprise


def expert_assign(
    *, expert: User, user: User, enterprise: Enterprise | None = None, wave: Wave | None = None
) -> ExpertAssignment:
    """Let an expert see and review an enterprise, or every enterprise invited in a wave."""
    if expert.role != Role.EXPERT or not expert.is_active:
        raise ApplicationError(
            _("%(name)s is not an active expert account."), {"name": expert.full_name or expert.email}
        )
    if (enterprise is None) == (wave is None):
        raise ValueError("assign to an enterprise or to a wave")
    with transaction.atomic():
        assignment, created = ExpertAssignment.objects.get_or_create(
            expert=expert, enterprise=enterprise, wave=wave, defaults={"created_by": user}
        )
        if created:
            target = enterprise or wave
            audit_record(actor=user, action="expert.assign", obj=target, changes={"expert": expert.email})
    return assignment


def expert_unassign(*, assignment: ExpertAssignment, user: User) -> None:
    with transaction.atomic():
        audit_record(
            actor=user,
            action="expert.unassign",
            obj=assignment.enterprise or assignment.wave,
            changes={"expert": assignment.expert.email},
        )
        assignment.delete()
