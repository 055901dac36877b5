"""Honouring leading enterprises: the department decides (candidates come from
`reporting.statistics.honours`), and each honour keeps the criteria used."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext_lazy

from campaigns.models import Honour, HonourCategory
from core.errors import ApplicationError
from core.services import audit_record
from enterprises.models import Enterprise

if TYPE_CHECKING:
    from accounts.models import User


def honour_grant(
    *, year: int, enterprise: Enterprise, category: str, criteria: str, user: User, ip: str | None = None
) -> Honour:
    if category not in HonourCategory.values:
        raise ApplicationError(gettext_lazy("Choose a category."))
    if not criteria.strip():
        raise ApplicationError(gettext_lazy("Write the criteria the department used."))
    if enterprise.merged_into_id or enterprise.archived_at:
        raise ApplicationError(gettext_lazy("This enterprise is archived or merged into another."))
    with transaction.atomic():
        Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()  # a double click grants once
        if Honour.objects.filter(year=year, enterprise=enterprise, category=category).exists():
            raise ApplicationError(gettext_lazy("This enterprise is already honoured in this category this year."))
        honour = Honour.objects.create(
            year=year, enterprise=enterprise, category=category, criteria=criteria.strip(), decided_by=user
        )
        audit_record(
            actor=user,
            action="honour.grant",
            obj=enterprise,
            changes={"year": year, "category": category, "criteria": honour.criteria},
            ip=ip,
        )
    return honour


def honour_withdraw(*, honour: Honour, user: User, ip: str | None = None) -> None:
    with transaction.atomic():
        audit_record(
            actor=user,
            action="honour.withdraw",
            obj=honour.enterprise,
            changes={"year": honour.year, "category": honour.category},
            ip=ip,
        )
        honour.delete()


def honours(year: int) -> list[Honour]:
    return list(Honour.objects.filter(year=year).select_related("enterprise", "decided_by"))
