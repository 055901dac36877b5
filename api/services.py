"""Issuing and revoking API keys, and logging their calls."""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import ApiCall, ApiKey, ApiScope
from core.cache import redis_client
from core.errors import ApplicationError
from core.services import audit_record
from core.tenancy import current_schema

if TYPE_CHECKING:
    from accounts.models import User

LAST_USED_EVERY = 60  # seconds: last_used_at is written at most this often


def key_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def api_key_issue(*, name: str, scope: str, user: User | None, ip: str | None = None) -> tuple[ApiKey, str]:
    """A new key and its secret, returned once: only its hash is stored.

    `user` is None when an operator issues the key from the command line; the audit entry says so.
    """
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
        changes = {"scope": scope} if user is not None else {"scope": scope, "via": "command line"}
        audit_record(actor=user, action="api_key.issue", obj=key, changes=changes, ip=ip)
    return key, raw


def api_key_revoke(*, key: ApiKey, user: User, ip: str | None = None) -> None:
    with transaction.atomic():
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.save(update_fields=["revoked_at"])
            audit_record(actor=user, action="api_key.revoke", obj=key, ip=ip)


def _calls_queue(schema: str) -> str:
    return f"dbi:api-calls:{schema}"  # a Redis list per schema, emptied by api_calls_flush


def api_call_log(
    *, key: ApiKey, method: str, path: str, query: str, status: int, duration_ms: int, ip: str | None
) -> None:
    """Log a call. With Redis the row waits in the schema's queue (one push, no query) until
    `api_calls_flush` writes the queue, every minute and before a key's calls are shown."""
    row = {
        "key_id": key.pk, "method": method[:8], "path": path[:300], "query": query[:300], "status": status,
        "duration_ms": duration_ms, "ip": ip, "created_at": timezone.now().isoformat(),
    }  # fmt: skip
    # The key may come from the cache with an old last_used_at: a marker in the cache says whether
    # it was written within the last minute.
    marker = f"api:key-used:{key.pk}"
    client = redis_client()
    if client is None:  # `make run` without Redis
        ApiCall.objects.create(**row)
        first_this_minute = cache.add(marker, True, LAST_USED_EVERY)
    else:  # the push and the marker in one round trip (SET NX is what cache.add does)
        pipe = client.pipeline(transaction=False)
        pipe.rpush(_calls_queue(current_schema()), json.dumps(row))
        pipe.set(cache.make_and_validate_key(marker), 1, nx=True, ex=LAST_USED_EVERY)
        _length, first_this_minute = pipe.execute()
    if first_this_minute:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())


def api_calls_flush(batch: int = 5000) -> int:
    """Write the current schema's queued calls; returns how many. A batch the database refuses goes
    back to the queue, so no call is lost."""
    client = redis_client()
    if client is None:
        return 0
    queue, written = _calls_queue(current_schema()), 0
    while True:
        pipe = client.pipeline(transaction=True)  # take a batch off the queue atomically
        pipe.lrange(queue, 0, batch - 1)
        pipe.ltrim(queue, batch, -1)
        raw_rows, _trimmed = pipe.execute()
        if not raw_rows:
            return written
        rows = [json.loads(raw) for raw in raw_rows]
        known = set(ApiKey.objects.filter(pk__in={row["key_id"] for row in rows}).values_list("pk", flat=True))
        try:
            ApiCall.objects.bulk_create(
                ApiCall(**(row | {"created_at": datetime.fromisoformat(row["created_at"])}))
                for row in rows
                if row["key_id"] in known  # a key deleted meanwhile takes its calls with it
            )
        except Exception:
            client.lpush(queue, *reversed(raw_rows))
            raise
        written += len(rows)
