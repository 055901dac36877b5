"""Inviting enterprises to assess themselves: one from its page, or a whole wave built from the
registry's filters; the personal link creates or links the enterprise's account; weekly reminders."""

from __future__ import annotations

import hashlib
import secrets
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from assessments.models import Invitation, Wave
from core.errors import ApplicationError
from core.exports import Export
from core.mail import mail_later
from core.services import ProgressCallback, audit_record, job_runner
from core.tenancy import current_schema
from enterprises.models import Enterprise, EnterpriseAccount
from enterprises.privacy import tax_codes_for
from enterprises.selectors import enterprise_list
from tenants.selectors import current_province

if TYPE_CHECKING:
    from core.models import Job

REMINDER_INTERVAL = timedelta(days=7)
REMIND_NOW_INTERVAL = timedelta(hours=24)  # "remind now" skips whoever got a mail from the wave since
INVITATION_DAYS = 90  # a link opens an account for this long


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def province_base_url() -> str:
    """The current province's site, for links in e-mails sent outside a request (beat, jobs)."""
    from tenants.models import Province

    province = Province.objects.prefetch_related("domains").get(schema_name=current_schema())
    return settings.SITE_URL_TEMPLATE.format(domain=province.primary_domain)


def _send(invitation: Invitation, token: str, base_url: str, *, reminder: bool) -> None:

    province = current_province()
    context = {
        "invitation": invitation,
        "enterprise": invitation.enterprise,
        "province": province,
        "wave": invitation.wave,
        "link": base_url.rstrip("/") + reverse("assessments:invitation-open", kwargs={"token": token}),
        "days": INVITATION_DAYS,
        "reminder": reminder,
    }
    with translation.override("vi"):  # enterprises read the portal's first language
        subject = render_to_string("assessments/email/invitation_subject.txt", context).strip()
        body = render_to_string("assessments/email/invitation_body.txt", context)
    email = invitation.email
    mail_later(subject, body, [email])


def invitation_send(
    *, enterprise: Enterprise, email: str, user: User | None, base_url: str, wave: Wave | None = None
) -> Invitation:
    """E-mail the enterprise a personal link to assess itself (a new link replaces an unused one)."""
    email = email.strip().lower()
    if not email:
        raise ApplicationError(_("%(name)s has no e-mail address: add one to invite it."), {"name": enterprise.name})
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        # A new link replaces the last one (its secret is not kept): a lost e-mail can be re-sent.
        invitation = Invitation.objects.filter(enterprise=enterprise, wave=wave).order_by("-created_at").first()
        if invitation is None or (wave is None and invitation.accepted_at is not None):
            invitation = Invitation(enterprise=enterprise, wave=wave, created_by=user)
        invitation.email, invitation.token_hash, invitation.sent_at = email, token_hash(token), timezone.now()
        invitation.save()
        audit_record(actor=user, action="invitation.send", obj=enterprise, changes={"email": email})
        _send(invitation, token, base_url, reminder=False)
    return invitation


def invitation_for_token(token: str) -> Invitation:
    """The invitation of a link, or ApplicationError saying why it cannot be used."""
    invitation = Invitation.objects.select_related("enterprise").filter(token_hash=token_hash(token)).first()
    if invitation is None or invitation.enterprise.merged_into_id or invitation.enterprise.archived_at:
        raise ApplicationError(_("This invitation link is not valid. Ask the department for a new one."))
    if (invitation.sent_at or invitation.created_at) < timezone.now() - timedelta(days=INVITATION_DAYS):
        raise ApplicationError(_("This invitation link has expired. Ask the department for a new one."))
    return invitation


def invitation_accept(*, invitation: Invitation, full_name: str = "", password: str = "") -> User:
    """Open the invitation: create the enterprise's account (with the password chosen on the page)
    or link the existing account of that e-mail; either way it now acts for the enterprise."""
    with transaction.atomic():
        user = User.objects.filter(email__iexact=invitation.email).first()
        if user is None:
            if not password:
                raise ApplicationError(_("Choose a password."))
            user = User.objects.create_user(invitation.email, password, full_name=full_name.strip())
            user.groups.set([Group.objects.get(name=Role.ENTERPRISE)])
            audit_record(
                actor=user, action="user.create", obj=user, changes={"role": Role.ENTERPRISE, "via": "invitation"}
            )
        elif user.role != Role.ENTERPRISE:
            message = _(
                "The e-mail %(email)s belongs to a department account; ask for an invitation to another address."
            )
            raise ApplicationError(message, {"email": invitation.email})
        account = EnterpriseAccount.objects.filter(user=user).first()
        if account is not None and account.enterprise_id != invitation.enterprise_id:
            raise ApplicationError(
                _("The account %(email)s already acts for another enterprise."), {"email": invitation.email}
            )
        if account is None:
            EnterpriseAccount.objects.create(user=user, enterprise=invitation.enterprise)
        if invitation.accepted_at is None:
            invitation.accepted_at, invitation.user = timezone.now(), user
            invitation.save(update_fields=["accepted_at", "user"])
            audit_record(actor=user, action="invitation.accept", obj=invitation.enterprise)
    return user


