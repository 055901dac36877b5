from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tenants.utils import get_public_schema_name

from accounts import services
from accounts.forms import (
    EmailAuthenticationForm,
    EmailPasswordResetForm,
    PortalSetPasswordForm,
    UserFilterForm,
    UserInviteForm,
    UserRoleForm,
)
from accounts.roles import role_label
from accounts.selectors import user_get_for_admin, user_list
from core.decorators import permission_or_404
from core.errors import ApplicationError
from core.http import client_ip, site_base_url
from core.services import audit_record
from core.tenancy import current_schema
from core.types import AuthenticatedRequest


class LoginView(auth_views.LoginView):
    form_class = EmailAuthenticationForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["invited"] = self.request.GET.get("invited") == "1"  # from an invitation's link
        return context

    def get_default_redirect_url(self) -> str:
        """A ministry viewer lands on the national rollup, the page they come for, not on the list of
        provinces (the URL name exists only on the national site, where the permission lives)."""
        user = self.request.user
        if current_schema() == get_public_schema_name() and user.has_perm("accounts.view_national"):
            return str(reverse("national:rollup"))
        return str(super().get_default_redirect_url())


class PasswordResetView(auth_views.PasswordResetView):
    form_class = EmailPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password-reset-done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = PortalSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password-reset-complete")
    extra_context = {"title": gettext_lazy("Choose a new password")}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(actor=form.user, action="user.set_password", obj=form.user, ip=client_ip(self.request))
        return response


class InviteAcceptView(PasswordResetConfirmView):
    """The invitation link: the same signed token as a reset, with a welcome."""

    extra_context = {"title": gettext_lazy("Welcome — choose your password")}


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@permission_or_404("accounts.manage_users")
def user_list_view(request: AuthenticatedRequest) -> HttpResponse:
    form = UserFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        refused = ", ".join(str(form.fields[name].label) for name in form.errors)
        messages.warning(request, _("Left out, not valid: %(filters)s.") % {"filters": refused})
    page = Paginator(user_list(**form.filters()), 50).get_page(request.GET.get("page"))
    users = [(user, role_label(user.role)) for user in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "users": users, "query": query.urlencode()}
    return render(request, "accounts/user_list.html", context)


@permission_or_404("accounts.manage_users")
def user_invite_view(request: AuthenticatedRequest) -> HttpResponse:
    form = UserInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_invite(
                **form.cleaned_data, invited_by=request.user, base_url=site_base_url(request), ip=client_ip(request)
            )
        except ApplicationError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
            return redirect("accounts:user-list")
    return render(request, "accounts/user_invite.html", {"form": form})


@permission_or_404("accounts.manage_users")
def user_detail_view(request: AuthenticatedRequest, user_id: Any) -> HttpResponse:
    user = user_get_for_admin(actor=request.user, user_id=user_id)
    form = UserRoleForm(initial={"role": user.role})
    return render(
        request, "accounts/user_detail.html", {"subject": user, "form": form, "is_self": user == request.user}
    )


@permission_or_404("accounts.manage_users")
def user_change_role_view(request: AuthenticatedRequest, user_id: Any) -> HttpResponse:
    user = user_get_for_admin(actor=request.user, user_id=user_id)
    if request.method != "POST":  # after the lookup, so a foreign id is a 404 whatever the method
        return redirect("accounts:user-detail", user_id=user.pk)
    form = UserRoleForm(request.POST)
    if form.is_valid():
        try:
            services.user_change_role(
                user=user, role=form.cleaned_data["role"], actor=request.user, ip=client_ip(request)
            )
            messages.success(request, _("Role changed."))
        except ApplicationError as error:
            messages.error(request, str(error.message))
    else:
        messages.error(request, _("Choose a role from the list."))
    return redirect("accounts:user-detail", user_id=user.pk)


@permission_or_404("accounts.manage_users")
def user_reinvite_view(request: AuthenticatedRequest, user_id: Any) -> HttpResponse:
    user = user_get_for_admin(actor=request.user, user_id=user_id)
    if request.method == "POST":
        try:
            services.user_reinvite(
                user=user, invited_by=request.user, base_url=site_base_url(request), ip=client_ip(request)
            )
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": user.email})
        except ApplicationError as error:
            messages.error(request, error.message)
    return redirect("accounts:user-detail", user_id=user.pk)


@permission_or_404("accounts.manage_users")
def user_set_active_view(request: AuthenticatedRequest, user_id: Any) -> HttpResponse:
    user = user_get_for_admin(actor=request.user, user_id=user_id)
    if request.method != "POST":
        return redirect("accounts:user-detail", user_id=user.pk)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(user=user, active=active, actor=request.user, ip=client_ip(request))
        messages.success(request, _("Account reactivated.") if active else _("Account deactivated."))
    except ApplicationError as error:
        messages.error(request, str(error.message))
    return redirect("accounts:user-detail", user_id=user.pk)
