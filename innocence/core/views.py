from __future__ import annotations

import csv
import datetime as dt
from base64 import b32encode
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from . import audit
from .audit_display import changes_text, object_label
from .models import AuditAction, Role
from .redirects import safe_next
from .selectors import admin_organizations_of, audit_entries_for_admin, members_of, pending_invitations
from .services import tokens_revoke_without_two_factor


@require_http_methods(["GET", "HEAD"])
def health(request: HttpRequest) -> HttpResponse:
    """``/healthz``: 200 when this machine reaches its database and its queue, 503 when not.
    No sign-in, no session, nothing about the data (see ``diagnostics.health``)."""
    from .diagnostics import health as parts_of

    parts = parts_of()
    ready = all(value == "ok" for value in parts.values())
    response = JsonResponse({"status": "ok" if ready else "unavailable", **parts}, status=200 if ready else 503)
    response["Cache-Control"] = "no-store"
    return response


def _safe_next(request: HttpRequest, default: str = "/") -> str:
    return safe_next(request, default)


def accounts_login(request: HttpRequest) -> HttpResponse:
    """Django's usual sign-in path, which people and tools try first: on to ours, keeping
    only a ``next`` that stays on this site."""
    from urllib.parse import urlencode

    return redirect(f"/login/?{urlencode({'next': _safe_next(request)})}")


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    error = ""
    username = ""
    if request.method == "POST":
        username = request.POST.get("username", "").strip()
        password = request.POST.get("password", "")
        user = authenticate(request, username=username, password=password)
        if user is None:
            error = "That username and password do not match an active account."
        else:
            login(request, user)
            if user_has_device(user):
                return redirect(f"/login/verify/?next={_safe_next(request)}")
            return redirect(_safe_next(request))
    from .demo import DEMO_PASSWORD, demo_accounts

    return render(
        request,
        "core/login.html",
        {
            "error": error,
            "username": username,
            "next": _safe_next(request),
            "demo_accounts": demo_accounts(),
            "demo_password": DEMO_PASSWORD,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def verify_view(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        code = request.POST.get("code", "").replace(" ", "")
        for device in TOTPDevice.objects.devices_for_user(request.user, confirmed=True):
            if device.verify_token(code):
                otp_login(request, device)
                return redirect(_safe_next(request))
        error = "That code is not valid. Codes change every 30 seconds."
        audit.record(AuditAction.LOGIN_FAILED, actor=request.user, object_repr="one-time code")
    return render(request, "core/verify.html", {"error": error, "next": _safe_next(request)})


_PENDING_KEY = "two_factor_pending_key"


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup_view(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator app. A session that has not passed its second factor may
    come here only while the user has no confirmed device yet (set-up is then the one
    thing it may do); otherwise it answers the code first. A GET creates nothing: the
    new secret waits in the session until a code from it is posted."""
    user: Any = request.user
    if user_has_device(user, confirmed=True) and not user.is_verified():
        return redirect(reverse("core:verify") + "?next=/account/two-factor/")
    key = request.session.get(_PENDING_KEY)
    if request.method == "GET" or not key:
        key = random_hex(20)
        request.session[_PENDING_KEY] = key
    candidate = TOTPDevice(user=user, name="Authenticator app", key=key, confirmed=False)
    error = ""
    if request.method == "POST":
        code = request.POST.get("code", "").replace(" ", "")
        if code.isdecimal() and totp_matches(candidate, code):
            candidate.confirmed = True
            candidate.save()
            request.session.pop(_PENDING_KEY, None)
            otp_login(request, candidate)
            audit.record(AuditAction.UPDATE, actor=user, object_repr="two-factor sign-in enabled")
            messages.success(request, "Two-factor sign-in is on for your account.")
            return redirect("cases:dashboard")
        error = "That code is not valid. Check the time on your phone and try again."
    image = qrcode.make(candidate.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    secret = b32encode(candidate.bin_key).decode()
    return render(request, "core/two_factor_setup.html", {"qr_svg": svg, "secret": secret, "error": error})


def totp_matches(device: TOTPDevice, code: str) -> bool:
    """A code from the device's key, one 30-second step either way, without saving it."""
    from django_otp.oath import TOTP

    check = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return bool(check.verify(int(code), tolerance=1))


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("core:login")


AUDIT_PAGE_SIZE = 50


def _filtered_audit(request: HttpRequest) -> Any:
    entries = audit_entries_for_admin(request.user)
    params = request.GET
    if params.get("user"):
        entries = entries.filter(username__icontains=params["user"])
    if params.get("action"):
        entries = entries.filter(action=params["action"])
    if params.get("case"):
        entries = entries.filter(case_reference__icontains=params["case"])
    for name, lookup in (("since", "at__date__gte"), ("until", "at__date__lte")):
        if params.get(name):
            try:
                entries = entries.filter(**{lookup: dt.date.fromisoformat(params[name])})
            except ValueError:
                messages.error(request, f"'{params[name]}' is not a date (use 2026-01-31); filter ignored.")
    return entries


@login_required
def audit_log_view(request: HttpRequest) -> HttpResponse:
    if not admin_organizations_of(request.user).exists():
        raise Http404("No such page.")
    page = Paginator(_filtered_audit(request), AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_log.html",
        {"page": page, "actions": AuditAction.choices, "filters": request.GET, "query": query.urlencode()},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def audit_log_export(request: HttpRequest) -> StreamingHttpResponse:
    if not admin_organizations_of(request.user).exists():
        raise Http404("No such page.")
    entries = _filtered_audit(request)
    audit.record(AuditAction.EXPORT, actor=request.user, object_repr="audit log (CSV)")
    writer = csv.writer(_Echo())
    header = [
        "time",
        "organization",
        "user",
        "action",
        "record",  # what a reader calls it: the model's verbose name
        "model_label",  # the same as app.Model (Django's Model._meta.label), for tooling
        "object_id",
        "object",
        "case",
        "changes",
        "ip",
        "channel",
    ]

    def rows() -> Any:
        yield writer.writerow(header)
        for e in entries.iterator(chunk_size=1000):
            yield writer.writerow(
                [
                    e.at.isoformat(),
                    e.organization.name if e.organization else "",
                    e.username,
                    e.action,
                    object_label(e.object_type or ""),
                    e.object_type,
                    e.object_id,
                    _csv_safe(e.object_repr),
                    e.case_reference,
                    _csv_safe(changes_text(e.changes, e.object_type, e.action)),
                    e.ip_address or "",
                    e.channel,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ is a formula to a spreadsheet: neutralise it.
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {"title": "Not found", "message": "There is nothing here, or you do not have access to it."},
        status=404,
    )


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "core/error.html", {"title": "Bad request", "message": message}, status=400)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else "Your role does not allow this."
    return render(request, "core/error.html", {"title": "Not allowed", "message": message}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "title": "Something went wrong",
            "message": "The error was logged. Nothing you entered was half-saved.",
        },
        status=500,
    )


@login_required
@require_http_methods(["GET", "POST"])
def organization_settings_view(request: HttpRequest) -> HttpResponse:
    """Org admins: who is a member with which role (invite, change, deactivate: the forms
    post to core/views_members.py), pending invitations, and whether two-factor sign-in
    is enforced."""
    organization = admin_organizations_of(request.user).first()
    if organization is None:
        raise Http404("No such page.")
    added: dict[str, str] = {}
    member_errors: list[str] = []
    if request.method == "POST" and request.POST.get("action") == "add_member":
        added, member_errors = _member_add(request, organization)
    elif request.method == "POST":
        enforce = request.POST.get("require_two_factor") == "on"
        if enforce != organization.require_two_factor:
            organization.require_two_factor = enforce
            organization.save(update_fields=["require_two_factor"])
            audit.record(
                AuditAction.UPDATE,
                actor=request.user,
                obj=organization,
                changes={"require_two_factor": [not enforce, enforce]},
            )
            revoked = tokens_revoke_without_two_factor(actor=request.user, organization=organization) if enforce else 0
            messages.success(
                request,
                (
                    "Two-factor sign-in is now required for every member."
                    + (f" {revoked} API token(s) of members without it were revoked." if revoked else "")
                )
                if enforce
                else "Two-factor sign-in is now optional.",
            )
        return redirect("core:organization")
    members = members_of(organization)
    devices = set(
        TOTPDevice.objects.filter(user__in=[m.user for m in members], confirmed=True).values_list(
            "user_id", flat=True
        )
    )
    return render(
        request,
        "core/organization.html",
        {
            "organization": organization,
            "members": members,
            "invitations": pending_invitations(organization),
            "with_two_factor": devices,
            "roles": Role.choices,
            "added": added,
            "member_errors": member_errors,
            "form": request.POST if member_errors else {},
        },
    )


def _member_add(request: HttpRequest, organization: Any) -> tuple[dict[str, str], list[str]]:
    """Create a new account in the organization with a one-time password, shown once on the
    page that answers (never stored in a message or the session). Existing accounts are
    added from the command line (`innocence adduser`), not from here."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError

    from .services import generate_password, user_add_to_organization

    username = request.POST.get("username", "").strip()
    role = request.POST.get("role", "")
    if not username:
        return {}, ["Give the new member a username."]
    if get_user_model().objects.filter(username=username).exists():
        return {}, [f"The username {username} is taken: choose another."]
    password = generate_password()
    try:
        user_add_to_organization(
            actor=request.user,
            username=username,
            organization=organization,
            role=role,
            password=password,
            email=request.POST.get("email", "").strip(),
            first_name=request.POST.get("first_name", "").strip(),
            last_name=request.POST.get("last_name", "").strip(),
        )
    except ValidationError as exc:
        return {}, [m for messages_ in exc.message_dict.values() for m in messages_]
    return {"username": username, "password": password, "role": Role(role).label}, []
