"""Bind each login to its schema and audit logins and logouts."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from accounts.middleware import SESSION_SCHEMA_KEY
from accounts.models import User
from core.http import client_ip, login_name
from core.services import audit_record
from core.tenancy import current_schema


@receiver(user_logged_in)
def bind_session_to_schema(sender: Any, request: HttpRequest, user: User, **kwargs: Any) -> None:
    request.session[SESSION_SCHEMA_KEY] = current_schema()
    audit_record(actor=user, action="auth.login", obj=user, ip=client_ip(request))


@receiver(user_logged_out)
def audit_logout(sender: Any, request: HttpRequest, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action="auth.logout", obj=user, ip=client_ip(request))


@receiver(user_login_failed)
def audit_failed_login(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if request is not None:  # Django masks the password in `credentials`; only the e-mail is kept
        changes = {"email": login_name(request, credentials)}
        audit_record(actor=None, action="auth.login_failed", changes=changes, ip=client_ip(request))
