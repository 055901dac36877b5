"""A province site's public page: what an anonymous visitor (an enterprise, mostly) finds at "/"."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from campaigns.honours import honours_public
from campaigns.models import Honour
from campaigns.selectors import courses_upcoming

PUBLIC_HONOURS_ON_HOME = 10  # the latest; the honours page lists them all


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
    honoured = honours_public()
    latest_year = honoured[0].year if honoured else None
    context = {
        "courses": list(courses_upcoming(today=timezone.localdate())),
        "honours": [honour for honour in honoured if honour.year == latest_year][:PUBLIC_HONOURS_ON_HOME],
        "honours_year": latest_year,
        "sessionless": True,
    }
    return render(request, "campaigns/public_home.html", context)


def public_honours_view(request: HttpRequest) -> HttpResponse:
    """The enterprises the province honoured, year by year, with the decision that honoured them
    (only honours a decision has conferred are public). Opens no session, like the home page."""
    honoured = honours_public()
    years: dict[int, list[Honour]] = {}
    for honour in honoured:
        years.setdefault(honour.year, []).append(honour)
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else None
    shown = {year: years[year]} if year is not None else years
    context = {"years": list(years), "year": year, "shown": shown, "sessionless": True}
    return render(request, "campaigns/public_honours.html", context)
