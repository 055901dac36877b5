from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.logs import request_id_from, request_id_var, user_id_var

request_logger = logging.getLogger("core.request")


class RequestLogMiddleware:
    """Names each request and logs one line for it (method, path, status, duration).

    The id is the proxy's X-Request-ID when it is sane, else a new one, and goes back in the
    response's X-Request-ID. Every line logged while the request runs carries the id and, once
    authentication has run, the user (core/logs.py). First in MIDDLEWARE, so the lines of the
    province lookup carry the id too; the values are dropped when the response is finished
    (`forget_request`), after Django's own 4xx lines, which are logged outside the middlewares.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_from(request.headers.get("X-Request-ID"))
        request_id_var.set(request_id)
        user_id_var.set(None)
        started = time.monotonic()
        try:
            response = self.get_response(request)
        except Exception:  # even the 500 page failed: gunicorn answers, this line names the request
            self._log(request, 500, started)
            raise
        response["X-Request-ID"] = request_id
        self._log(request, response.status_code, started)
        return response

    def _log(self, request: HttpRequest, status: int, started: float) -> None:
        # The query string is left out: it may hold a search for a person or an enterprise.
        request_logger.log(
            logging.DEBUG if request.path.startswith("/healthz") and status < 400 else logging.INFO,
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "method": request.method,
                "path": request.path,
                "status": status,
                "duration_ms": round((time.monotonic() - started) * 1000),
            },
        )

    def process_view(self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any) -> None:
        # After every middleware's way in, so the session and the user are known.
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user_id_var.set(str(user.pk))


def forget_request(**kwargs: Any) -> None:
    """request_finished: the thread's next lines belong to no request."""
    request_id_var.set(None)
    user_id_var.set(None)


class PortalLocaleMiddleware:
    """Vietnamese unless the visitor chose another language with the switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many officials'
    browsers say English; the portal is Vietnamese first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.available = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.available else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response


class ControlCharactersMiddleware:
    """A NUL byte in a query or form value (which PostgreSQL refuses in text) answers 400 with a
    clear message, in the API's error shape under /api/, before any view sees it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
            message = _("A value contains a NUL character (\\0); remove it and try again.")
            if request.path.startswith("/api/"):
                from core.api import error_body

                return JsonResponse(error_body(400, "invalid", message), status=400)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)


def _has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())
