from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The national site's audit log (province creations); read-only, like every audit log."""

    list_display = ["created_at", "actor_email", "action", "object_repr", "ip_address"]
    list_filter = ["action"]
    search_fields = ["actor_email", "object_repr"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
