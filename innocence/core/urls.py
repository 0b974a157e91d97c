from django.urls import path

from . import views, views_members

app_name = "core"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    # For load balancers and orchestrators: reachable without signing in, says only "ok".
    path("healthz", views.health, name="health"),
    # Django's usual sign-in path, which people and tools try first.
    path("accounts/login/", views.accounts_login, name="accounts_login"),
    path("login/verify/", views.verify_view, name="verify"),
    path("logout/", views.logout_view, name="logout"),
    path("account/two-factor/", views.two_factor_setup_view, name="two_factor_setup"),
    path("organization/", views.organization_settings_view, name="organization"),
    path("organization/invitations/", views_members.invitation_create, name="invitation_create"),
    path("organization/invitations/<int:pk>/revoke/", views_members.invitation_revoke, name="invitation_revoke"),
    path("organization/members/<int:pk>/role/", views_members.member_role, name="member_role"),
    path("organization/members/<int:pk>/deactivate/", views_members.member_deactivate, name="member_deactivate"),
    path("organization/members/<int:pk>/reactivate/", views_members.member_reactivate, name="member_reactivate"),
    path("invitations/<str:token>/", views_members.invitation_accept, name="invitation_accept"),
    path("account/password/", views_members.password_change, name="password_change"),
    path("account/password-reset/", views_members.password_reset, name="password_reset"),
    path("account/password-reset/sent/", views_members.password_reset_done, name="password_reset_done"),
    path(
        "account/password-reset/<uidb64>/<token>/",
        views_members.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("account/password-reset/done/", views_members.password_reset_complete, name="password_reset_complete"),
    path("audit/", views.audit_log_view, name="audit_log"),
    path("audit/export.csv", views.audit_log_export, name="audit_log_export"),
]
