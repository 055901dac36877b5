"""Writes on scoring model versions: load a file, copy to a draft, correct it, publish it."""

from __future__ import annotations

import copy
import hashlib
import json
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.modelfile import definition_check, model_file_path, model_file_read
from assessments.models import ModelStatus, ModelVersion
from core.errors import ApplicationError
from core.services import audit_record

if TYPE_CHECKING:
    from accounts.models import User

SHIPPED_MODELS = ["qd1970-sme"]  # installed in every new province


def definition_digest(definition: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(definition, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _next_number(key: str) -> int:
    return (ModelVersion.objects.filter(key=key).aggregate(top=Max("number"))["top"] or 0) + 1


def model_version_load(*, definition: dict[str, Any], user: User | None = None) -> tuple[ModelVersion, bool]:
    """Publish a checked definition as the next version of its model, unless it is already there.

    Returns the version and whether it was created: loading the same file twice adds nothing.
    """
    definition = definition_check(definition)
    digest = definition_digest(definition)
    with transaction.atomic():
        existing = ModelVersion.objects.filter(key=definition["key"], digest=digest, status=ModelStatus.PUBLISHED)
        if found := existing.order_by("-number").first():
            return found, False
        version = ModelVersion.objects.create(
            key=definition["key"],
            number=_next_number(definition["key"]),
            status=ModelStatus.PUBLISHED,
            content=definition,
            digest=digest,
            note="",
            created_by=user,
            published_at=timezone.now(),
        )
        audit_record(actor=user, action="model_version.load", obj=version, changes={"number": version.number})
    return version, True


def model_versions_install_shipped() -> list[ModelVersion]:
    """Give the current province the shipped models it has no version of yet (new provinces)."""
    installed = []
    for key in SHIPPED_MODELS:
        if not ModelVersion.objects.filter(key=key).exists():
            installed.append(model_version_load(definition=model_file_read(model_file_path(key)))[0])
    return installed


def model_version_copy(*, version: ModelVersion, user: User) -> ModelVersion:
    """A draft copy of a published version, for a province administrator to correct."""
    if not version.is_published:
        raise ApplicationError(_("Only a published version can be copied."))
    with transaction.atomic():
        draft = ModelVersion.objects.create(
            key=version.key,
            number=_next_number(version.key),
            status=ModelStatus.DRAFT,
            content=copy.deepcopy(version.definition),
            digest=version.digest,
            based_on=version,
            created_by=user,
        )
        audit_record(actor=user, action="model_version.copy", obj=draft, changes={"from": version.number})
    return draft


def _draft_only(version: ModelVersion) -> None:
    if version.is_published:
        raise ApplicationError(_("A published version never changes; copy it into a draft to correct it."))


def model_version_update_criterion(
    *, version: ModelVersion, code: str, changes: dict[str, Any], user: User
) -> ModelVersion:
    """Correct one criterion of a draft: its texts, option texts, or ratio bands.

    `changes` holds the criterion's new `title`, `question`, `gate`, `numerator`, `denominator`
    texts, `options` (texts by position) and `bands` (a list of {above, points}); the points of
    graded options stay as they are. The whole definition is checked again before saving.
    """
    _draft_only(version)
    with transaction.atomic():
        locked = ModelVersion.objects.select_for_update().get(pk=version.pk)
        _draft_only(locked)  # published meanwhile: it never changes again
        return _update_criterion(locked, code, changes, user)


def _update_criterion(version: ModelVersion, code: str, changes: dict[str, Any], user: User) -> ModelVersion:
    """The change itself, on the locked draft, inside the caller's transaction."""
    definition = copy.deepcopy(version.definition)
    criterion = next((item for item in _criteria(definition) if item["code"] == code), None)
    if criterion is None:
        raise ApplicationError(_("Criterion %(code)s is not in this model."), {"code": code})
    before = copy.deepcopy(criterion)
    for name in ("title", "question", "gate", "numerator", "denominator"):
        if name in changes and name in criterion:
            criterion[name] = changes[name]
    if "options" in changes and criterion["kind"] == "graded":
        for option, text in zip(criterion["options"], changes["options"], strict=True):
            option["text"] = text
    if "bands" in changes and criterion["kind"] == "ratio":
        criterion["bands"] = changes["bands"]
        criterion["provisional"] = bool(changes.get("provisional", criterion.get("provisional", False)))
    version.definition = definition_check(definition)
    version.digest = definition_digest(version.definition)
    version.save(update_fields=["content", "digest"])
    audit_record(
        actor=user,
        action="model_version.update",
        obj=version,
        changes={"criterion": code, "before": before, "after": criterion},
    )
    return version


def model_version_publish(*, version: ModelVersion, note: str, user: User) -> ModelVersion:
    """Publish a draft: from now on new assessments of this model are scored under it."""
    _draft_only(version)
    if not note.strip():
        raise ApplicationError(_("Say what changed in this version."))
    definition_check(version.definition)
    with transaction.atomic():
        locked = ModelVersion.objects.select_for_update().get(pk=version.pk)
        _draft_only(locked)
        version.status, version.note, version.published_at = ModelStatus.PUBLISHED, note.strip(), timezone.now()
        version.save(update_fields=["status", "note", "published_at"])
        audit_record(actor=user, action="model_version.publish", obj=version, changes={"note": version.note})
    return version


def model_version_discard(*, version: ModelVersion, user: User) -> None:
    """Delete a draft nobody has used."""
    _draft_only(version)
    with transaction.atomic():
        audit_record(actor=user, action="model_version.discard", changes={"key": version.key, "number": version.number})
        version.delete()


def _criteria(definition: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        criterion
        for pillar in definition["pillars"]
        for indicator in pillar["indicators"]
        for criterion in indicator["criteria"]
    ]
