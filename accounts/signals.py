"""Bind each login to its schema, audit logins and logouts, and renew the cached signed-in user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
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


# --- The cached signed-in user (accounts.backends) -------------------------------------------------


def users_changed(user_ids: list[Any], *, replace: bool = True) -> None:
    """Drop the kept copies now; when the change commits, keep the fresh ones (or False for a user
    who may no longer sign in). `replace=False` only drops them again (many users at once)."""
    from django_tenants.utils import schema_context

    from accounts.backends import SECONDS, CachedModelBackend, user_cache_key

    keys = [user_cache_key(user_id) for user_id in user_ids]
    cache.delete_many(keys)
    schema = current_schema()

    def after_commit() -> None:
        with schema_context(schema):
            if not replace:
                cache.delete_many(keys)
                return
            backend = CachedModelBackend()
            fresh = {user_cache_key(user_id): backend.fresh_user(user_id) or False for user_id in user_ids}
            cache.set_many(fresh, SECONDS)

    transaction.on_commit(after_commit)


@receiver(post_save, sender=User)
@receiver(post_delete, sender=User)
def user_changed(sender: Any, instance: User, created: bool = False, **kwargs: Any) -> None:
    if not created:  # nothing is kept of a user who was never signed in
        users_changed([instance.pk])


@receiver(m2m_changed, sender=User.groups.through)
@receiver(m2m_changed, sender=User.user_permissions.through)
def user_rights_changed(sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any) -> None:
    if not action.startswith("post_"):
        return
    if not reverse:  # user.groups.set(...)
        users_changed([instance.pk])
    elif pk_set:  # group.user_set.add(...)
        users_changed(list(pk_set))
    else:  # group.user_set.clear(): every user who may have been in it
        users_changed(list(User.objects.values_list("pk", flat=True)), replace=False)


@receiver(m2m_changed, sender=Group.permissions.through)
def group_permissions_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: Any, **kwargs: Any
) -> None:
    if not action.startswith("post_"):
        return
    groups = [instance.pk] if not reverse else list(pk_set or [])
    users = User.objects.filter(groups__in=groups) if groups else User.objects.all()
    users_changed(list(users.values_list("pk", flat=True).distinct()), replace=False)
