"""Reads on the programme. Department staff see everything of their province; an agency's people
(an association, another Sở) see the activities and tasks of their agencies only."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Case, Count, Q, QuerySet, When
from django.http import Http404

from campaigns.models import (
    ATTENDED_KINDS,
    SEAT_HOLDING,
    Activity,
    ActivityStatus,
    Agency,
    AttendanceStatus,
    CourseSignup,
    Participant,
    Plan,
    SignupStatus,
    Support,
    Task,
    TaskUpdate,
    UpdateReminder,
)
from enterprises.models import Enterprise
from reference.text import fold
from tenants.selectors import current_province

if TYPE_CHECKING:
    from accounts.models import User

# The provinces' plans as shipped (one YAML file per province slug), loaded by `load_plan`.
PLAN_FILES = Path(__file__).resolve().parent / "plans"


def sees_everything(user: User) -> bool:
    return user.has_perm("programme.view_activity")


AGENCY_ROLES = ("association", "province_staff", "province_admin")


def agencies_of(user: User) -> QuerySet[Agency]:
    """The agencies the user works for; none once the account's role no longer allows it."""
    if user.role not in AGENCY_ROLES:
        return Agency.objects.none()
    return Agency.objects.filter(members=user)


def may_use_programme_or_404(user: User) -> None:
    """Department staff, or someone who works for an agency of the plan; 404 for everyone else."""
    if not sees_everything(user) and not agencies_of(user).exists():
        raise Http404


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


def courses_upcoming(*, today: date, limit: int = 5) -> list[CourseOffer]:
    """Planned training courses and workshops from today on, soonest first: what a province's public
    page announces to anyone (title, dates, place and organiser are meant to be public), each with
    whether enterprises may sign up and the seats left."""
    activities = (
        Activity.objects.select_related("organiser")
        .filter(kind__in=ATTENDED_KINDS, status=ActivityStatus.PLANNED, ends_on__gte=today)
        .order_by("starts_on", "title", "pk")[:limit]
    )
    return course_offers(activities, today=today)


# --- Sign-ups for coming courses ----------------------------------------------------------------------


@dataclass(frozen=True)
class CourseOffer:
    """A coming course as an enterprise sees it: whether it takes sign-ups today and how many seats
    are left (None: no limit)."""

    activity: Activity
    last_day: date  # the last day to sign up
    seats_left: int | None
    open: bool  # open to sign-ups today, with a seat left

    @property
    def full(self) -> bool:
        return self.seats_left is not None and self.seats_left <= 0


def signup_last_day(activity: Activity) -> date:
    """The deadline, or the day the course starts when it has none."""
    return activity.signup_deadline or activity.starts_on


def seats_taken(activity: Activity) -> int:
    """People signed up and not cancelled: requested and confirmed both hold a seat."""
    return activity.signups.filter(status__in=SEAT_HOLDING).count()


def course_offers(activities: Iterable[Activity], *, today: date) -> list[CourseOffer]:
    activities = list(activities)
    taken = dict(
        CourseSignup.objects.filter(activity__in=activities, status__in=SEAT_HOLDING)
        .values("activity")
        .annotate(people=Count("pk"))
        .values_list("activity", "people")
    )
    offers = []
    for activity in activities:
        left = None if activity.capacity is None else max(activity.capacity - taken.get(activity.pk, 0), 0)
        taking = (
            activity.signup_open
            and activity.status == ActivityStatus.PLANNED
            and activity.kind in ATTENDED_KINDS
            and today <= signup_last_day(activity)
        )
        offers.append(CourseOffer(activity, signup_last_day(activity), left, taking and left != 0))
    return offers


def courses_open(*, today: date) -> list[CourseOffer]:
    """Courses and workshops enterprises may sign up for today (full ones too, saying so), soonest first."""
    activities = (
        Activity.objects.select_related("organiser")
        .filter(kind__in=ATTENDED_KINDS, status=ActivityStatus.PLANNED, signup_open=True)
        .filter(Q(signup_deadline__gte=today) | Q(signup_deadline__isnull=True, starts_on__gte=today))
        .order_by("starts_on", "title", "pk")
    )
    return course_offers(activities, today=today)


