from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

app_name = "accounts"

# Logging in and choosing a password: on the national site and on every province's site.
auth_urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path("password-reset/sent/", views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password-reset-confirm"),
    path("reset/done/", views.PasswordResetCompleteView.as_view(), name="password-reset-complete"),
    path("invite/<uidb64>/<token>/", views.InviteAcceptView.as_view(), name="invite-accept"),
]

# A province's own user management (the national site's accounts are managed in the admin).
urlpatterns = [
    *auth_urlpatterns,
    path("users/", views.user_list_view, name="user-list"),
    path("users/invite/", views.user_invite_view, name="user-invite"),
    path("users/<uuid:user_id>/", views.user_detail_view, name="user-detail"),
    path("users/<uuid:user_id>/role/", views.user_change_role_view, name="user-change-role"),
    path("users/<uuid:user_id>/active/", views.user_set_active_view, name="user-set-active"),
    path("users/<uuid:user_id>/reinvite/", views.user_reinvite_view, name="user-reinvite"),
]
