"""Reads on the programme. Department staff see everything of their province; an agency's people
(an association, another Sở) see the activities and tasks of their agencies only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from enterprises.models import Enterprise
from enterprises.taxcode import TaxCodeError, parse
from programme.models import Activity, Agency, AttendanceStatus, Participant, Plan, Task
from reference.text import fold

if TYPE_CHECKING:
    from accounts.models import User


def sees_everything(user: User) -> bool:
    return user.has_perm("programme.view_activity")


def agencies_of(user: User) -> QuerySet[Agency]:
    return Agency.objects.filter(members=user)


def activity_list(
    *, user: User, kind: str = "", year: int | None = None, status: str = "", search: str = "", task: str = ""
) -> QuerySet[Activity]:
    activities = Activity.objects.select_related("organiser", "task").annotate(
        participant_count=Count("participants", distinct=True),
        attended_count=Count("participants", filter=Q(participants__status=AttendanceStatus.ATTENDED), distinct=True),
    )
    if not sees_everything(user):
        mine = agencies_of(user)
        activities = activities.filter(Q(organiser__in=mine) | Q(co_organisers__in=mine)).distinct()
    if kind:
        activities = activities.filter(kind=kind)
    if year:
        activities = activities.filter(starts_on__year=year)
    if status:
        activities = activities.filter(status=status)
    if task:
        activities = activities.filter(task__uuid=task)
    if search:
        activities = activities.filter(title__unaccent__icontains=search)
    return activities.order_by("-starts_on", "title", "pk")


def activity_get_for_user(*, user: User, activity_uuid: UUID | str) -> Activity:
    """An activity this user may see (and, for an agency's people, keep attendance of); 404 otherwise."""
    activities = Activity.objects.select_related("organiser", "task__plan")
    if not sees_everything(user):
        mine = agencies_of(user)
        activities = activities.filter(Q(organiser__in=mine) | Q(co_organisers__in=mine)).distinct()
    try:
        return activities.get(uuid=activity_uuid)
    except (Activity.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def activity_participants(activity: Activity) -> QuerySet[Participant]:
    return activity.participants.select_related("enterprise").order_by("enterprise__name", "person_name")


def plan_get(*, plan_uuid: UUID | str) -> Plan:
    try:
        return Plan.objects.get(uuid=plan_uuid)
    except (Plan.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def plan_tasks(plan: Plan) -> QuerySet[Task]:
    return (
        plan.tasks.select_related("lead")
        .prefetch_related("coordinating", "targets")
        .annotate(activity_count=Count("activities"))
    )


def tasks_of(user: User) -> QuerySet[Task]:
    """The tasks the user's agencies lead or help with."""
    mine = agencies_of(user)
    return (
        Task.objects.filter(Q(lead__in=mine) | Q(coordinating__in=mine))
        .select_related("plan", "lead")
        .distinct()
        .order_by("plan", "position")
    )


@dataclass(frozen=True)
class Match:
    """What a tax code typed for a participant finds in the registry."""

    enterprise: Enterprise | None = None
    problem: str = ""  # "invalid", "unknown", "ambiguous"
    detail: str = ""  # the parser's reason, or the candidates' codes
    tax_code: str = ""  # the normal form, when the code is valid


def enterprise_match(raw: object) -> Match:
    """The one enterprise a tax code names, never a guess: a head-office code that only branches in
    the registry carry is ambiguous; a merged record leads to the one kept."""
    try:
        code = parse(raw)
    except TaxCodeError as error:
        return Match(problem="invalid", detail=error.reason)
    found = Enterprise.objects.filter(tax_code=code.value).select_related("merged_into").first()
    if found is not None:
        return Match(enterprise=found.merged_into or found, tax_code=code.value)
    branches = list(
        Enterprise.objects.filter(tax_code__startswith=f"{code.value}-", merged_into__isnull=True).values_list(
            "tax_code", flat=True
        )[:5]
    )
    if branches:
        return Match(problem="ambiguous", detail=", ".join(branches), tax_code=code.value)
    return Match(problem="unknown", tax_code=code.value)


def participations_of(enterprise: Enterprise) -> QuerySet[Participant]:
    """The activities an enterprise's people took part in, newest first."""
    return (
        Participant.objects.filter(enterprise=enterprise)
        .select_related("activity__organiser")
        .order_by("-activity__starts_on", "person_name")
    )


def person_key(name: str) -> str:
    return fold(name)
