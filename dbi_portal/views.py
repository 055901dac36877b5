"""The province site's home page: it sends each role where its work is, and a visitor to the public page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render

from accounts.roles import Role
from campaigns.selectors import agencies_of
from campaigns.views_public import public_home_view
from core.types import AuthenticatedRequest
from reporting.statistics.views import dashboard_view


def home_view(request: AuthenticatedRequest) -> HttpResponse:
    if not request.user.is_authenticated:  # a visitor: the province's public page, not a login form
        return public_home_view(request)
    if request.user.role == Role.ENTERPRISE:  # an enterprise's home is its assessments
        return redirect("assessments:assessment-mine")
    if request.user.role == Role.EXPERT:  # an expert's home is the enterprises assigned to them
        return redirect("assessments:expert-home")
    if request.user.has_perm("assessments.view_assessment"):  # the department: its dashboard
        return dashboard_view(request)
    if request.user.role == Role.ASSOCIATION and agencies_of(request.user).exists():
        return redirect("programme:my-tasks")  # a partner agency's home is its tasks and their updates
    return render(request, "home.html")
