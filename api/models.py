"""API keys and their call log. A key lives in one schema: a province's key reads only that province
(another schema does not know it), a key in the public schema reads the national rollup."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiScope(models.TextChoices):
    STATISTICS = "statistics", _("Statistics only")
    REGISTRY = "registry", _("Statistics and the registry (enterprises, assessments)")
    # The department's own systems: what `registry` reads, with household businesses' personal IDs in full.
    DEPARTMENT = "department", _("Department's own systems: the registry with personal IDs in full")
    NATIONAL = "national", _("National rollup")


class ApiKey(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100, help_text=_("Who uses it, e.g. “Cục Thống kê — bảng tin”."))
    prefix = models.CharField(max_length=16)  # shown in lists, to recognise a key
    key_hash = models.CharField(max_length=64, unique=True)  # sha256 of the whole key; the key is never stored
    scope = models.CharField(_("scope"), max_length=12, choices=ApiScope.choices)
    created_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        permissions = [("manage_apikey", "Can issue and revoke API keys")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiCall(models.Model):
    """One request made with a key, whatever its answer."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="calls")
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    query = models.CharField(max_length=300, blank=True)
    status = models.PositiveSmallIntegerField()
    duration_ms = models.PositiveIntegerField()
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)  # when called, not when written

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["key", "-created_at"], name="api_call_recent")]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status}"
