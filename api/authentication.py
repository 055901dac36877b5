"""API keys in requests: `Authorization: Api-Key <key>` (or `X-Api-Key: <key>`), looked up by hash in
the current schema only — a key of another province is simply unknown here. A key that is
presented but not accepted (unknown here, or revoked) is refused with 403; 401 means no key."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication
from rest_framework.request import Request

from api.models import ApiKey
from api.selectors import api_key_by_hash
from api.services import key_hash


class KeyRefused(exceptions.PermissionDenied):
    default_code = "key_refused"

    def __init__(self, message: Any) -> None:
        super().__init__(message)
        self.message = message  # lazy: the error shape renders it in both languages


def raw_key(request: Request) -> str:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header[:8].lower() == "api-key ":
        return header[8:].strip()
    return str(request.META.get("HTTP_X_API_KEY", "")).strip()


class ApiKeyAuthentication(BaseAuthentication):
    keyword = "Api-Key"

    def authenticate(self, request: Request) -> tuple[Any, ApiKey] | None:
        raw = raw_key(request)
        if not raw:
            return None
        key = api_key_by_hash(key_hash(raw))
        if key is None:
            raise KeyRefused(_("This API key is not known on this site."))
        request._request.api_key = key  # type: ignore[attr-defined]  # the call log reads it
        if not key.is_active:
            raise KeyRefused(_("This API key was revoked."))
        return AnonymousUser(), key

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
