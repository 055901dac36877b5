"""The audit log in words: what each action code means, what each recorded detail is called, and
where the object an entry names can be seen.

One catalogue lists every action code the portal records (as core/cache.py lists every cache): a
test reads the code base and fails when a service records a code this catalogue does not name.
Links come from the apps that own the pages (`audit_link_register`, in their AppConfig.ready), so
core never imports a domain app."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.http import is_uuid

if TYPE_CHECKING:
    from core.models import AuditEntry

ACTIONS: dict[str, Promise] = {
    "auth.login": _("Signed in"),
    "auth.logout": _("Signed out"),
    "auth.login_failed": _("Failed sign-in"),
    "user.create": _("Account created"),
    "user.update": _("Account changed"),
    "user.invite": _("User invited"),
    "user.reinvite": _("Invitation sent again"),
    "user.change_role": _("Role changed"),
    "user.deactivate": _("Account deactivated"),
    "user.reactivate": _("Account reactivated"),
    "user.set_password": _("Password set"),
    "api_key.issue": _("API key issued"),
    "api_key.revoke": _("API key revoked"),
    "job.start": _("Background job started"),
    "job.restart": _("Stalled job started again"),
    "province.create": _("Province created"),
    "province.update": _("Province changed"),
    "province.settings": _("Province settings changed"),
    "province.delete": _("Province deleted"),
    "province.restore": _("Province restored from a backup"),
    "province.merge": _("Province merged into another province"),
    "province.merge_in": _("A former province's records merged in"),
    "enterprise.create": _("Enterprise added"),
    "enterprise.update": _("Enterprise changed"),
    "enterprise.archive": _("Enterprise archived"),
    "enterprise.restore": _("Enterprise restored"),
    "enterprise.merge": _("Enterprises merged"),
    "enterprise.not_duplicate": _("Marked as not a duplicate"),
    "enterprise.import_upload": _("Enterprise file uploaded"),
    "enterprise.import": _("Enterprises imported"),
    "signup.request": _("Sign-up requested"),
    "signup.confirm": _("Sign-up e-mail confirmed"),
    "signup.existing_email": _("Sign-up tried with an e-mail that has an account"),
    "signup.approved": _("Sign-up approved"),
    "signup.rejected": _("Sign-up rejected"),
    "invitation.send": _("Invitation to self-assess sent"),
    "invitation.accept": _("Invitation accepted"),
    "wave.create": _("Invitation wave created"),
    "expert.assign": _("Expert assigned"),
    "expert.unassign": _("Expert unassigned"),
    "assessment.start": _("Assessment started"),
    "assessment.submit": _("Assessment submitted"),
    "assessment.review": _("Expert review started"),
    "assessment.adjust": _("Answer changed by the expert"),
    "assessment.accept": _("Expert review accepted"),
    "assessment.validate": _("Assessment validated"),
    "assessment.return": _("Assessment returned for changes"),
    "assessment.import": _("Survey results imported"),
    "assessment.import_upload": _("Survey results file uploaded"),
    "model_version.load": _("Scoring model loaded"),
    "model_version.copy": _("Scoring model copied to a draft"),
    "model_version.update": _("Scoring model draft changed"),
    "model_version.publish": _("Scoring model published"),
    "model_version.discard": _("Scoring model draft discarded"),
    "plan.create": _("Plan added"),
    "plan.update": _("Plan changed"),
    "task.create": _("Plan task added"),
    "task.update_text": _("Plan task changed"),
    "task.update": _("Task progress reported"),
    "task.budget": _("Task budget set"),
    "budget.approve": _("Budget approved"),
    "budget.settle": _("Budget settlement entered"),
    "target.add": _("Target added"),
    "target.remove": _("Target removed"),
    "activity.create": _("Activity added"),
    "activity.update": _("Activity changed"),
    "activity.document": _("Document attached to an activity"),
    "participant.add": _("Participant added"),
    "participant.update": _("Participant changed"),
    "participant.mark": _("Attendance marked"),
    "participant.remove": _("Participant removed"),
    "attendance.import": _("Attendance sheet imported"),
    "course_signup.add": _("Person signed up for a course"),
    "course_signup.cancel": _("Course sign-up cancelled"),
    "course_signup.confirm": _("Course sign-ups confirmed"),
    "course_signup.attendance": _("Attendance marked from the sign-ups"),
    "proposal.accept": _("Proposal accepted"),
    "proposal.reject": _("Proposal rejected"),
    "agency.create": _("Agency added"),
    "agency.member_add": _("Agency member added"),
    "agency.finance": _("Finance department marked"),
    "agency.member_remove": _("Agency member removed"),
    "agency.remind": _("Agency reminded of its yearly updates"),
    "agency.wards": _("Agency's wards changed"),
    "support.record": _("Support recorded"),
    "provider.create": _("Service provider added"),
    "provider.update": _("Service provider changed"),
    "wave.remind": _("Wave reminders sent"),
    "honour.grant": _("Honour granted"),
    "honour.withdraw": _("Honour withdrawn"),
    "honour.decision": _("Decision of an honour recorded"),
    "report.start": _("Yearly report started"),
    "report.edit": _("Yearly report edited"),
    "report.task": _("Task result of the yearly report edited"),
    "report.generate": _("Yearly report version generated"),
    "report.submit": _("Yearly report submitted"),
}

# What a job of each kind does, for "kind: yearly_report" in a job's entry.
JOB_KINDS: dict[str, Promise] = {
    "audit_export": _("System log export"),
    "enterprise_export": _("Enterprise export"),
    "enterprise_import_check": _("Enterprise file check"),
    "enterprise_import_apply": _("Enterprise import"),
    "wave_invite": _("Invitations of a wave"),
    "certificate_pdf": _("Certificate PDF"),
    "yearly_report": _("Yearly report PDF and annex"),
    "yearly_preview": _("Yearly report preview"),
    "programme_table_export": _("Programme table export"),
    "activity_export": _("Activity export"),
    "participant_export": _("Participant export"),
    "signup_export": _("Course sign-up export"),
    "assessment_export": _("Assessment export"),
    "wave_invitee_export": _("Export of a wave's invitees"),
}

# Details the services record that are not a field of the object's model.
DETAILS: dict[str, Promise] = {
    "created": _("created"),
    "updated": _("updated"),
    "unchanged": _("unchanged"),
    "rejected": _("rejected"),
    "file": _("file"),
    "mode": _("mode"),
    "vsic_edition": _("VSIC edition"),
    "version": _("version"),
    "pages": _("pages"),
    "fields": _("fields changed"),
    "task": _("task"),
    "expert": _("expert"),
    "from": _("copied from version"),
    "via": _("through"),
    "filters": _("filters"),
    "other": _("other enterprise"),
    "target": _("target"),
    "count": _("count"),
    "attended": _("people marked present"),
    "absent": _("people marked absent"),
    "criterion": _("criterion"),
    "before": _("before"),
    "after": _("after"),
    "comment": _("comment"),
    "username": _("e-mail typed"),
    "merged": _("merged record"),
    "filled": _("fields filled"),
    "moved": _("records moved"),
    "dropped": _("duplicates dropped"),
    "source": _("source"),
    "amount": _("planned (million VND)"),
    "estimate": _("estimate (million VND)"),
    "approved": _("approved (million VND)"),
    "settlement": _("settlement (million VND)"),
    "decision_number": _("decision number"),
    "decision_date": _("decision date"),
}

# Numbers that name rather than count: printed as recorded, never as "2.026".
IDENTIFIERS = {"year", "number", "version", "from", "code", "tax_code", "slug", "vsic_edition", "merged"}

ObjectUrl = Callable[[str], str | None]
_LINKS: dict[str, ObjectUrl] = {}
_VALUES: dict[tuple[str, str], dict[str, Any]] = {}


def audit_values_register(key: str, choices: Iterable[tuple[str, Any]], *, action: str = "") -> None:
    """Labels of the coded values a detail records ("role": the roles), for one action or for all,
    when the object's own field of that name does not give them."""
    _VALUES[(action, key)] = dict(choices)


