from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = _("Provinces")

    def ready(self) -> None:
        post_migrate.connect(_national_site_ensure, sender=self, dispatch_uid="tenants.national_site")


def _national_site_ensure(sender: Any, **kwargs: Any) -> None:
    """After migrating public, the national site answers on the base domain (a fresh deploy too)."""
    from django_tenants.utils import get_public_schema_name

    from core.tenancy import current_schema
    from tenants.services import public_tenant_ensure

    if current_schema() == get_public_schema_name():
        public_tenant_ensure()
