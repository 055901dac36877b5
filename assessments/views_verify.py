"""The certificate verification form's target: a code typed in a box leads to /verify/<code>/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def verify_lookup_view(request: HttpRequest) -> HttpResponse:
    code = "".join(request.GET.get("code", "").split()).upper()
    if not code:
        return redirect("home")
    return redirect("verify", code=code)