def audit_link_register(object_type: str, url: ObjectUrl) -> None:
    """The app that shows objects of `object_type` (a model name) gives the URL of one, by the id
    the entry recorded (its UUID, else its key), or None when it has no page any more."""
    _LINKS[object_type] = url


def audit_action_label(code: str) -> str:
    return str(ACTIONS.get(code, code))


def audit_action_choices() -> list[tuple[str, str]]:
    """Every action, in the reader's language and alphabetical order."""
    return sorted(((code, str(label)) for code, label in ACTIONS.items()), key=lambda choice: choice[1].lower())


def audit_object_type_label(object_type: str) -> str:
    """An object type (a model name) as its model calls itself: "enterprise" → "doanh nghiệp"."""
    model = _model(object_type)
    return str(model._meta.verbose_name) if model is not None else object_type


def audit_object_url(entry: AuditEntry) -> str | None:
    url = _LINKS.get(entry.object_type)
    return url(entry.object_id) if url is not None and entry.object_id else None


def audit_details(entry: AuditEntry) -> list[tuple[str, str]]:
    """The recorded changes as (what, value) in words: field names as their models call them, coded
    values (a kind, a state, a role) by their labels, numbers as the language writes them."""
    model = _model(entry.object_type)
    details = []
    for key, value in entry.changes.items():
        field = _field(model, key)
        if key == "kind" and entry.object_type == "job":
            label, text = str(_("kind")), str(JOB_KINDS.get(value, value))
        else:
            label = str(field.verbose_name) if field is not None else str(DETAILS.get(key, key.replace("_", " ")))
            labels = _VALUES.get((entry.action, key), _VALUES.get(("", key)))
            text = _as_recorded(value) if key in IDENTIFIERS else _text(value, field, model, labels)
        details.append((label, text))
    return details


