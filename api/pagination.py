"""How every list of the API is paged."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request


class Pages(PageNumberPagination):
    """page and page_size are whole numbers the schema bounds; anything else answers 400, where DRF
    would quietly take the default (page_size=abc) or the last page (page=last)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_size(self, request: Request) -> int:
        value = request.query_params.get(self.page_size_query_param)
        return self.page_size if value is None else _whole(self.page_size_query_param, value, 1, self.max_page_size)

    def get_page_number(self, request: Request, paginator: Any) -> int:
        value = request.query_params.get(self.page_query_param)
        return 1 if value is None else _whole(self.page_query_param, value, 1, None)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        bounds = {
            self.page_query_param: {"minimum": 1},
            self.page_size_query_param: {"minimum": 1, "maximum": self.max_page_size, "default": self.page_size},
        }
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] |= bounds.get(parameter["name"], {})
        return parameters


def _whole(name: str, value: str, low: int, high: int | None) -> int:
    if value.isascii() and value.isdigit() and low <= int(value) and (high is None or int(value) <= high):
        return int(value)
    if high is None:
        message = _("Enter a whole number of at least %(low)s.") % {"low": low}
    else:
        message = _("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
    raise ValidationError({name: [message]})
