"""Pages where a province admin (or the superadmin, for national keys) issues and revokes API keys."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tenants.utils import get_public_schema_name

from api.models import ApiKey, ApiScope
from api.services import api_calls_flush, api_key_issue, api_key_revoke
from core.decorators import permission_or_404
from core.errors import ApplicationError
from core.forms import bootstrapify
from core.http import client_ip, is_uuid
from core.tenancy import current_schema
from core.types import AuthenticatedRequest


def _scopes() -> list[tuple[str, Any]]:
    if current_schema() == get_public_schema_name():
        return [(ApiScope.NATIONAL.value, ApiScope.NATIONAL.label)]
    return [(scope.value, scope.label) for scope in (ApiScope.STATISTICS, ApiScope.REGISTRY, ApiScope.DEPARTMENT)]


class KeyForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Who uses it"), max_length=100)
    scope = forms.ChoiceField(label=gettext_lazy("May read"), choices=())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = _scopes()  # type: ignore[attr-defined]


@permission_or_404("api.manage_apikey")
def key_list_view(request: AuthenticatedRequest) -> HttpResponse:
    form = KeyForm(request.POST or None)
    bootstrapify(form)
    if request.method == "POST" and form.is_valid():
        try:
            key, raw = api_key_issue(
                name=form.cleaned_data["name"], scope=form.cleaned_data["scope"], user=request.user,
                ip=client_ip(request),
            )  # fmt: skip
        except ApplicationError as error:
            messages.error(request, str(error.message))
        else:  # shown on this page only: the portal keeps no copy of the key
            return render(request, "api/key_created.html", {"key": key, "raw": raw})
    keys = ApiKey.objects.select_related("created_by").order_by("revoked_at", "-created_at")
    return render(request, "api/key_list.html", {"form": form, "keys": keys})


def _key(key_uuid: Any) -> ApiKey:
    key = ApiKey.objects.filter(uuid=key_uuid).first() if is_uuid(str(key_uuid)) else None
    if key is None:
        raise Http404
    return key


@permission_or_404("api.manage_apikey")
def key_detail_view(request: AuthenticatedRequest, key_uuid: Any) -> HttpResponse:
    key = _key(key_uuid)
    if request.method == "POST":
        api_key_revoke(key=key, user=request.user, ip=client_ip(request))
        messages.success(request, _("The key is revoked: calls made with it are refused from now on."))
        return redirect("api-keys:detail", key_uuid=key.uuid)
    api_calls_flush()  # the calls of the last minute too
    return render(request, "api/key_detail.html", {"key": key, "calls": key.calls.all()[:100]})