def _model(object_type: str) -> type[models.Model] | None:
    if not object_type:
        return None
    return next((model for model in apps.get_models() if model._meta.model_name == object_type), None)


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a detail the service recorded, not a field
        return None
    return field if isinstance(field, models.Field) else None  # a reverse relation has no name to show


def _text(value: Any, field: Any, model: type[models.Model] | None, labels: dict[str, Any] | None = None) -> str:
    if isinstance(value, list):
        if field is None and labels is None:
            return _listed(value, model)
        return " → ".join(_text(item, field, model, labels) for item in value)  # before → after
    if isinstance(value, dict):
        return "; ".join(f"{_model_label(key)}: {_text(item, None, None)}" for key, item in value.items())
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, int | float | Decimal):
        return number_format(value)
    choices = labels or dict(getattr(field, "flatchoices", None) or [])
    return str(choices.get(value, value)) if value is not None else "—"


def _as_recorded(value: Any) -> str:
    if isinstance(value, list):
        return " → ".join(_as_recorded(item) for item in value)
    return "—" if value is None else str(value)


def _model_label(key: str) -> str:
    """A model label ("assessments.Assessment", what a merge moved) as its plural name; other keys as they are."""
    try:
        return str(apps.get_model(key)._meta.verbose_name_plural)
    except (LookupError, ValueError):
        return key


def _listed(values: list[Any], model: type[models.Model] | None) -> str:
    """A list of field names (what an edit changed) by their verbose names."""
    names = []
    for value in values:
        field = _field(model, value) if isinstance(value, str) else None
        names.append(str(field.verbose_name) if field is not None else _text(value, None, None))
    return ", ".join(names)


def audit_link_by_uuid(object_type: str, url_name: str, kwarg: str) -> None:
    """Register the page of objects recorded by their UUID, reversed from `url_name`."""

    def url(object_id: str) -> str | None:
        return reverse(url_name, kwargs={kwarg: object_id}) if is_uuid(object_id) else None

    audit_link_register(object_type, url)
