"""Sign in through the organization's OpenID Connect provider (authlib's Django client:
state, nonce and PKCE kept in the session, the ID token verified against the provider's
published keys)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from innocence.core import audit
from innocence.core.models import AuditAction

from . import services
from .models import OIDCProvider


def _provider(slug: str) -> OIDCProvider:
    provider = (
        OIDCProvider.objects.select_related("organization")
        .filter(organization__slug=slug, enabled=True)
        .first()
    )
    if provider is None:
        raise Http404("This organization does not sign in through its own provider here.")
    return provider


def _client(provider: OIDCProvider) -> Any:
    from authlib.integrations.django_client import OAuth

    oauth = OAuth()
    return oauth.register(
        name=f"org-{provider.organization.slug}",
        client_id=provider.client_id,
        client_secret=provider.client_secret,
        server_metadata_url=provider.metadata_url,
        client_kwargs={"scope": provider.scopes, "code_challenge_method": "S256"},
    )


@require_GET
def choose(request: HttpRequest) -> HttpResponse:
    """Name the organization, then follow a link to its provider (a link, not a redirect
    of the form: the CSP's form-action keeps forms to this site)."""
    slug = request.GET.get("organization", "").strip().lower()
    found = (
        OIDCProvider.objects.select_related("organization")
        .filter(organization__slug=slug, enabled=True)
        .first()
    )
    return render(request, "sso/choose.html", {"slug": slug, "found": found})


@require_GET
def start(request: HttpRequest, slug: str) -> HttpResponse:
    provider = _provider(slug)
    redirect_uri = request.build_absolute_uri(reverse("sso:callback", kwargs={"slug": slug}))
    return _client(provider).authorize_redirect(request, redirect_uri)


@require_GET
def callback(request: HttpRequest, slug: str) -> HttpResponse:
    from authlib.common.errors import AuthlibBaseError
    from joserfc.errors import JoseError  # authlib checks the ID token's claims with joserfc

    provider = _provider(slug)
    try:
        if "error" in request.GET:
            raise services.SignInRefused(
                f"The provider refused: {request.GET.get('error_description') or request.GET['error']}."
            )
        client = _client(provider)
        token = client.authorize_access_token(request)
        claims = dict(token.get("userinfo") or {})  # the verified ID token's claims
        if provider.username_claim not in claims:
            # profile claims may come from the userinfo endpoint only: for the same subject
            extra = dict(client.userinfo(token=token))
            if extra.get("sub") != claims.get("sub"):
                raise services.SignInRefused("The provider's user information is about another subject.")
            claims = {**extra, **claims}
        user = services.user_for_claims(provider, claims)
    except (services.SignInRefused, AuthlibBaseError, JoseError, ValueError) as exc:
        described = exc.description if isinstance(exc, AuthlibBaseError | JoseError) else None
        reason = described or str(exc)
        reason = reason or exc.__class__.__name__
        audit.record(
            AuditAction.LOGIN_FAILED,
            organization=provider.organization,
            object_repr="single sign-on",
            changes={"reason": reason[:300]},
        )
        return render(
            request, "sso/refused.html", {"organization": provider.organization, "reason": reason}, status=400
        )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    request.session["signed_in_via"] = f"oidc:{provider.organization.slug}"
    audit.record(
        AuditAction.LOGIN, actor=user, organization=provider.organization, object_repr="single sign-on"
    )
    return redirect("/")
