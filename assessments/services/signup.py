"""Enterprises signing up by themselves with their tax code; the department approves the link."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
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


def signup_request(*, tax_code: str, name: str, full_name: str, email: str, phone: str, password: str) -> User:
    """Create the enterprise's account (it can log in at once) and a request for the department."""
    code = parse(tax_code)  # the form has already turned a TaxCodeError into a message
    email = User.objects.normalize_email(email).lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ApplicationError(
            _("An account with the e-mail %(email)s already exists; log in instead."), {"email": email}
        )
    with transaction.atomic():
        user = User.objects.create_user(email, password, full_name=full_name.strip(), phone=phone.strip())
        user.groups.set([Group.objects.get(name=Role.ENTERPRISE)])
        SignupRequest.objects.create(user=user, tax_code=code.value, name=" ".join(name.split()), phone=phone.strip())
        audit_record(actor=user, action="signup.request", obj=user, changes={"tax_code": code.value})
    return user


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
