from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.decorators import permission_or_404
from core.http import client_ip
from core.types import AuthenticatedRequest
from tenants.forms import SETTINGS_FIELDS, ProvinceSettingsForm
from tenants.models import Province
from tenants.selectors import province_for_settings, province_list
from tenants.services import province_settings_update


def landing_view(request: HttpRequest) -> HttpResponse:
    """The national site's home: the provinces on the portal, each linking to its own site."""
    host = request.get_host()
    # Keep the port the visitor used (localhost:8000 in development, none behind a proxy).
    port = host.rsplit(":", 1)[1] if ":" in host and not host.endswith("]") else ""
    suffix = f":{port}" if port else ""
    provinces = [
        (province, f"{request.scheme}://{province.primary_domain}{suffix}/")
        for province in province_list()
        if province.primary_domain
    ]
    return render(request, "tenants/landing.html", {"provinces": provinces})


@permission_or_404("tenants.change_province_settings")
def province_settings_view(request: AuthenticatedRequest) -> HttpResponse:
    """The province administrator's settings: names, reporting deadlines, the report's defaults and
    which assessments the statistics count."""
    province = province_for_settings(request=request)
    form = ProvinceSettingsForm(request.POST or None, instance=Province.objects.get(pk=province.pk))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in SETTINGS_FIELDS}
        try:
            changed = province_settings_update(
                province=province, changes=changes, actor=request.user, ip=client_ip(request)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved.") if changed else _("Nothing changed."))
            return redirect("tenants:settings")
    return render(request, "tenants/province_settings.html", {"form": form})
