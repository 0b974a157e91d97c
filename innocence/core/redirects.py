"""Where to send the browser after a form: a ``next`` the user brought, only when it
points at this site. Every view that reads a ``next`` reads it here (an open redirect
is how a phishing link borrows our name)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponseRedirect
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, default: str = "/") -> str:
    """The request's ``next`` (POST, then GET) when it stays on this site, else default."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def redirect_next(request: HttpRequest, default: str, *args: Any, **kwargs: Any) -> HttpResponseRedirect:
    """Redirect to a safe ``next``, or to ``default`` (a URL name or path, with its args)."""
    target = safe_next(request, "")
    if target:
        return HttpResponseRedirect(target)
    return redirect(resolve_url(default, *args, **kwargs))
