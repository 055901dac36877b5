from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("DBI assessments")

    def ready(self) -> None:
        from assessments import certificates, exports, extensions  # noqa: F401  (registers the job runners)
        from assessments.services import invitations  # noqa: F401
        from core.audit import audit_link_by_uuid

        audit_link_by_uuid("assessment", "assessments:assessment-detail", "assessment_uuid")
        audit_link_by_uuid("wave", "assessments:wave-detail", "wave_uuid")
        audit_link_by_uuid("modelversion", "assessments:modelversion-detail", "version_uuid")
        audit_link_by_uuid("assessmentimport", "assessments:assessment-import-detail", "import_uuid")

        extensions.register()
        post_migrate.connect(_install_shipped_models, sender=self, dispatch_uid="assessments.shipped_models")


def _install_shipped_models(sender: Any = None, **kwargs: Any) -> None:
    """A province gets the shipped scoring models when its schema is created (later versions of a
    shipped file are published by `load_dbi_model`, an operator's decision)."""
    from django_tenants.utils import get_public_schema_name

    from assessments.services.versions import model_versions_install_shipped
    from core.tenancy import current_schema

    if current_schema() != get_public_schema_name():
        model_versions_install_shipped()
