"""The API's one error shape, whatever went wrong:

    {"error": {"code": "…", "message": {"vi": "…", "en": "…"}, "detail": …}, "status": 400}

`detail` carries field errors (in the request's language) when there are some."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import ApplicationError

MESSAGES: dict[int, Any] = {
    400: _("The request is not valid."),
    401: _("A valid API key or a signed-in session is required."),
    403: _("This key or account may not read this."),
    404: _("Not found."),
    405: _("This method is not allowed here."),
    406: _("This format is not available."),
    429: _("Too many requests: wait a moment and try again."),
}


def both(message: Any) -> dict[str, str]:
    """A message in Vietnamese and in English."""
    result = {}
    for language in ("vi", "en"):
        with translation.override(language):
            result[language] = str(message)
    return result


def error_body(status: int, code: str, message: Any, detail: Any = None) -> dict[str, Any]:
    error: dict[str, Any] = {"code": code, "message": both(message)}
    if detail is not None:
        error["detail"] = detail
    return {"error": error, "status": status}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return Response(error_body(400, "invalid", exc.message, exc.extra or None), status=400)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    status = response.status_code
    code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
    detail = None
    if isinstance(exc, exceptions.ValidationError):
        code, detail = "invalid", response.data
    # A refusal may say why in both languages (api.authentication.KeyRefused keeps its lazy message).
    message = getattr(exc, "message", None) or MESSAGES.get(status, _("The request failed."))
    if isinstance(exc, exceptions.Throttled) and (wait := getattr(exc, "wait", None)):
        detail = {"retry_after_seconds": int(wait)}
    response.data = error_body(status, code if isinstance(code, str) else "invalid", message, detail)
    response.status_code = status
    return response


@csrf_exempt  # a POST to an unknown address is answered 404 in JSON, not with the CSRF page
def not_found_view(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Unknown addresses under /api/ answer in the API's shape, not with the HTML page, for every method."""
    return JsonResponse(error_body(404, "not_found", MESSAGES[404]), status=404)
