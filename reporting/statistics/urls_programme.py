"""The programme's figure pages, served under /programme/ with the campaigns' pages (one `programme`
namespace: see dbi_portal/urls_tenant.py)."""

from __future__ import annotations

from django.urls import path

from reporting.statistics import views_budget, views_programme

urlpatterns = [
    path("kpi/", views_programme.kpi_view, name="kpi"),
    path("kpi/<uuid:target_uuid>/", views_programme.kpi_behind_view, name="kpi-behind"),
    path("demand/", views_programme.demand_view, name="demand"),
    path("honours/", views_programme.honour_list_view, name="honour-list"),
    path("budget/", views_budget.budget_overview_view, name="budget-overview"),
    path("tasks/<uuid:task_uuid>/budget/", views_budget.task_budget_view, name="task-budget"),
    path("tables/export/", views_programme.table_export_view, name="table-export"),
]
