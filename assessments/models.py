"""DBI scoring model versions (and, building on them, the enterprises' assessments)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class ModelStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class ModelVersion(models.Model):
    """One version of a scoring model (pillars, criteria, questions, bands, level rules) as data.

    The definition is the checked content of a model file. A published version never changes:
    assessments keep the version they were scored under, and a correction is a new version.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    key = models.CharField(_("model"), max_length=50)  # e.g. qd1970-sme
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=ModelStatus.choices, default=ModelStatus.DRAFT)
    definition = models.JSONField()
    digest = models.CharField(max_length=64)  # of the definition: loading the same file twice adds nothing
    based_on = models.ForeignKey(
        "self", verbose_name=_("copied from"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    created_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["key", "-number"]
        verbose_name = _("scoring model version")
        verbose_name_plural = _("scoring model versions")
        constraints = [models.UniqueConstraint(fields=["key", "number"], name="model_version_number")]
        permissions = [("manage_modelversion", "Can copy, correct and publish scoring model versions")]

    def __str__(self) -> str:
        return f"{self.key} v{self.number}"

    @property
    def title(self) -> dict[str, str]:
        title: dict[str, str] = self.definition["title"]
        return title

    @property
    def is_published(self) -> bool:
        return self.status == ModelStatus.PUBLISHED

    @property
    def provisional_criteria(self) -> list[str]:
        """Codes of ratio criteria whose bands are not from the legal text."""
        return [
            criterion["code"]
            for pillar in self.definition["pillars"]
            for indicator in pillar["indicators"]
            for criterion in indicator["criteria"]
            if criterion.get("provisional")
        ]

    def criteria(self) -> list[dict[str, Any]]:
        return [
            criterion
            for pillar in self.definition["pillars"]
            for indicator in pillar["indicators"]
            for criterion in indicator["criteria"]
        ]
