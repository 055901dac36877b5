from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse

from core.tenancy import current_schema

SESSION_SCHEMA_KEY = "_dbi_schema"


class SessionSchemaMiddleware:
    """Refuse a session that was opened in another province.

    Sessions are stored per schema already; this check keeps them bound even if the session
    store ever becomes shared (cache, signed cookies), because user ids repeat across schemas.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and request.session.get(SESSION_SCHEMA_KEY) != current_schema():
            # Not logout(): the user object here belongs to this schema, not to whoever logged in.
            request.session.flush()
            request.user = AnonymousUser()
        return self.get_response(request)
