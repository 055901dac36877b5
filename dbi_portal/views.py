"""The province site's home page: it sends each role where its work is."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from accounts.roles import Role
from core.types import AuthenticatedRequest
from reporting.statistics.views import dashboard_view


@login_required
def home_view(request: AuthenticatedRequest) -> HttpResponse:
    if request.user.role == Role.ENTERPRISE:  # an enterprise's home is its assessments
        return redirect("assessments:assessment-mine")
    if request.user.role == Role.EXPERT:  # an expert's home is the enterprises assigned to them
        return redirect("assessments:expert-home")
    if request.user.has_perm("assessments.view_assessment"):  # the department: its dashboard
        return dashboard_view(request)
    return render(request, "home.html")
