from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from accounts import signals  # noqa: F401
        from accounts.roles import NationalRole, Role, roles_sync
        from core.audit import audit_values_register

        audit_values_register("role", [*Role.choices, *NationalRole.choices])

        # Runs after migrate in every schema, so each province gets its role groups.
        post_migrate.connect(roles_sync, dispatch_uid="accounts.roles_sync")
