from __future__ import annotations

from django.urls import path

from assessments import views, views_assessment, views_import, views_invitations, views_review, views_signup

app_name = "assessments"

urlpatterns = [
    path("", views_assessment.assessment_list_view, name="assessment-list"),
    path("export/", views_assessment.assessment_export_view, name="assessment-export"),
    path("import/", views_import.assessment_import_view, name="assessment-import"),
    path("import/<uuid:import_uuid>/", views_import.assessment_import_detail_view, name="assessment-import-detail"),
    path("mine/", views_assessment.assessment_mine_view, name="assessment-mine"),
    path("start/", views_assessment.assessment_start_view, name="assessment-start"),
    path("assigned/", views_review.expert_home_view, name="expert-home"),
    path("invite/", views_invitations.invitation_send_view, name="invitation-send"),
    path("invitations/<str:token>/", views_invitations.invitation_open_view, name="invitation-open"),
    path("signup/", views_signup.signup_view, name="signup"),
    path("signup/confirm/<uidb64>/<token>/", views_signup.signup_confirm_view, name="signup-confirm"),
    path("signups/", views_signup.signup_list_view, name="signup-list"),
    path("signups/<uuid:signup_uuid>/decide/", views_signup.signup_decide_view, name="signup-decide"),
    path("waves/", views_invitations.wave_list_view, name="wave-list"),
    path("waves/new/", views_invitations.wave_create_view, name="wave-create"),
    path("waves/<uuid:wave_uuid>/", views_invitations.wave_detail_view, name="wave-detail"),
    path("waves/<uuid:wave_uuid>/remind/", views_invitations.wave_remind_view, name="wave-remind"),
    path("waves/<uuid:wave_uuid>/export/", views_invitations.wave_export_view, name="wave-export"),
    path("experts/assign/", views_review.expert_assign_view, name="expert-assign"),
    path("<uuid:assessment_uuid>/", views_assessment.assessment_detail_view, name="assessment-detail"),
    path("<uuid:assessment_uuid>/answers/", views_assessment.assessment_answers_view, name="assessment-answers"),
    path("<uuid:assessment_uuid>/review/", views_review.assessment_review_view, name="assessment-review"),
    path("<uuid:assessment_uuid>/fill/<slug:step>/", views_assessment.assessment_fill_view, name="assessment-fill"),
    path(
        "<uuid:assessment_uuid>/fill/<slug:step>/autosave/",
        views_assessment.assessment_autosave_view,
        name="assessment-autosave",
    ),
    path("<uuid:assessment_uuid>/submit/", views_assessment.assessment_submit_view, name="assessment-submit"),
    path("<uuid:assessment_uuid>/decide/", views_assessment.assessment_decide_view, name="assessment-decide"),
    path(
        "<uuid:assessment_uuid>/certificate/",
        views_assessment.assessment_certificate_view,
        name="assessment-certificate",
    ),
    path("models/", views.model_version_list_view, name="modelversion-list"),
    path("models/<uuid:version_uuid>/", views.model_version_detail_view, name="modelversion-detail"),
    path(
        "models/<uuid:version_uuid>/template/", views_import.model_version_template_view, name="modelversion-template"
    ),
    path("models/<uuid:version_uuid>/copy/", views.model_version_copy_view, name="modelversion-copy"),
    path("models/<uuid:version_uuid>/publish/", views.model_version_publish_view, name="modelversion-publish"),
    path("models/<uuid:version_uuid>/discard/", views.model_version_discard_view, name="modelversion-discard"),
    path(
        "models/<uuid:version_uuid>/criteria/<str:code>/",
        views.model_version_criterion_view,
        name="modelversion-criterion",
    ),
]
