from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Portal core")

    def ready(self) -> None:
        from django.core.signals import request_finished

        from core import jobs  # noqa: F401  (registers the job runners)
        from core.audit import audit_link_by_uuid
        from core.middleware import forget_request

        request_finished.connect(forget_request, dispatch_uid="core.forget_request")
        audit_link_by_uuid("job", "core:job-detail", "job_uuid")
