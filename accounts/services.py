"""Writes on accounts. Every change to a user is audited."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role, role_label
from core.errors import ApplicationError
from core.mail import mail_later
from core.services import audit_record


def user_create(
    *, email: str, role: str, full_name: str = "", password: str | None = None, actor: User | None = None
) -> User:
    """Create an account with one role in the current schema."""
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ApplicationError(_("An account with the e-mail %(email)s already exists."), {"email": email})
    with transaction.atomic():
        user = User.objects.create_user(email, password, full_name=full_name)
        user.groups.set([Group.objects.get(name=role)])
        audit_record(actor=actor, action="user.create", obj=user, changes={"email": email, "role": role})
    return user


def invitation_link(*, user: User, base_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url.rstrip("/") + reverse("accounts:invite-accept", kwargs={"uidb64": uid, "token": token})


def user_invite(*, email: str, full_name: str, role: str, invited_by: User, base_url: str, ip: str | None) -> User:
    """Create an account without a password and e-mail a link to choose one."""
    with transaction.atomic():
        user = user_create(email=email, role=role, full_name=full_name, actor=invited_by)
        audit_record(actor=invited_by, action="user.invite", obj=user, changes={"role": role}, ip=ip)
        _send_invitation(user=user, invited_by=invited_by, base_url=base_url)
    return user


def user_reinvite(*, user: User, invited_by: User, base_url: str, ip: str | None) -> User:
    """Send a fresh link to someone who never chose a password (the first one expired or got lost)."""
    if user.has_usable_password():
        raise ApplicationError(_("This person has already chosen a password; they can use “Forgot your password?”."))
    if not user.is_active:
        raise ApplicationError(_("Reactivate the account before inviting again."))
    with transaction.atomic():
        audit_record(actor=invited_by, action="user.reinvite", obj=user, ip=ip)
        _send_invitation(user=user, invited_by=invited_by, base_url=base_url)
    return user


def _send_invitation(*, user: User, invited_by: User, base_url: str) -> None:
    context = {
        "user": user,
        "link": invitation_link(user=user, base_url=base_url),
        "role": role_label(user.role),
        "invited_by": invited_by,
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
    body = render_to_string("accounts/email/invitation_body.txt", context)
    mail_later(subject, body, [user.email])


def _check_not_self(*, user: User, actor: User) -> None:
    if user.pk == actor.pk:
        raise ApplicationError(_("You cannot change your own account this way; ask another administrator."))


def user_change_role(*, user: User, role: str, actor: User, ip: str | None) -> User:
    if role not in Role.values:
        raise ApplicationError(_("Unknown role."))
    _check_not_self(user=user, actor=actor)
    old = user.role
    if old == role:
        return user
    with transaction.atomic():
        user.groups.set([Group.objects.get(name=role)])
        audit_record(actor=actor, action="user.change_role", obj=user, changes={"role": [old, role]}, ip=ip)
    return user


def user_set_active(*, user: User, active: bool, actor: User, ip: str | None) -> User:
    """Deactivate (the user can no longer log in; history is kept) or reactivate an account."""
    _check_not_self(user=user, actor=actor)
    if user.is_active == active:
        return user
    with transaction.atomic():
        user.is_active = active
        user.save(update_fields=["is_active"])
        action = "user.reactivate" if active else "user.deactivate"
        audit_record(actor=actor, action=action, obj=user, changes={"is_active": [not active, active]}, ip=ip)
    return user
