from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import request_context
from .selectors import two_factor_required_for

logger = logging.getLogger("innocence.access")


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
    """Who acts from where, for the audit log; and the audit of reads and refusals in one
    place, keyed on the route:

    - a successful GET that read a case-scoped object (a selector noted it) writes exactly
      one read row — the view's own, or one written here when the view wrote none; every
      successful API GET writes one;
    - a refused request (403, or the 404 that hides what a user may not see) of a signed-in
      user on a real route writes one "access refused" row: user, route, the ids asked for;
    - a PermissionDenied is answered here with the 403 page and one log line (not the
      traceback Django would log);
    - nothing dynamic is cached by a browser or proxy (``Cache-Control: no-store``) unless
      the view said otherwise (page images are ``private``).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        channel = "api" if request.path.startswith("/api/") else "web"
        refused = _page_numbers_out_of_range(request)
        if refused is not None:
            return refused
        state = request_context.RequestAudit()
        with request_context.acting(
            ip_address=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            channel=channel,
            request_audit=state,
        ):
            response = self.get_response(request)
            _audit_request(request, response, state)
        if channel == "api" and response.get("Content-Type", "").startswith("text/html"):
            response = _as_json(response)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from django.core.exceptions import PermissionDenied
        from django.db import DataError

        if isinstance(exception, OverflowError | DataError | RecursionError):
            # a number past 2^63 in a path, a form or a page parameter; input nested too deep
            from .api_errors import TOO_DEEP, TOO_LARGE
            from .views import bad_request

            message = TOO_DEEP if isinstance(exception, RecursionError) else TOO_LARGE
            logger.warning("400 %s %s: %s", request.method, request.path, message)
            return bad_request(request, message)
        if isinstance(exception, PermissionDenied):
            from .views import forbidden

            logger.warning(
                "403 %s %s for %s: %s",
                request.method,
                request.path,
                getattr(request.user, "username", "") or "anonymous",
                exception or "not allowed",
            )
            response = forbidden(request, exception)
            response._has_been_logged = True  # type: ignore[attr-defined]  # Django logs it once more otherwise
            return response
        return None


def _as_json(response: HttpResponse) -> HttpResponse:
    """Under /api/ the answer is JSON even where Django answered first (a method the path
    does not take, a path that does not exist, a server error)."""
    from django.http import JsonResponse

    reason = {404: "Not found.", 405: "This method is not allowed here.", 500: "Something went wrong on our side; the error was logged."}
    converted = JsonResponse(
        {"detail": reason.get(response.status_code, response.reason_phrase)}, status=response.status_code
    )
    if response.has_header("Allow"):
        converted["Allow"] = response["Allow"]
    return converted


#: Page, offset and limit numbers past this are refused before any view: no list is that
#: long, and past 2^63 the databases fail in ways of their own (overflow, datatype mismatch).
MAX_PAGE_NUMBER = 10**9
_PAGE_PARAMETERS = ("page", "offset", "limit")


def _page_numbers_out_of_range(request: HttpRequest) -> HttpResponse | None:
    for name in _PAGE_PARAMETERS:
        raw = request.GET.get(name, "").strip()
        if not raw.lstrip("-").isascii() or not raw.lstrip("-").isdigit():
            continue
        if abs(int(raw)) > MAX_PAGE_NUMBER:
            message = f"'{name}' must be at most {MAX_PAGE_NUMBER:,}."
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"detail": message}, status=400)
            from .views import bad_request

            return bad_request(request, message)
    return None


def _audit_request(request: HttpRequest, response: HttpResponse, state: request_context.RequestAudit) -> None:
    from . import audit
    from .models import AuditAction

    user: Any = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    if user is None or not getattr(user, "is_authenticated", False) or match is None:
        return
    status = response.status_code
    route = f"{match.namespace}:{match.url_name}" if match.namespace else str(match.url_name)
    if status in (403, 404) and not state.denied:
        audit.record_denial(
            user=user, route=route, asked_for=dict(match.kwargs), status=status, path=request.path
        )
    elif request.method == "GET" and 200 <= status < 300 and not state.views:
        if state.read is not None:
            obj, case, organization = state.read
            audit.record(
                AuditAction.VIEW, actor=user, obj=obj, case=case, organization=organization,
                changes={"route": route},
            )
        elif request.path.startswith("/api/") and route not in ("api:openapi-json", "api:openapi-view"):
            from . import access

            membership = access.primary_membership(user)
            audit.record(
                AuditAction.VIEW,
                actor=user,
                organization=membership.organization if membership else None,
                object_repr=request.get_full_path()[:300],
                changes={"route": route, "asked_for": dict(match.kwargs)},
            )


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
