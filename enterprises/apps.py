from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("Enterprise registry")

    def ready(self) -> None:
        from core.audit import audit_link_by_uuid
        from enterprises import exports  # noqa: F401  (registers the job runners)
        from enterprises.importing import batches  # noqa: F401

        audit_link_by_uuid("enterprise", "enterprises:enterprise-detail", "enterprise_uuid")