def course_get_for_enterprise(*, enterprise: Enterprise, activity_uuid: UUID | str, today: date) -> CourseOffer:
    """A course the enterprise may sign up for, or has signed people up for; 404 otherwise."""
    try:
        activity = Activity.objects.select_related("organiser").get(uuid=activity_uuid, kind__in=ATTENDED_KINDS)
    except (Activity.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc
    offer = course_offers([activity], today=today)[0]
    if (
        not (activity.signup_open and activity.status == ActivityStatus.PLANNED)
        and not activity.signups.filter(enterprise=enterprise).exists()
    ):
        raise Http404
    return offer


def signups_of(enterprise: Enterprise) -> QuerySet[CourseSignup]:
    """The people an enterprise signed up, the coming courses first."""
    return (
        CourseSignup.objects.filter(enterprise=enterprise)
        .select_related("activity__organiser")
        .order_by("-activity__starts_on", "person_name", "pk")
    )


def signup_get_for_enterprise(*, enterprise: Enterprise, signup_uuid: UUID | str) -> CourseSignup:
    try:
        return CourseSignup.objects.select_related("activity", "enterprise").get(
            uuid=signup_uuid, enterprise=enterprise
        )
    except (CourseSignup.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def activity_signups(activity: Activity) -> QuerySet[CourseSignup]:
    """An activity's sign-ups, as its organiser lists them: by enterprise, the cancelled last."""
    return activity.signups.select_related("enterprise", "participant").order_by(
        Case(When(status="cancelled", then=1), default=0), "enterprise__name", "person_name", "pk"
    )


def signup_counts(activity: Activity) -> dict[str, int]:
    """How many of an activity's sign-ups are in each status."""
    counts = dict.fromkeys(SignupStatus.values, 0)
    counts.update(activity.signups.values("status").annotate(people=Count("pk")).values_list("status", "people"))
    return counts


def signup_get_for_organiser(*, activity: Activity, signup_uuid: UUID | str) -> CourseSignup:
    """A sign-up of an activity the caller got through `activity_get_for_user`; 404 otherwise."""
    try:
        return activity.signups.select_related("enterprise").get(uuid=signup_uuid)
    except (CourseSignup.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


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


def may_log_activities(user: User) -> bool:
    """The department, or someone who works for an agency: they log their agencies' activities."""
    return user.has_perm("programme.add_activity") or agencies_of(user).exists()


def activity_get_for_editor(*, user: User, activity_uuid: UUID | str) -> Activity:
    """An activity this user may edit: any for the department, those their agencies organise for an
    agency's people (a co-organiser sees it and keeps attendance, the organiser edits it); 404 otherwise."""
    activity = activity_get_for_user(user=user, activity_uuid=activity_uuid)
    if user.has_perm("programme.change_activity") or agencies_of(user).filter(pk=activity.organiser_id).exists():
        return activity
    raise Http404


def activity_participants(activity: Activity) -> QuerySet[Participant]:
    return activity.participants.select_related("enterprise").order_by("enterprise__name", "person_name")


def plan_get(*, plan_uuid: UUID | str) -> Plan:
    try:
        return Plan.objects.get(uuid=plan_uuid)
    except (Plan.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404 from exc


def task_get(*, task_uuid: UUID | str) -> Task:
    try:
        return (
            Task.objects.select_related("plan", "lead").prefetch_related("coordinating", "targets").get(uuid=task_uuid)
        )
    except (Task.DoesNotExist, ValueError, ValidationError) as exc:
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


def participations_of(enterprise: Enterprise) -> QuerySet[Participant]:
    """The activities an enterprise's people took part in, newest first."""
    return (
        Participant.objects.filter(enterprise=enterprise)
        .select_related("activity__organiser")
        .order_by("-activity__starts_on", "person_name")
    )


def person_key(name: str) -> str:
    return fold(name)


# --- Yearly task updates ---------------------------------------------------------------------------------


def update_deadline(year: int) -> date | None:
    """The day agencies report their year's work to the department (the province's setting)."""

    return current_province().agency_report_date(year)


@dataclass(frozen=True)
class TaskStatus:
    task: Task
    update: TaskUpdate | None  # the lead agency's update of the year
    overdue: bool


def task_statuses(tasks: Iterable[Task], *, year: int, today: date) -> list[TaskStatus]:
    """Each task with its lead agency's update of `year`; overdue once the deadline has passed."""
    tasks = list(tasks)
    deadline = update_deadline(year)
    updates = {
        (update.task_id, update.agency_id): update
        for update in TaskUpdate.objects.filter(task__in=tasks, year=year).select_related("agency")
    }
    statuses = []
    for task in tasks:
        update = updates.get((task.pk, task.lead_id)) if task.lead_id else None
        plan = task.plan
        in_force = not plan.start_year or (plan.start_year <= year <= (plan.end_year or year))
        overdue = bool(task.lead_id and update is None and deadline and today > deadline and in_force)
        statuses.append(TaskStatus(task, update, overdue))
    return statuses


def overdue_updates(*, today: date) -> list[TaskStatus]:
    """This year's updates still missing after the deadline, across every plan in force."""
    year = today.year
    tasks = tasks_in_force(year).exclude(lead=None).select_related("lead", "plan")
    return [status for status in task_statuses(tasks, year=year, today=today) if status.overdue]


@dataclass(frozen=True)
class AgencyReport:
    """Where an agency stands with its yearly updates: one row of the staff's overview."""

    agency: Agency
    tasks: list[Task]  # the tasks in force it leads or helps with
    reported: list[Task]  # those it has sent this year's update of
    last_update: datetime | None
    last_reminder: datetime | None
    overdue: bool
    reminded_today: bool

    @property
    def missing(self) -> list[Task]:
        return [task for task in self.tasks if task not in self.reported]

    @property
    def state(self) -> str:
        """ "reported" (every task), "overdue" (something missing after the deadline), or "pending"."""
        if not self.missing:
            return "reported"
        return "overdue" if self.overdue else "pending"


def tasks_in_force(year: int) -> QuerySet[Task]:
    """The tasks of the plans in force in `year` (a plan without years is in force until replaced)."""
    in_force = Q(plan__start_year__isnull=True) | Q(plan__start_year__lte=year, plan__end_year__gte=year)
    return Task.objects.filter(in_force)


def agency_reports(*, year: int, today: date) -> list[AgencyReport]:
    """Every agency with a task in force in `year` (as lead or coordinator), what it has reported, and
    whether it is overdue (the province's agency deadline has passed with an update still missing)."""
    from django.utils import timezone

    deadline = update_deadline(year)
    past_deadline = bool(deadline and today > deadline)
    tasks = list(
        tasks_in_force(year).select_related("plan").prefetch_related("coordinating").order_by("plan", "position")
    )
    by_agency: dict[int, list[Task]] = {}
    for task in tasks:
        agency_ids = {task.lead_id, *(agency.pk for agency in task.coordinating.all())} - {None}
        for agency_id in agency_ids:
            by_agency.setdefault(agency_id, []).append(task)  # type: ignore[arg-type]
    updates: dict[int, list[TaskUpdate]] = {}
    for update in TaskUpdate.objects.filter(year=year, task__in=tasks):
        updates.setdefault(update.agency_id, []).append(update)
    reminders: dict[int, datetime] = {}
    for agency_id, sent_at in UpdateReminder.objects.filter(year=year).values_list("agency_id", "sent_at"):
        if agency_id not in reminders or sent_at > reminders[agency_id]:
            reminders[agency_id] = sent_at
    reports = []
    for agency in Agency.objects.filter(pk__in=by_agency).order_by("name"):
        sent = updates.get(agency.pk, [])
        reported_ids = {update.task_id for update in sent}
        mine = by_agency[agency.pk]
        reminded = reminders.get(agency.pk)
        reports.append(
            AgencyReport(
                agency=agency,
                tasks=mine,
                reported=[task for task in mine if task.pk in reported_ids],
                last_update=max((update.submitted_at for update in sent), default=None),
                last_reminder=reminded,
                overdue=past_deadline and len(reported_ids) < len(mine),
                reminded_today=bool(reminded and timezone.localdate(reminded) == today),
            )
        )
    return reports


@dataclass(frozen=True)
class MyTaskRow:
    task: Task
    leads: bool  # one of the user's agencies leads it (else it helps)
    updates: list[TaskUpdate]  # the user's agencies' updates of the year
    overdue: bool


def my_task_rows(*, user: User, year: int, today: date) -> list[MyTaskRow]:
    """The tasks the user's agencies lead or help with, each with their own updates of `year`;
    overdue when the deadline has passed, the plan is in force and none of theirs is sent."""
    mine = list(agencies_of(user).values_list("pk", flat=True))
    tasks = list(tasks_of(user).prefetch_related("coordinating", "targets"))
    deadline = update_deadline(year)
    updates: dict[int, list[TaskUpdate]] = {}
    for update in TaskUpdate.objects.filter(task__in=tasks, agency__in=mine, year=year).select_related("agency"):
        updates.setdefault(update.task_id, []).append(update)
    rows = []
    for task in tasks:
        plan = task.plan
        in_force = not plan.start_year or (plan.start_year <= year <= (plan.end_year or year))
        sent = updates.get(task.pk, [])
        overdue = bool(not sent and deadline and today > deadline and in_force)
        rows.append(MyTaskRow(task=task, leads=task.lead_id in mine, updates=sent, overdue=overdue))
    return rows


def may_report_on(user: User, task: Task) -> QuerySet[Agency]:
    """The agencies of the task the user may write a yearly update for."""
    agencies = Agency.objects.filter(Q(tasks_led=task) | Q(tasks_coordinated=task)).distinct()
    if user.has_perm("programme.change_plan"):
        return agencies
    return agencies.filter(members=user)


def supports_of(enterprise: Enterprise) -> QuerySet[Support]:
    """The support an enterprise received (visits, matchmaking, e-commerce help), newest first."""
    return (
        Support.objects.filter(enterprise=enterprise)
        .select_related("activity__organiser", "provider")
        .order_by("-activity__starts_on")
    )


# --- Budgets -----------------------------------------------------------------------------------------


def budget_may_approve(user: User) -> bool:
    """The province administrator, or an account of the finance department (an agency marked as
    approving budgets, e.g. Sở Tài chính), sets the approved amounts."""
    return user.is_authenticated and (
        user.has_perm("programme.approve_budget") or user.agencies.filter(approves_budgets=True).exists()
    )


def budget_may_view(user: User) -> bool:
    return user.is_authenticated and (user.has_perm("programme.view_plan") or budget_may_approve(user))
