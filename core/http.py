"""Who is asking: the client's address and the login name, the same for the audit log and axes."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address.

    Behind TRUSTED_PROXY_COUNT reverse proxies, each appends the address it received from to
    X-Forwarded-For, so the client is that many entries from the right; anything further left was
    written by the client and is not trusted.
    """
    if request is None:
        return None
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def login_name(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The e-mail typed into the login form, as the account lookup sees it (case-insensitive), so
    that 'Admin@X.vn' and 'admin@x.vn' count towards the same lockout."""
    value = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(value).strip().lower()


def is_uuid(value: str) -> bool:
    """Whether a form value is a UUID (public ids come back from forms as text)."""
    try:
        uuid.UUID(value)
    except (ValueError, TypeError):
        return False
    return True


def site_base_url(request: HttpRequest) -> str:
    """The province site's own address, for links in e-mails and on documents built from a request."""
    return f"{request.scheme}://{request.get_host()}"


def file_download(stored: FieldFile, filename: str = "") -> FileResponse:
    """A stored file as a download; 404 when the storage no longer has it (like any missing page)."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=filename or Path(stored.name or "file").name)
