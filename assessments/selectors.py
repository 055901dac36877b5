"""Reads on scoring model versions."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from assessments.models import ModelStatus, ModelVersion
from assessments.scoring import ScoringModel, compile_model
from core.errors import ApplicationError

if TYPE_CHECKING:
    from accounts.models import User


def model_version_list() -> QuerySet[ModelVersion]:
    return ModelVersion.objects.order_by("key", "-number")


def model_version_published(*, key: str) -> ModelVersion:
    """The province's current version of a model: its latest published one."""
    version = ModelVersion.objects.filter(key=key, status=ModelStatus.PUBLISHED).order_by("-number").first()
    if version is None:
        raise ApplicationError(_("This province has no published version of the model “%(key)s”."), {"key": key})
    return version


def model_version_get_for_user(*, user: User, version_uuid: UUID | str) -> ModelVersion:
    if not user.has_perm("assessments.view_modelversion"):
        raise Http404
    version = ModelVersion.objects.filter(uuid=version_uuid).first()
    if version is None:
        raise Http404
    return version


def scoring_model(version: ModelVersion) -> ScoringModel:
    """The compiled engine model of a version, cached by content digest: identical content compiles
    to the identical model in every province, so sharing the cache reveals nothing."""
    model = _COMPILED.get(version.digest)
    if model is None:
        if len(_COMPILED) >= 64:
            _COMPILED.clear()
        model = _COMPILED[version.digest] = compile_model(version.definition)
    return model


_COMPILED: dict[str, ScoringModel] = {}
