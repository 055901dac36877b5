"""What the API's filters (django-filter, one FilterSet beside each app's endpoints) share: each
states its rule in the OpenAPI schema and checks the same rule (`api.query`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from api.query import DAY_SCHEMA, INSTANT_SCHEMA, TEXT, DayFormField, InstantFormField


def whole(low: int, high: int) -> type[django_filters.NumberFilter]:
    """A whole-number filter whose bounds the OpenAPI schema states too (1.5 is refused, not rounded)."""

    @extend_schema_field({"type": "integer", "minimum": low, "maximum": high})
    class Whole(django_filters.NumberFilter):
        field_class = forms.IntegerField

    return Whole


def pattern(regex: str, max_length: int | None = None) -> type[django_filters.CharFilter]:
    """A text filter whose value must match all of `regex` (as the schema says), untrimmed."""
    schema: dict[str, Any] = {"type": "string", "pattern": regex}
    if max_length is not None:
        schema["maxLength"] = max_length

    @extend_schema_field(schema)
    class Pattern(django_filters.CharFilter):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # fullmatch: Python's '$' also matches before a final newline, JSON Schema's does not.
            validator = RegexValidator(f"(?:{regex})\\Z", _("This value does not have the expected form."))
            kwargs.setdefault("validators", [validator])
            super().__init__(*args, strip=False, max_length=max_length, **kwargs)

    return Pattern


Text = pattern(TEXT, max_length=200)


@extend_schema_field(DAY_SCHEMA)
class Day(django_filters.DateFilter):
    field_class = DayFormField


@extend_schema_field(INSTANT_SCHEMA)
class Instant(django_filters.IsoDateTimeFilter):
    """An RFC 3339 instant, compared in UTC: any offset RFC 3339 allows (up to ±23:59) is accepted,
    where PostgreSQL refuses one beyond ±15:59."""

    field_class = InstantFormField

    def filter(self, qs: Any, value: datetime | None) -> Any:
        return super().filter(qs, value.astimezone(UTC) if value is not None else None)
