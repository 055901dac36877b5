"""A province site's public page: what an anonymous visitor (an enterprise, mostly) finds at "/"."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from campaigns.selectors import courses_upcoming


def public_home_view(request: HttpRequest) -> HttpResponse:
    """The programme in a few words, how to self-assess and sign up, certificate verification and the
    coming courses. It opens no session and sets no cookie but the language: the language is
    switched by a link that sets the language cookie (a form would need a CSRF token and its cookie)."""
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES):
        response = redirect("home")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
        return response
    context = {"courses": list(courses_upcoming(today=timezone.localdate())), "sessionless": True}
    return render(request, "campaigns/public_home.html", context)
