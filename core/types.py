from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """A request that passed login_required: `user` is a real account."""

    user: User
    htmx: HtmxDetails