def wave_create(*, name: str, starts_on: date, ends_on: date, filters: dict[str, Any], user: User) -> Wave:
    """A wave over the registry's enterprises matching `filters`; the invitations go out in a job."""
    if ends_on < starts_on:
        raise ApplicationError(_("The wave cannot end before it starts."))
    with transaction.atomic():
        wave = Wave.objects.create(name=name, starts_on=starts_on, ends_on=ends_on, filters=filters, created_by=user)
        audit_record(actor=user, action="wave.create", obj=wave, changes={"filters": filters})
    return wave


@job_runner("wave_invite")
def wave_invite(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    """Job runner: invite every enterprise of the wave's list that has an e-mail address; list the
    others in the result file so the department can reach them another way."""

    wave = Wave.objects.get(pk=job.params["wave"])
    base_url = job.params["base_url"]
    enterprises = list(
        enterprise_list(**wave.filters).select_related(None).only("id", "uuid", "name", "tax_code", "email")
    )
    without_email = []
    tax_codes = tax_codes_for(job.created_by)
    # A retried job does not e-mail twice (a second e-mail would also void the first link).
    sent = set(Invitation.objects.filter(wave=wave, sent_at__isnull=False).values_list("enterprise_id", flat=True))
    for number, enterprise in enumerate(enterprises, start=1):
        if enterprise.pk in sent:
            continue
        if enterprise.email:
            invitation_send(
                enterprise=enterprise, email=enterprise.email, user=job.created_by, base_url=base_url, wave=wave
            )
        else:  # on the wave's list all the same; an expert or a phone call can reach it
            Invitation.objects.get_or_create(
                wave=wave, enterprise=enterprise, defaults={"token_hash": token_hash(secrets.token_urlsafe(32))}
            )
            without_email.append([tax_codes.show(enterprise.tax_code, enterprise.pk), enterprise.name])
        if number % 200 == 0:
            progress(round(100 * number / len(enterprises)), "")
    return f"{wave.name}-khong-co-email.csv", WithoutEmailExport(without_email).write_csv()


class WithoutEmailExport(Export):
    name = "wave-without-email"

    def __init__(self, rows: list[list[str]]) -> None:
        self._rows = rows

    def header(self) -> list[str]:
        return [str(_("Tax code")), str(_("Name"))]

    def rows(self) -> list[list[str]]:
        return self._rows


def _remind(invitation: Invitation, now: datetime, base_url: str) -> None:
    """Mail a reminder with a fresh link (the old secret is not kept) and count it."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_hash(token)
    invitation.last_reminded_at, invitation.reminders_sent = now, invitation.reminders_sent + 1
    invitation.save(update_fields=["token_hash", "last_reminded_at", "reminders_sent"])
    _send(invitation, token, base_url, reminder=True)


def wave_reminders_send(*, today: date | None = None) -> int:
    """Beat: remind, at most once a week, the invited enterprises of running waves that have not
    submitted an assessment since the wave began. Returns how many were reminded."""
    today = today or timezone.localdate()
    now = timezone.now()
    base_url = None
    count = 0
    for wave in Wave.objects.filter(starts_on__lte=today, ends_on__gte=today):
        due = (
            Invitation.objects.filter(wave=wave)
            .exclude(email="")
            # Reminders stop once the enterprise has submitted an assessment since the wave began.
            .exclude(enterprise__assessments__submitted_at__date__gte=wave.starts_on)
            .exclude(last_reminded_at__gt=now - REMINDER_INTERVAL)
            .exclude(sent_at__gt=now - REMINDER_INTERVAL)  # invited less than a week ago
            .select_related("enterprise", "wave")
            .distinct()
        )
        for invitation in due:
            base_url = base_url or province_base_url()
            with transaction.atomic():
                _remind(invitation, now, base_url)
            count += 1
    return count


def wave_remind(*, wave: Wave, user: User, base_url: str) -> int:
    """Remind now, each with a fresh link, the wave's invitees that have not responded (invited by
    e-mail, not submitted), except those the wave mailed within REMIND_NOW_INTERVAL: a second click,
    or a click just after the weekly reminder, sends nothing twice. Returns how many were reminded."""
    from assessments.selectors import invitation_statuses

    now = timezone.now()
    recent = now - REMIND_NOW_INTERVAL
    with transaction.atomic():
        pending = invitation_statuses(wave=wave, status="pending").values("pk")
        # Locked, and those locked by a concurrent click skipped: each invitee gets one mail.
        due = list(
            Invitation.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("enterprise", "wave")
            .filter(pk__in=pending)
            .exclude(last_reminded_at__gt=recent)
            .exclude(sent_at__gt=recent)
        )
        for invitation in due:
            _remind(invitation, now, base_url)
        audit_record(actor=user, action="wave.remind", obj=wave, changes={"reminded": len(due)})
    return len(due)
