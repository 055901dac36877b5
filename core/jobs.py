"""Job runners of the core app: the audit log export."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.audit import audit_action_label, audit_details, audit_object_type_label
from core.exports import Export
from core.models import Job
from core.selectors import audit_entry_filter
from core.services import ProgressCallback, job_runner


class AuditLogExport(Export):
    name = "audit-log"
    title = gettext_lazy("System log")

    def __init__(self, filters: dict[str, Any]) -> None:
        self.queryset = audit_entry_filter(data=filters).qs

    def header(self) -> Sequence[str]:
        return [_("Time"), _("Actor e-mail"), _("Action"), _("Object type"), _("Object"), _("Changes"), _("IP address")]

    def count(self) -> int:
        return self.queryset.count()

    def rows(self) -> Iterable[Sequence[Any]]:
        for entry in self.queryset.iterator(chunk_size=2000):
            yield [
                entry.created_at,
                entry.actor_email,
                audit_action_label(entry.action),
                audit_object_type_label(entry.object_type),
                entry.object_repr,
                ", ".join(f"{label}: {value}" for label, value in audit_details(entry)),
                entry.ip_address,
            ]


@job_runner("audit_export")
def audit_export(job: Job, progress: ProgressCallback) -> tuple[str, bytes]:
    with translation.override(job.params.get("language") or None):
        content = AuditLogExport(job.params.get("filters", {})).write_xlsx(progress=lambda p: progress(p, ""))
    return f"audit-log-{timezone.localdate():%Y%m%d}.xlsx", content
