"""Sign-ups for coming courses and workshops (Đồng Nai's plan II.5c: "hướng dẫn doanh nghiệp đăng ký
tham gia"): an enterprise account signs its people up until the deadline or the seats run out, the
organiser confirms or cancels them and, on the day, ticks who came.

A sign-up is not attendance and no figure counts it: ticking who came writes the attendance
(`Participant`) through `participant_put`, as every other way of keeping attendance does, and the
statistics count those once the course is held. The activity's row is locked while seats are
counted, so two people taking the last seat at once cannot both get it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.selectors import enterprise_of
from campaigns.models import (
    SEAT_HOLDING,
    Activity,
    ActivityStatus,
    AttendanceStatus,
    CourseSignup,
    SignupStatus,
)
from campaigns.selectors import course_offers, person_key
from campaigns.services import activity_check_open, participant_put
from core.errors import ApplicationError
from core.services import audit_record
from enterprises.models import Enterprise

if TYPE_CHECKING:
    from accounts.models import User


def _clean_person(person: Mapping[str, str]) -> dict[str, str]:
    cleaned = {
        "person_name": " ".join((person.get("person_name") or "").split()),
        "position": " ".join((person.get("position") or "").split()),
        "phone": " ".join((person.get("phone") or "").split()),
        "email": (person.get("email") or "").strip().lower(),
    }
    if not cleaned["person_name"]:
        raise ApplicationError(_("Write the name of the person who will attend."))
    for name, limit in (("person_name", 200), ("position", 200), ("phone", 50), ("email", 254)):
        if len(cleaned[name]) > limit:
            raise ApplicationError(_("%(value)s is too long."), {"value": cleaned[name][:40] + "…"})
    if not cleaned["phone"] and not cleaned["email"]:
        raise ApplicationError(_("Give a phone number or an e-mail address, so the organiser can reach this person."))
    if cleaned["email"]:
        try:
            validate_email(cleaned["email"])
        except ValidationError as exc:
            raise ApplicationError(_("“%(value)s” is not an e-mail address."), {"value": cleaned["email"]}) from exc
    return cleaned


def _acts_for(user: User, enterprise: Enterprise) -> bool:
    own = enterprise_of(user)
    return own is not None and own.pk == enterprise.pk


def _audit(signup: CourseSignup, action: str, *, user: User, ip: str | None) -> None:
    changes = {"tax_code": signup.enterprise.tax_code, "person": signup.person_name}
    audit_record(actor=user, action=action, obj=signup.activity, changes=changes, ip=ip)


def signup_add(
    *,
    activity: Activity,
    enterprise: Enterprise,
    person: Mapping[str, str],
    user: User,
    ip: str | None = None,
    today: date | None = None,
) -> CourseSignup:
    """Sign a person of the user's own enterprise up for a course that takes sign-ups: before its
    deadline, while a seat is left (requested and confirmed people hold seats), once per person."""
    today = today or timezone.localdate()
    if not _acts_for(user, enterprise):
        raise ApplicationError(_("Only the enterprise's own account can sign its people up."))
    cleaned = _clean_person(person)
    with transaction.atomic():
        # Seats are counted with the course's row locked: a second sign-up for the last seat waits
        # here until the first has committed, then finds the course full.
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        offer = course_offers([activity], today=today)[0]
        if not (activity.signup_open and activity.status == ActivityStatus.PLANNED and activity.keeps_attendance):
            raise ApplicationError(_("This course does not take sign-ups."))
        if today > offer.last_day:
            raise ApplicationError(
                _("Sign-ups for this course closed on %(day)s."), {"day": offer.last_day.strftime("%d/%m/%Y")}
            )
        key = person_key(cleaned["person_name"])
        if activity.signups.filter(enterprise=enterprise, person_key=key, status__in=SEAT_HOLDING).exists():
            raise ApplicationError(
                _("%(name)s is already signed up for this course."), {"name": cleaned["person_name"]}
            )
        if offer.full:
            raise ApplicationError(_("This course is full: no seat is left."))
        signup = CourseSignup.objects.create(
            activity=activity, enterprise=enterprise, person_key=key, created_by=user, **cleaned
        )
        _audit(signup, "course_signup.add", user=user, ip=ip)
    return signup


def signup_cancel(
    *, signup: CourseSignup, user: User, by_organiser: bool, ip: str | None = None, today: date | None = None
) -> CourseSignup:
    """Cancel a sign-up: the enterprise (its own, until the course starts) or the organiser. The
    seat is free again at once."""
    today = today or timezone.localdate()
    if not by_organiser:
        if not _acts_for(user, signup.enterprise):
            raise ApplicationError(_("Only the enterprise's own account can sign its people up."))
        if today >= signup.activity.starts_on:
            raise ApplicationError(_("The course has started: ask its organiser to change the list."))
    with transaction.atomic():
        Activity.objects.select_for_update().filter(pk=signup.activity_id).first()
        signup = CourseSignup.objects.select_for_update().get(pk=signup.pk)
        if signup.status == SignupStatus.CANCELLED:
            return signup
        if signup.participant_id is not None:
            raise ApplicationError(_("Attendance was already marked for %(name)s."), {"name": signup.person_name})
        signup.status, signup.decided_by, signup.decided_at = SignupStatus.CANCELLED, user, timezone.now()
        signup.save(update_fields=["status", "decided_by", "decided_at"])
        _audit(signup, "course_signup.cancel", user=user, ip=ip)
    return signup


def signups_confirm(*, activity: Activity, signup_uuids: Iterable[str], user: User, ip: str | None = None) -> int:
    """The organiser confirms requested sign-ups of its course; returns how many were confirmed."""
    activity_check_open(activity)
    with transaction.atomic():
        confirmed = activity.signups.filter(uuid__in=list(signup_uuids), status=SignupStatus.REQUESTED).update(
            status=SignupStatus.CONFIRMED, decided_by=user, decided_at=timezone.now()
        )
        if confirmed:
            audit_record(actor=user, action="course_signup.confirm", obj=activity, changes={"count": confirmed}, ip=ip)
    return confirmed


def signups_attendance(
    *, activity: Activity, present: Iterable[str], user: User, ip: str | None = None, today: date | None = None
) -> dict[str, int]:
    """On the day: the sign-ups ticked came, the confirmed ones not ticked did not. Writes their
    attendance (`participant_put`: one participant per person, updated when marked again), confirms
    a requested person who came, and records a planned course as held, so the statistics count it.
    Returns how many were marked attended and absent."""
    today = today or timezone.localdate()
    activity_check_open(activity)
    if today < activity.starts_on:
        raise ApplicationError(
            _("Attendance is marked from the day the course starts (%(day)s)."),
            {"day": activity.starts_on.strftime("%d/%m/%Y")},
        )
    present = {str(value) for value in present}
    counts = {"attended": 0, "absent": 0}
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        for signup in activity.signups.select_related("enterprise").exclude(status=SignupStatus.CANCELLED):
            came = str(signup.uuid) in present
            if not came and signup.status != SignupStatus.CONFIRMED:
                continue  # requested, never confirmed, and did not come: nothing to record
            status = AttendanceStatus.ATTENDED if came else AttendanceStatus.ABSENT
            person = {
                "person_name": signup.person_name,
                "position": signup.position,
                "phone": signup.phone,
                "email": signup.email,
            }
            participant, _outcome = participant_put(
                activity=activity, enterprise=signup.enterprise, person=person, status=status
            )
            signup.participant = participant
            if came and signup.status == SignupStatus.REQUESTED:
                signup.status, signup.decided_by, signup.decided_at = SignupStatus.CONFIRMED, user, timezone.now()
            signup.save(update_fields=["participant", "status", "decided_by", "decided_at"])
            counts["attended" if came else "absent"] += 1
        if activity.status == ActivityStatus.PLANNED and counts["attended"]:
            activity.status = ActivityStatus.HELD
            activity.save(update_fields=["status", "updated_at"])  # its signal renews the figures' stamp
        audit_record(actor=user, action="course_signup.attendance", obj=activity, changes=counts, ip=ip)
    return counts
