"""Who may read what: a key by its scope, or a signed-in person by their role."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from api.models import ApiKey, ApiScope


class _Scoped(BasePermission):
    scopes: tuple[str, ...] = ()
    perm = ""

    def has_permission(self, request: Request, view: Any) -> bool:
        if isinstance(request.auth, ApiKey):
            return request.auth.scope in self.scopes
        return bool(request.user and request.user.is_authenticated and request.user.has_perm(self.perm))


class HasStatisticsScope(_Scoped):
    scopes = (ApiScope.STATISTICS, ApiScope.REGISTRY, ApiScope.DEPARTMENT)
    perm = "assessments.view_assessment"  # the department's staff


class HasRegistryScope(_Scoped):
    scopes = (ApiScope.REGISTRY, ApiScope.DEPARTMENT)
    perm = "enterprises.view_enterprise"


class HasNationalScope(_Scoped):
    scopes = (ApiScope.NATIONAL,)
    perm = "accounts.view_national"
