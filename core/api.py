"""The API's one exception handler: domain errors become 400 with the translated message."""

from __future__ import annotations

from typing import Any

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ApplicationError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return Response({"detail": str(exc.message), **exc.extra}, status=400)
    return drf_exception_handler(exc, context)
