from __future__ import annotations

from django.urls import path

from campaigns import views, views_agencies, views_attendance, views_plans, views_signups, views_support

app_name = "programme"

urlpatterns = [
    path("plans/", views.plan_list_view, name="plan-list"),
    path("plans/new/", views_plans.plan_edit_view, name="plan-create"),
    path("plans/<uuid:plan_uuid>/", views.plan_detail_view, name="plan-detail"),
    path("plans/<uuid:plan_uuid>/edit/", views_plans.plan_edit_view, name="plan-update"),
    path("plans/<uuid:plan_uuid>/tasks/new/", views_plans.task_edit_view, name="task-create"),
    path("tasks/<uuid:task_uuid>/edit/", views_plans.task_edit_view, name="task-update"),
    path("tasks/<uuid:task_uuid>/targets/", views_plans.target_edit_view, name="target-edit"),
    path("tasks/mine/", views.my_tasks_view, name="my-tasks"),
    path("tasks/<uuid:task_uuid>/", views.task_detail_view, name="task-detail"),
    path("updates/<uuid:update_uuid>/attachment/", views.task_update_attachment_view, name="task-update-attachment"),
    path("activities/", views.activity_list_view, name="activity-list"),
    path("activities/new/", views.activity_create_view, name="activity-create"),
    path("activities/export/", views.activity_export_view, name="activity-export"),
    path("activities/<uuid:activity_uuid>/", views.activity_detail_view, name="activity-detail"),
    path("activities/<uuid:activity_uuid>/edit/", views.activity_update_view, name="activity-update"),
    path("activities/<uuid:activity_uuid>/lookup/", views_attendance.tax_code_lookup_view, name="tax-code-lookup"),
    path(
        "activities/<uuid:activity_uuid>/participants/", views_attendance.participant_add_view, name="participant-add"
    ),
    path("activities/<uuid:activity_uuid>/attendance/", views_attendance.attendance_mark_view, name="attendance-mark"),
    path(
        "activities/<uuid:activity_uuid>/participants/<uuid:participant_uuid>/remove/",
        views_attendance.participant_remove_view,
        name="participant-remove",
    ),
    path("activities/<uuid:activity_uuid>/sheets/", views_attendance.sheet_upload_view, name="sheet-upload"),
    path("activities/<uuid:activity_uuid>/export/", views.participant_export_view, name="participant-export"),
    path("activities/<uuid:activity_uuid>/documents/", views_attendance.document_add_view, name="document-add"),
    path(
        "activities/<uuid:activity_uuid>/documents/<uuid:document_uuid>/",
        views_attendance.document_download_view,
        name="document-download",
    ),
    path(
        "activities/<uuid:activity_uuid>/sheets/<uuid:sheet_uuid>/",
        views_attendance.sheet_detail_view,
        name="sheet-detail",
    ),
    path("proposals/", views.proposal_list_view, name="proposal-list"),
    path("providers/", views_support.provider_list_view, name="provider-list"),
    path("providers/new/", views_support.provider_create_view, name="provider-create"),
    path("providers/<uuid:provider_uuid>/", views_support.provider_detail_view, name="provider-detail"),
    path("providers/<uuid:provider_uuid>/edit/", views_support.provider_update_view, name="provider-update"),
    path("activities/<uuid:activity_uuid>/support/", views_support.support_add_view, name="support-add"),
    path("agencies/", views_agencies.agency_list_view, name="agency-list"),
    path("agencies/reports/", views_agencies.agency_reports_view, name="agency-reports"),
    path("agencies/<uuid:agency_uuid>/", views_agencies.agency_detail_view, name="agency-detail"),
    path("attended/", views_attendance.attended_view, name="attended"),
    path("courses/", views_signups.course_list_view, name="course-list"),
    path("courses/<uuid:activity_uuid>/", views_signups.course_signup_view, name="course-signup"),
    path(
        "courses/signups/<uuid:course_signup_uuid>/cancel/",
        views_signups.course_signup_cancel_view,
        name="course-signup-cancel",
    ),
    path("activities/<uuid:activity_uuid>/signups/", views_signups.signup_list_view, name="signup-list"),
    path("activities/<uuid:activity_uuid>/signups/decide/", views_signups.signup_decide_view, name="signup-decide"),
    path(
        "activities/<uuid:activity_uuid>/signups/attendance/",
        views_signups.signup_attendance_view,
        name="signup-attendance",
    ),
    path("activities/<uuid:activity_uuid>/signups/export/", views_signups.signup_export_view, name="signup-export"),
]
