from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    # Django's usual sign-in path, which people and tools try first.
    path("accounts/login/", views.accounts_login, name="accounts_login"),
    path("login/verify/", views.verify_view, name="verify"),
    path("logout/", views.logout_view, name="logout"),
    path("account/two-factor/", views.two_factor_setup_view, name="two_factor_setup"),
    path("organization/", views.organization_settings_view, name="organization"),
    path("audit/", views.audit_log_view, name="audit_log"),
    path("audit/export.csv", views.audit_log_export, name="audit_log_export"),
]
