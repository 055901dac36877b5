from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save, pre_delete, pre_save
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = _("Provinces")

    def ready(self) -> None:
        from tenants.models import Domain, Province
        from tenants.signals import domain_changed, domain_renaming, province_changed

        post_migrate.connect(_national_site_ensure, sender=self, dispatch_uid="tenants.national_site")
        post_save.connect(province_changed, sender=Province, dispatch_uid="tenants.province_saved")
        pre_delete.connect(province_changed, sender=Province, dispatch_uid="tenants.province_deleted")
        pre_save.connect(domain_renaming, sender=Domain, dispatch_uid="tenants.domain_renaming")
        post_save.connect(domain_changed, sender=Domain, dispatch_uid="tenants.domain_saved")
        post_delete.connect(domain_changed, sender=Domain, dispatch_uid="tenants.domain_deleted")


def _national_site_ensure(sender: Any, **kwargs: Any) -> None:
    """After migrating public, the national site answers on the base domain (a fresh deploy too)."""
    from django_tenants.utils import get_public_schema_name

    from core.tenancy import current_schema
    from tenants.services import public_tenant_ensure

    if current_schema() == get_public_schema_name():
        public_tenant_ensure()
