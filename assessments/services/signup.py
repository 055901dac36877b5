"""Enterprises signing up by themselves with their tax code; the department approves the link."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from assessments.models import SignupRequest, SignupStatus
from core.errors import ApplicationError
from core.mail import mail_later
from core.services import audit_record
from enterprises.models import Enterprise, EnterpriseAccount
from enterprises.services import enterprise_save
from enterprises.taxcode import TaxCodeKind, parse
from tenants.selectors import current_province


def signup_request(
    *, tax_code: str, name: str, full_name: str, email: str, phone: str, password: str, base_url: str
) -> None:
    """Open an account waiting for its e-mail to be confirmed, with a request for the department.

    The visitor is told the same, in the same time, whether or not the e-mail already has an
    account: a new address gets a confirmation link; an existing one gets a note that someone tried
    to sign up with it, with how to log in or reset the password. Nobody learns who has an account.
    """
    code = parse(tax_code)  # the form has already turned a TaxCodeError into a message
    email = User.objects.normalize_email(email).lower()
    try:
        with transaction.atomic():
            user = User.objects.select_for_update().filter(email__iexact=email).first()
            if user is not None and not signup_unconfirmed(user):
                make_password(password)  # the same hashing work as a new account: the answer takes as long
                audit_record(actor=None, action="signup.existing_email", obj=user)
                _mail(user, "signup_existing", {"login": base_url + reverse("accounts:login"),
                                               "reset": base_url + reverse("accounts:password-reset")})  # fmt: skip
                return
            fields = {"full_name": full_name.strip(), "phone": phone.strip()}
            if user is None:
                user = User.objects.create_user(email, password, is_active=False, **fields)
                user.groups.set([Group.objects.get(name=Role.ENTERPRISE)])
            else:  # signed up before without confirming: whoever holds the mailbox decides, last one wins
                user.set_password(password)
                User.objects.filter(pk=user.pk).update(password=user.password, **fields)
            SignupRequest.objects.update_or_create(
                user=user, defaults={"tax_code": code.value, "name": " ".join(name.split()), "phone": phone.strip()}
            )
            audit_record(actor=None, action="signup.request", obj=user, changes={"tax_code": code.value})
            uid, token = urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)
            link = base_url + reverse("assessments:signup-confirm", kwargs={"uidb64": uid, "token": token})
            _mail(user, "signup_confirm", {"link": link, "days": settings.PASSWORD_RESET_TIMEOUT // 86400})
    except IntegrityError:  # the same address signed up at this very moment: that attempt stands
        return


def signup_unconfirmed(user: User) -> bool:
    """An account opened by the sign-up form whose e-mail was never confirmed (it cannot log in)."""
    return (
        not user.is_active
        and user.last_login is None
        and SignupRequest.objects.filter(user=user, status=SignupStatus.PENDING).exists()
    )


def signup_confirm(*, user: User) -> User:
    """The link in the e-mail was followed: the account opens and can log in."""
    with transaction.atomic():
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_record(actor=user, action="signup.confirm", obj=user)
    return user


def _mail(user: User, template: str, context: dict[str, object]) -> None:
    context = {**context, "email": user.email, "province": current_province()}
    with translation.override("vi"):
        subject = render_to_string(f"assessments/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"assessments/email/{template}_body.txt", context)
    mail_later(subject, body, [user.email])


def signup_match(request: SignupRequest) -> Enterprise | None:
    """The registry's record of the requested tax code, if any."""
    return Enterprise.objects.filter(tax_code=request.tax_code, merged_into__isnull=True).first()


def signup_decide(*, request: SignupRequest, approve: bool, user: User, reason: str = "") -> SignupRequest:
    """Approve (link the account to the registry's enterprise, adding it when the code is new) or
    reject with a reason; the enterprise is told by e-mail."""
    if not approve and not reason.strip():
        raise ApplicationError(_("Say why the request is rejected."))
    with transaction.atomic():
        request = SignupRequest.objects.select_for_update().select_related("user").get(pk=request.pk)
        if request.status != SignupStatus.PENDING:  # two officers deciding at once
            raise ApplicationError(_("This request was already decided."))
        if approve:
            enterprise = signup_match(request)
            if enterprise is None:
                kind = parse(request.tax_code).kind
                enterprise = enterprise_save(
                    enterprise=Enterprise(
                        tax_code=request.tax_code,
                        tax_code_kind=kind.value,
                        name=request.name,
                        email=request.user.email,
                        phone=request.phone,
                        legal_form="ho_kinh_doanh" if kind == TaxCodeKind.PERSONAL else "",
                    ),
                    user=user,
                )
            EnterpriseAccount.objects.update_or_create(user=request.user, defaults={"enterprise": enterprise})
        request.status = SignupStatus.APPROVED if approve else SignupStatus.REJECTED
        request.reason, request.decided_by, request.decided_at = reason.strip(), user, timezone.now()
        request.save()
        audit_record(
            actor=user, action=f"signup.{request.status}", obj=request.user, changes={"tax_code": request.tax_code}
        )
        context = {"request": request}
        with translation.override("vi"):
            subject = render_to_string("assessments/email/signup_decided_subject.txt", context).strip()
            body = render_to_string("assessments/email/signup_decided_body.txt", context)
        address = request.user.email
        mail_later(subject, body, [address])
    return request
