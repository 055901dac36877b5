from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.roles import Role
from core.forms import BootstrapFormMixin
from core.mail import mail_later


class EmailAuthenticationForm(BootstrapFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    error_messages = {
        "invalid_login": _("The e-mail or password is not correct. Both are case-sensitive for the password."),
        "inactive": _("This account has been deactivated. Contact the department."),
    }


class EmailPasswordResetForm(BootstrapFormMixin, PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        """Queued, not sent in the request: a known address must not answer slower (or fail when
        the mail server is down) where an unknown one answers at once."""
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        mail_later(subject, render_to_string(email_template_name, context), [to_email], from_email=from_email)


class PortalSetPasswordForm(BootstrapFormMixin, SetPasswordForm):
    pass


class UserInviteForm(BootstrapFormMixin, forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    # No preselected role: an administrator account must be a deliberate choice.
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("— choose a role —")), *Role.choices])

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail already exists."))
        return email


class UserRoleForm(BootstrapFormMixin, forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class UserFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("E-mail or name"), "type": "search"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False)
    active = forms.TypedChoiceField(
        label=_("Status"),
        choices=[("", _("All")), ("1", _("Active")), ("0", _("Deactivated"))],
        coerce=lambda v: v == "1",
        empty_value=None,
        required=False,
    )

    def filters(self) -> dict[str, Any]:
        if not self.is_bound:
            return {}
        self.is_valid()  # a refused value is left out (the page says so); the others still filter
        data = self.cleaned_data
        return {"search": data.get("q", ""), "role": data.get("role", ""), "active": data.get("active")}
