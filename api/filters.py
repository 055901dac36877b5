"""What the API's filters (django-filter, one FilterSet beside each app's endpoints) share."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import django_filters
from drf_spectacular.utils import extend_schema_field


def whole(low: int, high: int) -> type[django_filters.NumberFilter]:
    """A whole-number filter whose bounds the OpenAPI schema states too."""

    @extend_schema_field({"type": "integer", "minimum": low, "maximum": high})
    class Whole(django_filters.NumberFilter):
        pass

    return Whole


class Instant(django_filters.IsoDateTimeFilter):
    """An ISO 8601 instant, compared in UTC: any offset Python reads (up to ±23:59) is accepted, where
    PostgreSQL refuses one beyond ±15:59; an instant beyond the calendar's ends is taken as that end."""

    def filter(self, qs: Any, value: datetime | None) -> Any:
        if value is not None:
            try:
                value = value.astimezone(UTC)
            except OverflowError:
                value = (datetime.min if value.year == 1 else datetime.max).replace(tzinfo=UTC)
        return super().filter(qs, value)
