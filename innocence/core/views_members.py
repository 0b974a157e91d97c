"""Members in the browser: invitations by e-mail, roles, deactivation, passwords.

Views are thin: each reads the form, calls one service (which checks the right and audits)
and says what happened. The organization is the one the signed-in admin administers.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .form_errors import validation_error_messages
from .forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from .middleware import client_ip
from .models import Role
from .selectors import (
    admin_organizations_of,
    invitation_by_token,
    invitation_for_admin,
    membership_for_admin,
    two_factor_required_for,
)

logger = logging.getLogger("innocence.members")

_BACK = "core:organization"


def _administered(request: HttpRequest) -> Any:
    organization = admin_organizations_of(request.user).first()
    if organization is None:
        raise Http404("No such page.")
    return organization


@login_required
@require_POST
def invitation_create(request: HttpRequest) -> HttpResponse:
    organization = _administered(request)
    email = request.POST.get("email", "").strip()
    try:
        services.invitation_create(
            actor=request.user,
            organization=organization,
            email=email,
            role=request.POST.get("role", ""),
            first_name=request.POST.get("first_name", ""),
            last_name=request.POST.get("last_name", ""),
            link_for=lambda token: request.build_absolute_uri(
                reverse("core:invitation_accept", args=[token])
            ),
        )
    except ValidationError as exc:
        validation_error_messages(request, exc)
    except OSError as exc:  # smtplib's errors are OSErrors: nothing was saved
        logger.warning("invitation e-mail to %s not sent: %s", email, exc)
        messages.error(request, f"The invitation e-mail could not be sent ({exc}); nothing was saved.")
    else:
        messages.success(
            request,
            f"Invitation e-mailed to {email}. The link works once, for {services.INVITATION_DAYS} days.",
        )
    return redirect(reverse(_BACK) + "#invitations")


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = invitation_for_admin(request.user, pk)
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, f"The invitation of {invitation.email} is withdrawn; its link no longer works.")
    return redirect(reverse(_BACK) + "#invitations")


@login_required
@require_POST
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = membership_for_admin(request.user, pk)
    try:
        services.member_change_role(
            actor=request.user, membership=membership, role=request.POST.get("role", "")
        )
    except ValidationError as exc:
        validation_error_messages(request, exc)
    else:
        messages.success(request, f"{membership.user.get_username()} is now {membership.get_role_display()}.")
    return redirect(reverse(_BACK) + "#members")


@login_required
@require_POST
def member_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    membership = membership_for_admin(request.user, pk)
    try:
        ended = services.member_deactivate(actor=request.user, membership=membership)
    except ValidationError as exc:
        validation_error_messages(request, exc)
    else:
        messages.success(
            request,
            f"{membership.user.get_username()} is deactivated: signed out everywhere "
            f"({ended['sessions']} session(s)), {ended['tokens']} API token(s) revoked.",
        )
    return redirect(reverse(_BACK) + "#members")


@login_required
@require_POST
def member_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    membership = membership_for_admin(request.user, pk)
    services.member_reactivate(actor=request.user, membership=membership)
    messages.success(
        request,
        f"{membership.user.get_username()} is a member again, as {membership.get_role_display()}. "
        "Their old API tokens stay revoked.",
    )
    return redirect(reverse(_BACK) + "#members")


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link of an invitation e-mail: choose a username and a password, become a member,
    and be signed in (then sent to two-factor set-up where the organization requires it)."""
    if request.user.is_authenticated:
        return render(request, "core/invitation_accept.html", {"signed_in": True})
    invitation = invitation_by_token(token)
    if invitation is None:
        return render(
            request, "core/invitation_accept.html", {"invalid": services.INVITATION_INVALID}, status=404
        )
    errors: dict[str, list[str]] = {}
    username = ""
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        try:
            user = services.invitation_accept(
                token=token,
                username=username,
                password=request.POST.get("password", ""),
                password_again=request.POST.get("password_again", ""),
            )
        except ValidationError as exc:
            errors = exc.message_dict
            if "__all__" in errors:
                return render(
                    request,
                    "core/invitation_accept.html",
                    {"invalid": services.INVITATION_INVALID},
                    status=404,
                )
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                f"Welcome to {invitation.organization.name}. You are signed in as {user.get_username()}.",
            )
            if two_factor_required_for(user):
                messages.info(request, "Your organization requires two-factor sign-in: set it up now.")
                return redirect("core:two_factor_setup")
            return redirect("cases:dashboard")
    return render(
        request,
        "core/invitation_accept.html",
        {
            "invitation": invitation,
            "role": Role(invitation.role).label,
            "username": username,
            "errors": errors,
        },
    )


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password (the current one first). Other sessions of the user end."""

    form_class = PasswordChangeForm
    template_name = "core/password_change.html"
    success_url = reverse_lazy("cases:dashboard")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not request.user.has_usable_password():
            return render(
                request,
                "core/error.html",
                {
                    "title": "No password here",
                    "message": "You sign in through your organization's identity provider; "
                    "your password is changed there.",
                },
            )
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        form.save()
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, "Your password is changed. Your other sessions are signed out.")
        return redirect(self.get_success_url())


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link by e-mail address. The answer is the same page whether or not
    an account has that address (no one learns who has an account here)."""

    form_class = PasswordResetForm
    template_name = "core/password_reset.html"
    email_template_name = "core/email/password_reset.txt"
    subject_template_name = "core/email/password_reset_subject.txt"
    success_url = reverse_lazy("core:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        if not services.password_reset_allowed(form.cleaned_data["email"], client_ip(self.request)):
            return redirect(self.get_success_url())  # the same page as a link sent: nothing to learn
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "core/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    template_name = "core/password_reset_confirm.html"
    success_url = reverse_lazy("core:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if self.request.user.is_authenticated:
            logout(self.request)  # whoever was signed in here signs in again with the new password
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "core/password_reset_complete.html"


password_change = login_required(PasswordChangeView.as_view())
password_reset = PasswordResetView.as_view()
password_reset_done = PasswordResetDoneView.as_view()
password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = PasswordResetCompleteView.as_view()
