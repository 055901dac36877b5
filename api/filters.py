"""What the API's filters (django-filter, one FilterSet beside each app's endpoints) share."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema_field


def whole(low: int, high: int) -> type[django_filters.NumberFilter]:
    """A whole-number filter whose bounds the OpenAPI schema states too."""

    @extend_schema_field({"type": "integer", "minimum": low, "maximum": high})
    class Whole(django_filters.NumberFilter):
        pass

    return Whole
