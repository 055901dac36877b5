from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _


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
