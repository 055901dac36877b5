"""Writes on the programme; each is audited."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from campaigns.models import (
    Activity,
    ActivityDocument,
    ActivityStatus,
    Agency,
    AgencyKind,
    AttendanceStatus,
    Budget,
    BudgetSource,
    EnterpriseProposal,
    Participant,
    Plan,
    ProposalStatus,
    Provider,
    Support,
    Target,
    Task,
    TaskUpdate,
    UpdateReminder,
)
from campaigns.selectors import person_key
from core.cache import figures_changed
from core.errors import ApplicationError
from core.files import check_upload_size
from core.services import audit_record
from enterprises.models import Enterprise
from enterprises.selectors import enterprise_match
from enterprises.services import enterprise_save
from tenants.models import Province

if TYPE_CHECKING:
    from accounts.models import User


def activity_save(
    *, activity: Activity, user: User, co_organisers: Iterable[Agency] | None = None, ip: str | None = None
) -> Activity:
    """Create or update an activity the form has validated."""
    creating = activity.pk is None
    if creating:
        activity.created_by = user
    with transaction.atomic():
        activity.save()
        if co_organisers is not None:
            activity.co_organisers.set(co_organisers)
        audit_record(
            actor=user,
            action="activity.create" if creating else "activity.update",
            obj=activity,
            changes={"kind": activity.kind, "status": activity.status, "from": str(activity.starts_on)},
            ip=ip,
        )
    return activity


def activity_check_open(activity: Activity) -> None:
    if activity.status == ActivityStatus.CANCELLED:
        raise ApplicationError(_("This activity was cancelled: it has no participants."))
    if not activity.keeps_attendance:
        raise ApplicationError(_("Only training courses and workshops keep a list of participants."))


PERSON_FIELDS = ("position", "phone", "email", "certificate_number")


def participant_put(
    *, activity: Activity, enterprise: Enterprise, person: Mapping[str, str], status: str | None = None
) -> tuple[Participant, str]:
    """Add a participant, or bring the one already there up to date (the same person of the same
    enterprise is one participant). Returns it and "created", "updated" or "unchanged". Without a
    status, someone added to an activity already held came to it; to one still planned, registered."""
    name = " ".join(person.get("person_name", "").split())
    if not name:
        raise ApplicationError(_("The name of the person who came is empty."))
    participant = Participant.objects.filter(
        activity=activity, enterprise=enterprise, person_key=person_key(name)
    ).first()
    if participant is None:
        participant = Participant(
            activity=activity, enterprise=enterprise, person_name=name, person_key=person_key(name)
        )
        for field in PERSON_FIELDS:
            setattr(participant, field, person.get(field, "") or "")
        held = activity.status == ActivityStatus.HELD
        participant.status = status or (AttendanceStatus.ATTENDED if held else AttendanceStatus.REGISTERED)
        participant.save()
        return participant, "created"
    changed = [field for field in PERSON_FIELDS if person.get(field) and getattr(participant, field) != person[field]]
    for field in changed:
        setattr(participant, field, person[field])
    if status and participant.status != status:
        participant.status = status
        changed.append("status")
    if not changed:
        return participant, "unchanged"
    participant.save(update_fields=[*changed, "updated_at"])
    return participant, "updated"


def participant_add(
    *, activity: Activity, enterprise: Enterprise, person: Mapping[str, str], user: User, ip: str | None = None
) -> Participant:
    activity_check_open(activity)
    with transaction.atomic():
        Activity.objects.select_for_update().filter(pk=activity.pk).first()  # one writer of its list at a time
        participant, outcome = participant_put(activity=activity, enterprise=enterprise, person=person)
        if outcome != "unchanged":
            audit_record(
                actor=user,
                action=f"participant.{'add' if outcome == 'created' else 'update'}",
                obj=activity,
                changes={"tax_code": enterprise.tax_code, "person": participant.person_name},
                ip=ip,
            )
    return participant


def attendance_mark(
    *, activity: Activity, participant_uuids: Iterable[str], status: str, user: User, ip: str | None = None
) -> int:
    """Set the attendance of the chosen participants of this activity; returns how many changed."""
    activity_check_open(activity)
    if status not in AttendanceStatus.values:
        raise ApplicationError(_("Choose an attendance status."))
    with transaction.atomic():
        changed = (
            activity.participants.filter(uuid__in=list(participant_uuids)).exclude(status=status).update(status=status)
        )
        if changed:
            figures_changed()  # an update() sends no model signal
            audit_record(
                actor=user, action="participant.mark", obj=activity, changes={"status": status, "count": changed}, ip=ip
            )
    return changed


def participant_remove(*, participant: Participant, user: User, ip: str | None = None) -> None:
    with transaction.atomic():
        audit_record(
            actor=user,
            action="participant.remove",
            obj=participant.activity,
            changes={"tax_code": participant.enterprise.tax_code, "person": participant.person_name},
            ip=ip,
        )
        participant.delete()


def proposal_decide(
    *, proposal: EnterpriseProposal, accept: bool, user: User, ip: str | None = None
) -> EnterpriseProposal:
    """Accept (add the enterprise to the registry and its person to the activity) or reject."""
    with transaction.atomic():
        proposal = EnterpriseProposal.objects.select_for_update().get(pk=proposal.pk)
        if proposal.status != ProposalStatus.PENDING:
            raise ApplicationError(_("This proposal was already decided."))
        proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED
        proposal.decided_by = user
        proposal.save(update_fields=["status", "decided_by"])
        if accept:
            from enterprises.taxcode import parse

            enterprise = enterprise_match(proposal.tax_code).enterprise  # the record kept, if it was merged
            if enterprise is None:
                enterprise = Enterprise(
                    tax_code=proposal.tax_code, tax_code_kind=parse(proposal.tax_code).kind.value, name=proposal.name
                )
                enterprise = enterprise_save(enterprise=enterprise, user=user, ip=ip)
            if proposal.activity.status != ActivityStatus.CANCELLED:
                for person in proposal.people:
                    participant_put(
                        activity=proposal.activity, enterprise=enterprise, person=person, status=person.get("status")
                    )
        audit_record(
            actor=user,
            action="proposal.accept" if accept else "proposal.reject",
            obj=proposal.activity,
            changes={"tax_code": proposal.tax_code, "name": proposal.name},
            ip=ip,
        )
    return proposal


# --- Plans from their data files --------------------------------------------------------------------


def plan_load(data: Mapping[str, Any]) -> Plan:
    """Create or bring up to date a plan, its agencies and its tasks from a plan file's content
    (programme/plans/*.yaml); loading the same file twice changes nothing."""
    with transaction.atomic():
        agencies: dict[str, Agency] = {}
        for item in data.get("agencies", []):
            agency = Agency.objects.filter(key=item["key"]).first() or Agency.objects.filter(name=item["name"]).first()
            if agency is None:
                agency = Agency(key=item["key"])
            agency.name, agency.kind = item["name"], item.get("kind") or "department"
            if "approves_budgets" in item:  # absent: the mark set in the portal stays
                agency.approves_budgets = bool(item["approves_budgets"])
            agency.save()
            agencies[item["key"]] = agency
        meta = data["plan"]
        start, end = meta.get("period") or (None, None)
        issued = meta.get("issued_on")
        plan, _created = Plan.objects.update_or_create(
            number=meta["number"],
            former_province="",
            defaults={
                "title": meta["title"],
                "issuer": meta.get("issuer", ""),
                "issued_on": issued if isinstance(issued, date) or issued is None else date.fromisoformat(str(issued)),
                "start_year": start,
                "end_year": end,
            },
        )
        for position, item in enumerate(data.get("tasks", [])):
            task, _created = Task.objects.update_or_create(
                plan=plan,
                number=str(item["number"]),
                defaults={
                    "position": position,
                    "title": item["title"],
                    "description": item.get("description", ""),
                    "lead": agencies.get(item.get("lead") or ""),
                    "timing": item.get("timing", ""),
                },
            )
            task.coordinating.set([agencies[key] for key in item.get("coordinating", [])])
            wanted = {
                (
                    target["unit"],
                    target["minimum"],
                    target.get("maximum") or target["minimum"],
                    target.get("per", "year") == "year",
                    target.get("text", ""),
                )
                for target in item.get("targets", [])
            }
            for target in task.targets.all():  # kept when unchanged, so links to a target stay valid
                key = (target.unit, target.minimum, target.maximum, target.per_year, target.text)
                if key in wanted:
                    wanted.discard(key)
                else:
                    target.delete()
            figures_changed()  # bulk_create sends no model signal
            Target.objects.bulk_create(
                Target(task=task, unit=unit, minimum=low, maximum=high, per_year=per_year, text=text)
                for unit, low, high, per_year, text in sorted(wanted)
            )
            for line in item.get("budget") or []:
                # Only the estimate comes from the plan: what was approved and settled stays as entered.
                Budget.objects.update_or_create(
                    task=task,
                    year=int(line["year"]),
                    source=line.get("source") or BudgetSource.PROVINCIAL,
                    defaults={"estimate": Decimal(str(line["estimate"]))},
                )
    return plan


def plan_deadlines_load(*, province: Province, reporting: list[Mapping[str, Any]], force: bool = False) -> list[str]:
    """Set the province's reporting deadlines from a plan file's `reporting:` block: the agencies' (to
    the department) and the department's (to the ministry), each only when the plan states a day and
    a month and the province has none yet (or `force`). Returns the fields set; audited."""
    from tenants.services import province_settings_update

    changes: dict[str, Any] = {}
    for who, prefix in (("agencies", "agency_report"), ("department", "ministry_report")):
        stated = next(
            (item for item in reporting if item.get("who") == who and item.get("day") and item.get("month")), None
        )
        if stated is None:
            continue
        if not force and (getattr(province, f"{prefix}_day") or getattr(province, f"{prefix}_month")):
            continue
        changes[f"{prefix}_day"], changes[f"{prefix}_month"] = int(stated["day"]), int(stated["month"])
    return list(province_settings_update(province=province, changes=changes, actor=None)) if changes else []


# --- Yearly task updates -----------------------------------------------------------------------------


def task_update_save(
    *,
    task: Task,
    agency: Agency,
    year: int,
    progress: int,
    narrative: str,
    figures: str = "",
    attachment: Any = None,
    user: User,
    ip: str | None = None,
) -> TaskUpdate:
    """Write (or correct) an agency's update of a task for a year."""
    if not 0 <= progress <= 100:
        raise ApplicationError(_("Progress is a percentage from 0 to 100."))
    if attachment:
        document_check(attachment)
    with transaction.atomic():
        Task.objects.select_for_update().filter(pk=task.pk).first()  # a double click writes one update
        update = TaskUpdate.objects.select_for_update().filter(task=task, agency=agency, year=year).first()
        update = update or TaskUpdate(task=task, agency=agency, year=year)
        update.progress, update.narrative, update.figures, update.submitted_by = progress, narrative, figures, user
        if attachment:
            update.attachment = attachment
        update.save()
        audit_record(
            actor=user,
            action="task.update",
            obj=task,
            changes={"agency": agency.name, "year": year, "progress": progress},
            ip=ip,
        )
    return update


def update_reminders_send(*, today: date | None = None) -> int:
    """Beat: e-mail the people of each lead agency whose yearly update is overdue, once per task and
    year (staff may remind again from the overview). Returns how many reminders were sent."""
    from django.utils import timezone

    from campaigns.selectors import overdue_updates

    today = today or timezone.localdate()
    sent = 0
    for status in overdue_updates(today=today):
        task, agency = status.task, status.task.lead
        assert agency is not None  # overdue updates are those of a lead agency
        if UpdateReminder.objects.filter(task=task, agency=agency, year=today.year).exists():
            continue
        sent += _remind(agency=agency, tasks=[task], year=today.year, today=today, user=None)
    return sent


def _remind(*, agency: Agency, tasks: list[Task], year: int, today: date, user: User | None) -> int:
    """E-mail the agency's people about its missing updates of `tasks`, each task at most once a day.
    Returns 1 if an e-mail went out, else 0 (nobody to write to, or everything already reminded today)."""
    from django.db.utils import IntegrityError
    from django.template.loader import render_to_string
    from django.utils import translation

    from campaigns.selectors import update_deadline
    from core.mail import mail_later

    emails = sorted({email for email in agency.members.filter(is_active=True).values_list("email", flat=True) if email})
    if not emails or not tasks:
        return 0
    with transaction.atomic():
        fresh = []
        for task in tasks:
            try:
                with transaction.atomic():
                    UpdateReminder.objects.create(task=task, agency=agency, year=year, sent_on=today, sent_by=user)
            except IntegrityError:  # already reminded of this task today
                continue
            fresh.append(task)
        if not fresh:
            return 0
        deadline = update_deadline(year)
        context = {
            "tasks": fresh, "task": fresh[0], "agency": agency, "year": year, "deadline": deadline,
            "passed": bool(deadline and today > deadline),
        }  # fmt: skip
        with translation.override("vi"):
            subject = render_to_string("campaigns/email/update_overdue_subject.txt", context).strip()
            body = render_to_string("campaigns/email/update_overdue_body.txt", context)
        # One message per person, each its own task: an address the server refuses is retried on
        # its own and does not hold back the others.
        for email in emails:
            mail_later(subject, body, [email])
        if user is not None:
            audit_record(
                actor=user, action="agency.remind", obj=agency,
                changes={"year": year, "tasks": [task.number for task in fresh], "to": len(emails)},
            )  # fmt: skip
    return 1


def agency_remind(*, agency: Agency, year: int, user: User, today: date | None = None) -> int:
    """Staff remind an agency of the updates of `year` it has not sent (never twice a day per task).
    Returns 1 if the agency's people were written to."""
    from django.utils import timezone

    from campaigns.selectors import agency_reports

    today = today or timezone.localdate()
    report = next((report for report in agency_reports(year=year, today=today) if report.agency.pk == agency.pk), None)
    if report is None or not report.missing:
        raise ApplicationError(_("This agency has nothing left to report for %(year)s."), {"year": year})
    if not agency.members.filter(is_active=True).exists():
        raise ApplicationError(_("Nobody works for this agency with an account: invite someone first."))
    return _remind(agency=agency, tasks=report.missing, year=year, today=today, user=user)


def agencies_remind_overdue(*, year: int, user: User, today: date | None = None) -> int:
    """Remind every overdue agency that has people with an account; returns how many were written to."""
    from django.utils import timezone

    from campaigns.selectors import agency_reports

    today = today or timezone.localdate()
    return sum(
        _remind(agency=report.agency, tasks=report.missing, year=year, today=today, user=user)
        for report in agency_reports(year=year, today=today)
        if report.overdue
    )


BUDGET_FIELDS = ("estimate", "approved", "settlement")


def budget_line_save(
    *,
    task: Task,
    year: int,
    source: str,
    values: Mapping[str, Decimal | None],
    user: User,
    ip: str | None = None,
    today: date | None = None,
) -> Budget:
    """Write what the user may write of a task's budget line for a year and source: the estimate
    (the department), the approved amount (the finance department or the province administrator) and
    the settlement (either of them, once the year is over). Each change is audited as before → after;
    a value the user may not write refuses the whole change."""
    from django.utils import timezone

    from campaigns.selectors import budget_may_approve

    today = today or timezone.localdate()
    if source not in BudgetSource.values:
        raise ApplicationError(_("Choose a source."))
    if any(value is not None and value < 0 for value in values.values()):
        raise ApplicationError(_("This cannot be negative."))
    may_plan, may_approve = user.has_perm("programme.change_plan"), budget_may_approve(user)
    if "estimate" in values and not may_plan:
        raise ApplicationError(_("Only the department sets the estimate."))
    if "approved" in values and not may_approve:
        raise ApplicationError(_("Only the finance department or the province administrator approves a budget."))
    if "settlement" in values:
        if not (may_plan or may_approve):
            raise ApplicationError(_("You may not enter the settlement."))
        if values["settlement"] is not None and year >= today.year:
            raise ApplicationError(_("The settlement is entered once the year is over."))
    with transaction.atomic():
        Task.objects.select_for_update().filter(pk=task.pk).first()  # two saves of one line write one row
        budget = Budget.objects.filter(task=task, year=year, source=source).first()
        if budget is None:
            estimate = values.get("estimate")
            if estimate is None:
                raise ApplicationError(_("Set the estimate of this line first."))
            budget = Budget(task=task, year=year, source=source, estimate=estimate)
            before: dict[str, Any] = dict.fromkeys(BUDGET_FIELDS)
        else:
            before = {name: getattr(budget, name) for name in BUDGET_FIELDS}
        if "estimate" in values and values["estimate"] is None:
            raise ApplicationError(_("The estimate cannot be left empty."))
        changed = {
            name: [_money_text(before[name]), _money_text(value)]
            for name, value in values.items()
            if name in BUDGET_FIELDS and value != before[name]
        }
        if not changed:
            return budget
        for name in changed:
            setattr(budget, name, values[name])
        if "approved" in changed:
            budget.approved_by, budget.approved_at = user, timezone.now()
        budget.save()
        common = {"year": year, "source": source}
        for action, names in (
            ("task.budget", ("estimate",)),
            ("budget.approve", ("approved",)),
            ("budget.settle", ("settlement",)),
        ):
            recorded = {name: changed[name] for name in names if name in changed}
            if recorded:
                audit_record(actor=user, action=action, obj=task, changes=common | recorded, ip=ip)
    return budget


def _money_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


# --- Agencies ------------------------------------------------------------------------------------------


def agency_create(*, name: str, kind: str, user: User, ip: str | None = None) -> Agency:
    from django.utils.text import slugify

    from reference.text import fold

    name = " ".join(name.split())
    if Agency.objects.filter(name__iexact=name).exists():
        raise ApplicationError(_("An agency with this name already exists."))
    base = slugify(fold(name))[:50] or "agency"
    key, number = base, 1
    while Agency.objects.filter(key=key).exists():
        number += 1
        key = f"{base}-{number}"
    with transaction.atomic():
        agency = Agency.objects.create(key=key, name=name, kind=kind)
        audit_record(actor=user, action="agency.create", obj=agency, changes={"name": name, "kind": kind}, ip=ip)
    return agency


def agency_set_finance(*, agency: Agency, approves: bool, user: User, ip: str | None = None) -> None:
    """Mark an agency as the finance department (its members then approve budgets), or unmark it:
    the province administrator's decision, since it hands out a right."""
    if not user.has_perm("programme.approve_budget"):
        raise ApplicationError(_("Only the province administrator decides who approves budgets."))
    if agency.approves_budgets == approves:
        return
    with transaction.atomic():
        Agency.objects.filter(pk=agency.pk).update(approves_budgets=approves)
        audit_record(
            actor=user, action="agency.finance", obj=agency,
            changes={"approves_budgets": [agency.approves_budgets, approves]}, ip=ip,
        )  # fmt: skip
        agency.approves_budgets = approves


def agency_set_member(*, agency: Agency, member: User, add: bool, user: User, ip: str | None = None) -> None:
    """Let a user act for an agency (see its tasks and activities, keep attendance), or stop it."""
    from accounts.roles import Role

    if add and member.role not in (Role.ASSOCIATION, Role.PROVINCE_STAFF, Role.PROVINCE_ADMIN):
        raise ApplicationError(_("Only accounts with the partner agency or department role can work for an agency."))
    with transaction.atomic():
        if add:
            agency.members.add(member)
        else:
            agency.members.remove(member)
        _ward_scope_sync([member])
        audit_record(
            actor=user,
            action="agency.member_add" if add else "agency.member_remove",
            obj=agency,
            changes={"member": member.email},
            ip=ip,
        )


def _ward_scope_sync(users: Iterable[User]) -> None:
    """Copy onto each user the wards of the communes they work for (the registry reads them there)."""
    for member in users:
        codes = sorted(
            {
                code
                for codes in member.agencies.filter(kind=AgencyKind.COMMUNE).values_list("ward_codes", flat=True)
                for code in codes
            }
        )
        # Written whatever the object in hand says: another copy of this user may have changed it.
        type(member).objects.filter(pk=member.pk).update(ward_codes=codes)
        member.ward_codes = codes


def agency_invite(
    *, agency: Agency, email: str, full_name: str, user: User, base_url: str, ip: str | None = None
) -> User:
    """Create a partner agency account for a person of the agency and e-mail them the link to choose a
    password; an existing partner or department account is added to the agency instead."""
    from accounts.models import User as Account
    from accounts.roles import Role
    from accounts.services import user_invite

    email = " ".join(email.split()).lower()
    with transaction.atomic():
        member = Account.objects.filter(email__iexact=email).first()
        if member is None:
            member = user_invite(
                email=email, full_name=full_name, role=Role.ASSOCIATION, invited_by=user, base_url=base_url, ip=ip
            )
        agency_set_member(agency=agency, member=member, add=True, user=user, ip=ip)
    return member


def agency_set_wards(*, agency: Agency, ward_codes: Iterable[str], user: User, ip: str | None = None) -> Agency:
    """Scope a commune to wards of the province: its people then see the registry of those wards only."""
    from reference.models import Ward
    from tenants.selectors import current_province

    codes = sorted(set(ward_codes))
    if codes and agency.kind != AgencyKind.COMMUNE:
        raise ApplicationError(_("Only a commune or ward People's Committee can be given wards."))
    known = set(
        Ward.objects.filter(province__code=current_province().code, code__in=codes).values_list("code", flat=True)
    )
    if unknown := [code for code in codes if code not in known]:
        raise ApplicationError(_("Not a ward of this province: %(codes)s."), {"codes": ", ".join(unknown)})
    with transaction.atomic():
        old = agency.ward_codes
        agency.ward_codes = codes
        agency.save(update_fields=["ward_codes"])
        _ward_scope_sync(agency.members.all())
        audit_record(actor=user, action="agency.wards", obj=agency, changes={"wards": [old, codes]}, ip=ip)
    return agency


# --- Support given (visits, matchmaking, e-commerce help) -------------------------------------------------


def support_record(
    *,
    activity: Activity,
    enterprise: Enterprise,
    provider: Provider | None,
    outcome: str,
    note: str = "",
    user: User,
    ip: str | None = None,
) -> Support:
    """Record (or update the outcome of) the support an enterprise received in an activity."""
    if not activity.records_support:
        raise ApplicationError(
            _("Only support visits, matchmaking and e-commerce support record enterprises supported.")
        )
    if activity.status == ActivityStatus.CANCELLED:
        raise ApplicationError(_("This activity was cancelled: it has no participants."))
    with transaction.atomic():
        support, _created = Support.objects.update_or_create(
            activity=activity, enterprise=enterprise, provider=provider, defaults={"outcome": outcome, "note": note}
        )
        audit_record(
            actor=user,
            action="support.record",
            obj=activity,
            changes={"tax_code": enterprise.tax_code, "provider": str(provider or ""), "outcome": outcome},
            ip=ip,
        )
    return support


def provider_save(*, provider: Provider, user: User, ip: str | None = None) -> Provider:
    creating = provider.pk is None
    with transaction.atomic():
        provider.save()
        audit_record(actor=user, action="provider.create" if creating else "provider.update", obj=provider, ip=ip)
    return provider


DOCUMENT_SUFFIXES = {
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".ppt",
    ".pptx",
    ".odt",
    ".ods",
    ".odp",
    ".jpg",
    ".jpeg",
    ".png",
}


def document_check(upload: Any) -> None:
    """An attachment (of an activity or a yearly update): PDF, office files or photos only, within
    the upload limit. Pages and scripts are refused, so nothing uploaded runs in a browser."""
    if Path(upload.name or "").suffix.lower() not in DOCUMENT_SUFFIXES:
        raise ApplicationError(_("Only PDF, office documents and photos (JPG, PNG) can be attached."))
    check_upload_size(size=upload.size or 0, max_bytes=settings.IMPORT_MAX_BYTES)


def document_add(*, activity: Activity, title: str, upload: Any, user: User, ip: str | None = None) -> ActivityDocument:
    """Keep a file of an activity."""
    document_check(upload)
    with transaction.atomic():
        document = ActivityDocument(
            activity=activity, title=" ".join(title.split())[:200] or Path(upload.name).stem, uploaded_by=user
        )
        document.file.save(Path(upload.name).name, upload, save=False)
        document.save()
        audit_record(actor=user, action="activity.document", obj=activity, changes={"title": document.title}, ip=ip)
    return document
