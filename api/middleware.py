from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from api.services import api_call_log
from core.http import client_ip


class ApiCallLogMiddleware:
    """Every call made with a key is logged, whatever it answered (refused, throttled, failed)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        response = self.get_response(request)
        key = getattr(request, "api_key", None)
        if key is not None:
            api_call_log(
                key=key,
                method=request.method or "",
                path=request.path,
                query=request.META.get("QUERY_STRING", ""),
                status=response.status_code,
                duration_ms=round(1000 * (time.monotonic() - started)),
                ip=client_ip(request),
            )
        return response
