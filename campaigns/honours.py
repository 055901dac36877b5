"""Honouring leading enterprises: the department decides (candidates come from
`reporting.statistics.honours`), and each honour keeps the criteria used."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
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


# "123/QĐ-UBND", "45/QĐ-SKHCN", "12/2024/QĐ-UBND": a number, the year for some, then QĐ and the issuer.
DECISION_NUMBER = re.compile(r"^[0-9]{1,6}(/[0-9]{4})?/QĐ-[A-ZĐ][A-ZĐ0-9]*(-[A-ZĐ0-9]+)*$")


def decision_check(*, number: str, day: date | None, today: date | None = None) -> str:
    """The decision number as written (upper case), or ApplicationError for one that cannot be a
    decision's, or for a date still to come."""
    number = "".join(number.split()).upper()
    if number and not DECISION_NUMBER.match(number):
        raise ApplicationError(
            gettext_lazy("“%(number)s” is not a decision number; write it like 123/QĐ-UBND."), {"number": number}
        )
    if day is not None and day > (today or timezone.localdate()):
        raise ApplicationError(gettext_lazy("The decision date cannot be in the future."))
    if day is not None and not number:
        raise ApplicationError(gettext_lazy("Write the decision number with its date."))
    return number


def honour_decision_set(
    *, honour: Honour, number: str, day: date | None, user: User, ip: str | None = None, today: date | None = None
) -> Honour:
    """Record (or correct) the decision that confers an honour; audited as before → after."""
    number = decision_check(number=number, day=day, today=today)
    before = (honour.decision_number, honour.decision_date)
    if before == (number, day):
        return honour
    with transaction.atomic():
        Honour.objects.filter(pk=honour.pk).update(decision_number=number, decision_date=day)
        honour.decision_number, honour.decision_date = number, day
        audit_record(
            actor=user,
            action="honour.decision",
            obj=honour.enterprise,
            changes={
                "year": honour.year,
                "category": honour.category,
                "decision_number": [before[0], number],
                "decision_date": [before[1].isoformat() if before[1] else None, day.isoformat() if day else None],
            },
            ip=ip,
        )
    return honour


def honours_public(year: int | None = None) -> list[Honour]:
    """The honours a decision has conferred (the public sees those only), of a year or all, latest first."""
    found = Honour.objects.exclude(decision_number="").select_related("enterprise")
    if year is not None:
        found = found.filter(year=year)
    return list(found.order_by("-year", "category", "enterprise__name"))


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
