"""The rules every query string of the API follows, stated once for the validation and the OpenAPI
schema alike, so that what the schema allows is what the endpoints accept:

- a parameter the endpoint does not read, one given twice, or one given empty answers 400 (leave a
  parameter out rather than send it empty);
- days and instants are ISO 8601 as RFC 3339 writes them, in the portal's years 2000–2100; an
  instant's offset may be anything RFC 3339 allows (up to ±23:59; it is read in UTC);
- text never holds a NUL character (PostgreSQL refuses it; core's middleware answers 400).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

_YEAR = r"(20[0-9]{2}|2100)"
_DAY = _YEAR + r"-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
DAY = "^" + _DAY + "$"
INSTANT = (
    "^" + _DAY + r"[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$"
)
TEXT = "^[^\\u0000]+$"

DAY_SCHEMA = {"type": "string", "format": "date", "pattern": DAY}
INSTANT_SCHEMA = {"type": "string", "format": "date-time", "pattern": INSTANT}
DAY_RULE = _("Enter a date as YYYY-MM-DD, from 2000-01-01 to 2100-12-31.")
INSTANT_RULE = _("Enter a time as YYYY-MM-DDThh:mm:ss with Z or an offset (RFC 3339), in the years 2000 to 2100.")


def matches(pattern: str, value: str) -> bool:
    """Whether `value` matches all of `pattern` as JSON Schema reads it ('$' is the very end)."""
    return re.fullmatch(pattern, value) is not None


def day_parse(value: str) -> date | None:
    """The day `value` names, or None unless it is a real YYYY-MM-DD day of 2000–2100."""
    if not matches(DAY, value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:  # 2026-02-30
        return None


def instant_parse(value: str) -> datetime | None:
    """The instant `value` names (RFC 3339, 2000–2100), or None."""
    if not matches(INSTANT, value):
        return None
    try:
        return parse_datetime(value.upper())
    except ValueError:  # 2026-02-30T…
        return None


def query_check(query: QueryDict, known: Iterable[str]) -> None:
    """Refuse, with 400 naming each parameter, one the endpoint does not read, one given twice or one
    given empty (a client's typo would otherwise be answered as if the filter were not there)."""
    names = set(known)
    errors: dict[str, list[Any]] = {}
    for name, values in query.lists():
        if name not in names:
            errors[name] = [_("This endpoint has no such parameter (it reads: %(names)s).") % {"names": sorted(names)}]
        elif len(values) > 1:
            errors[name] = [_("Give this parameter once.")]
        elif values[0] == "":
            errors[name] = [_("This parameter is empty: leave it out or give a value.")]
    if errors:
        raise ValidationError(errors)


@functools.cache
def _serializer_fields(serializer: type[serializers.Serializer[Any]]) -> frozenset[str]:
    """A query serializer's parameter names, once per class: making the serializer copies every
    field, which each request of a cached answer would otherwise pay for."""
    return frozenset(serializer().fields)


class QueryChecked:
    """For an APIView: its query string follows `query_check` over the parameters it reads (its
    FilterSet's, its paginator's, its `query_serializer`'s and DRF's `format`)."""

    query_serializer: type[serializers.Serializer[Any]] | None = None

    def query_names(self) -> set[str]:
        names = {"format"}
        if self.query_serializer is not None:
            names |= _serializer_fields(self.query_serializer)
        filterset = getattr(self, "filterset_class", None)
        if filterset is not None:
            names |= set(filterset.base_filters)
        paginator = getattr(self, "paginator", None)
        if paginator is not None:
            names |= {paginator.page_query_param, paginator.page_size_query_param}
        return names

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]  # a mixin of APIView
        query_check(request.query_params, self.query_names())


# --- Fields: DRF (serializers of query strings) and Django forms (django-filter) --------------------


@extend_schema_field(DAY_SCHEMA)
class DayField(serializers.Field[date, date, str, Any]):
    """A day, YYYY-MM-DD, 2000–2100 (DRF's DateField also takes 20260101 and week dates)."""

    def to_internal_value(self, data: Any) -> date:
        day = day_parse(data) if isinstance(data, str) else None
        if day is None:
            raise ValidationError(DAY_RULE)
        return day

    def to_representation(self, value: date) -> str:
        return value.isoformat()


class DayFormField(forms.DateField):
    def to_python(self, value: Any) -> date | None:
        return _form_value(value, day_parse, DAY_RULE)


class InstantFormField(forms.DateTimeField):
    def to_python(self, value: Any) -> datetime | None:
        return _form_value(value, instant_parse, INSTANT_RULE)


def _form_value(value: Any, parse: Callable[[str], Any], rule: Any) -> Any:
    if value in (None, ""):
        return None
    parsed = parse(value) if isinstance(value, str) else None
    if parsed is None:
        raise forms.ValidationError(rule, code="invalid")
    return parsed


def pattern_field(pattern: str, **kwargs: Any) -> serializers.CharField:
    """A DRF text field matching all of `pattern`, untrimmed (' C' is not a section letter)."""

    @extend_schema_field({"type": "string", "pattern": pattern})
    class Pattern(serializers.CharField):
        def to_internal_value(self, data: Any) -> str:
            value = super().to_internal_value(data)
            if not matches(pattern, value):
                raise ValidationError(_("This value does not have the expected form."))
            return value

    return Pattern(trim_whitespace=False, **kwargs)
