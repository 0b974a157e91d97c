from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import request_context
from .selectors import two_factor_required_for


def client_ip(request: HttpRequest) -> str | None:
    # Behind a proxy, REMOTE_ADDR is the proxy; the deployment sets
    # INNOCENCE_BEHIND_TLS and a proxy that overwrites X-Forwarded-For.
    from django.conf import settings

    if getattr(settings, "BEHIND_TLS", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        with request_context.acting(
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            channel=channel,
        ):
            return self.get_response(request)


_TWO_FACTOR_OPEN_PATHS = ("/static/", "/api/", "/account/two-factor/", "/login/", "/logout/")


class TwoFactorMiddleware:
    """A user with a confirmed device must enter a code; a member of an organization
    that enforces two-factor sign-in must set one up before doing anything else."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = request.user
        if user.is_authenticated and not request.path.startswith(_TWO_FACTOR_OPEN_PATHS):
            if user.is_verified():
                return self.get_response(request)
            from django_otp import user_has_device

            if user_has_device(user):
                return redirect(reverse("core:verify") + f"?next={request.path}")
            if two_factor_required_for(user):
                return redirect("core:two_factor_setup")
        return self.get_response(request)
