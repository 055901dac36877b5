"""Enterprises sign up by themselves with their tax code; the department approves or rejects."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from assessments.models import SignupRequest, SignupStatus
from assessments.services.signup import signup_confirm, signup_decide, signup_request, signup_unconfirmed
from assessments.views_invitations import AccountForm
from core.decorators import permission_or_404
from core.errors import ApplicationError
from core.http import site_base_url
from core.types import AuthenticatedRequest
from enterprises.forms import tax_code_message
from enterprises.models import Enterprise
from enterprises.taxcode import TaxCodeError, parse


class SignupForm(AccountForm):
    tax_code = forms.CharField(label=gettext_lazy("Tax code of the enterprise"), max_length=20)
    name = forms.CharField(label=gettext_lazy("Name of the enterprise"), max_length=400)
    email = forms.EmailField(label=gettext_lazy("E-mail (your login)"))
    phone = forms.CharField(label=gettext_lazy("Phone"), max_length=50, required=False)
    field_order = ["tax_code", "name", "full_name", "email", "phone", "password1", "password2"]

    def clean_tax_code(self) -> str:
        try:
            return parse(self.cleaned_data["tax_code"]).value
        except TaxCodeError as error:
            raise forms.ValidationError(tax_code_message(error.reason)) from None


def signup_view(request: Any) -> HttpResponse:
    form = SignupForm(request.POST or None, email=request.POST.get("email", ""))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        signup_request(
            tax_code=data["tax_code"],
            name=data["name"],
            full_name=data["full_name"],
            email=data["email"],
            phone=data["phone"],
            password=data["password1"],
            base_url=site_base_url(request),
        )
        # The same page whether or not the e-mail already has an account (that owner is told by e-mail).
        return render(request, "assessments/signup_sent.html", {"email": data["email"]})
    return render(request, "assessments/signup.html", {"form": form})


def signup_confirm_view(request: Any, uidb64: str, token: str) -> HttpResponse:
    """The link in the confirmation e-mail: a button (a mail scanner's GET opens nothing), then the
    account opens and is logged in."""
    try:
        user = User.objects.filter(pk=urlsafe_base64_decode(uidb64).decode()).first()
    except (ValueError, DjangoValidationError):
        user = None
    if user is None or not signup_unconfirmed(user) or not default_token_generator.check_token(user, token):
        return render(request, "assessments/signup_confirm.html", {"subject": None}, status=404)
    if request.method == "POST":
        login(request, signup_confirm(user=user), backend="accounts.backends.CachedModelBackend")
        messages.success(request, _("Account created. The department will link it to your enterprise shortly."))
        return redirect("assessments:assessment-mine")
    return render(request, "assessments/signup_confirm.html", {"subject": user})


@permission_or_404("assessments.add_assessment")
def signup_list_view(request: AuthenticatedRequest) -> HttpResponse:
    # Until its e-mail is confirmed a request may be anyone's typing: it waits outside the queue.
    pending = SignupRequest.objects.filter(status=SignupStatus.PENDING, user__is_active=True).select_related("user")
    decided = SignupRequest.objects.exclude(status=SignupStatus.PENDING).select_related("user", "decided_by")[:50]
    known = {
        enterprise.tax_code: enterprise
        for enterprise in Enterprise.objects.filter(
            tax_code__in=[item.tax_code for item in pending], merged_into__isnull=True
        )
    }
    rows = [(item, known.get(item.tax_code)) for item in pending]
    return render(request, "assessments/signup_list.html", {"rows": rows, "decided": decided})


@permission_or_404("assessments.add_assessment")
def signup_decide_view(request: AuthenticatedRequest, signup_uuid: Any) -> HttpResponse:
    item = SignupRequest.objects.filter(uuid=signup_uuid).select_related("user").first()
    if item is None:
        raise Http404
    if request.method == "POST":
        try:
            signup_decide(
                request=item,
                approve=request.POST.get("decision") == "approve",
                user=request.user,
                reason=request.POST.get("reason", ""),
            )
        except ApplicationError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Decision saved; the enterprise is told by e-mail."))
    return redirect("assessments:signup-list")
