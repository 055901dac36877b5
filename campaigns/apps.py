from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "campaigns"
    label = "programme"  # the app was `programme`: tables, permissions and migrations keep the label
    verbose_name = _("Programme plan and activities")

    def ready(self) -> None:
        from campaigns import exports, extensions  # noqa: F401  (exports: registers the job runners)
        from campaigns.models import AttendanceStatus, BudgetSource
        from core.audit import audit_link_by_uuid, audit_values_register

        for object_type, url_name, kwarg in [
            ("plan", "programme:plan-detail", "plan_uuid"),
            ("task", "programme:task-detail", "task_uuid"),
            ("activity", "programme:activity-detail", "activity_uuid"),
            ("agency", "programme:agency-detail", "agency_uuid"),
        ]:
            audit_link_by_uuid(object_type, url_name, kwarg)
        # "status" of a participant.mark entry is the participants' attendance, not the activity's status.
        audit_values_register("status", AttendanceStatus.choices, action="participant.mark")
        for action in ("task.budget", "budget.approve", "budget.settle"):
            audit_values_register("source", BudgetSource.choices, action=action)

        extensions.register()
