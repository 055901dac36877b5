"""Issuing and revoking API keys, and logging their calls."""

from __future__ import annotations

import hashlib
import secrets
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import ApiCall, ApiKey, ApiScope
from core.errors import ApplicationError
from core.services import audit_record
from core.tenancy import current_schema

if TYPE_CHECKING:
    from accounts.models import User

LAST_USED_EVERY = 60  # seconds: last_used_at is written at most this often


def key_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def api_key_issue(*, name: str, scope: str, user: User, ip: str | None = None) -> tuple[ApiKey, str]:
    """A new key and its secret, returned once: only its hash is stored."""
    from django_tenants.utils import get_public_schema_name

    national = current_schema() == get_public_schema_name()
    if (scope == ApiScope.NATIONAL) != national:
        raise ApplicationError(_("National keys are issued on the national site; province keys on a province's site."))
    if not name.strip():
        raise ApplicationError(_("Give the key a name that says who uses it."))
    prefix = secrets.token_hex(4)
    raw = f"dbi_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        key = ApiKey.objects.create(
            name=name.strip()[:100], prefix=prefix, key_hash=key_hash(raw), scope=scope, created_by=user
        )
        audit_record(actor=user, action="api_key.issue", obj=key, changes={"scope": scope}, ip=ip)
    return key, raw


def api_key_revoke(*, key: ApiKey, user: User, ip: str | None = None) -> None:
    with transaction.atomic():
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.save(update_fields=["revoked_at"])
            audit_record(actor=user, action="api_key.revoke", obj=key, ip=ip)


def api_call_log(
    *, key: ApiKey, method: str, path: str, query: str, status: int, duration_ms: int, ip: str | None
) -> None:
    ApiCall.objects.create(
        key=key, method=method[:8], path=path[:300], query=query[:300], status=status, duration_ms=duration_ms, ip=ip
    )
    # The key may come from the cache with an old last_used_at: a marker in the cache says whether
    # it was written within the last minute.
    if cache.add(f"api:key-used:{key.pk}", True, LAST_USED_EVERY):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
