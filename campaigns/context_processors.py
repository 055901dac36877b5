"""Whether the user works for an agency of the plan, and whether they approve budgets, for the menu
(asked once, only when shown)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def agency(request: HttpRequest) -> dict[str, Any]:
    def works() -> bool:
        from campaigns.selectors import agencies_of

        user = request.user
        tenant = getattr(request, "tenant", None)
        if not user.is_authenticated or tenant is None or tenant.is_public:
            return False
        return agencies_of(user).exists()

    def approves() -> bool:
        from campaigns.selectors import budget_may_approve

        tenant = getattr(request, "tenant", None)
        if tenant is None or tenant.is_public:
            return False
        return budget_may_approve(request.user)  # type: ignore[arg-type]

    return {"works_for_an_agency": SimpleLazyObject(works), "approves_budgets": SimpleLazyObject(approves)}
