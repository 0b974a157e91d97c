"""Django's password forms, with the writes going through our services (audited)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import forms as auth_forms


class _AuditedSave:
    """``save`` sets the password through ``services.password_set``, which audits it."""

    via = ""
    user: Any
    cleaned_data: dict[str, Any]

    def save(self, commit: bool = True) -> Any:
        from .services import password_set

        return password_set(user=self.user, password=self.cleaned_data["new_password1"], via=self.via)


class PasswordChangeForm(_AuditedSave, auth_forms.PasswordChangeForm):
    via = "changed while signed in"


class SetPasswordForm(_AuditedSave, auth_forms.SetPasswordForm):
    via = "reset by e-mail link"


class PasswordResetForm(auth_forms.PasswordResetForm):
    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        super().send_mail(
            subject_template_name,
            email_template_name,
            context,
            from_email,
            to_email,
            html_email_template_name,
        )
        from .services import password_reset_mailed

        password_reset_mailed(context["user"])
