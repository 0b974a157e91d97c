"""Single sign-on end to end against a real OpenID Connect provider (node-oidc-provider on
127.0.0.1): the authorization-code flow with PKCE, state and nonce, the ID token verified
against the provider's keys; refusals with words, audited."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urljoin, urlparse

import pytest
import requests

from .conftest import CLIENT_ID, CLIENT_SECRET


def _provider(org: Any, issuer: str, **kw: Any) -> Any:
    from innocence.sso.models import OIDCProvider

    defaults = {
        "issuer": issuer,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "group_roles": {"ciu-attorneys": "attorney", "ciu-admins": "admin"},
        "create_users": True,
    }
    return OIDCProvider.objects.create(organization=org, **{**defaults, **kw})


def _sign_in_at_provider(authorize_url: str, login: str) -> str:
    """Drive the provider's own sign-in form over HTTP; return the redirect back to us."""
    session = requests.Session()
    url = authorize_url
    for _ in range(12):
        response = session.get(url, allow_redirects=False, timeout=10)
        if response.status_code in (302, 303):
            url = urljoin(url, response.headers["Location"])
            if urlparse(url).hostname == "testserver":
                return url
            continue
        form = re.search(r'<form[^>]*action="([^"]+)"', response.text)
        assert form, response.text[:500]
        action = urljoin(url, form.group(1))
        data = (
            {"prompt": "login", "login": login, "password": "any-fictional"}
            if 'name="login"' in response.text
            else {"prompt": "consent"}
        )
        response = session.post(action, data=data, allow_redirects=False, timeout=10)
        url = urljoin(action, response.headers["Location"])
        if urlparse(url).hostname == "testserver":
            return url
    raise AssertionError("the provider never sent the browser back")


def _start(client: Any, slug: str) -> str:
    response = client.get(f"/sso/{slug}/start/")
    assert response.status_code == 302, response.content[:300]
    return response["Location"]


@pytest.mark.django_db
def test_member_signs_in_through_the_provider_with_a_mapped_role(client, idp, make_org):
    from innocence.core import access
    from innocence.core.models import AuditEntry

    org = make_org("sso-test", require_two_factor=True)
    _provider(org, idp.issuer)
    back = _sign_in_at_provider(_start(client, "sso-test"), "theo.fictional")
    response = client.get(back.replace("http://testserver", ""))
    assert response.status_code == 302 and response["Location"] == "/", response.content[:400]
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="theo.fictional")
    assert access.role_in(user, org) == "attorney" and not user.has_usable_password()
    assert client.get("/").status_code == 200  # enforced TOTP is for local accounts
    assert AuditEntry.objects.filter(action="login", username="theo.fictional").exists()


@pytest.mark.django_db
def test_replayed_state_is_refused_and_audited(client, idp, make_org):
    from innocence.core.models import AuditEntry

    org = make_org("sso-test")
    _provider(org, idp.issuer)
    back = _sign_in_at_provider(_start(client, "sso-test"), "theo.fictional").replace("http://testserver", "")
    assert client.get(back).status_code == 302
    client.logout()
    replay = client.get(back)
    assert replay.status_code == 400 and b"refused" in replay.content
    forged = client.get("/sso/sso-test/callback/?code=x&state=forged")
    assert forged.status_code == 400
    assert AuditEntry.objects.filter(action="login_failed", organization=org).count() == 2


@pytest.mark.django_db
def test_issuer_that_does_not_match_is_refused(client, idp, make_org):
    org = make_org("sso-test")
    # the same provider reached under another name: its tokens say 127.0.0.1, not localhost
    _provider(org, idp.issuer.replace("127.0.0.1", "localhost"))
    back = _sign_in_at_provider(_start(client, "sso-test"), "theo.fictional").replace("http://testserver", "")
    response = client.get(back)
    assert response.status_code == 400
    assert b"not by" in response.content or b"iss" in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_unknown_user_without_provisioning_is_refused(client, idp, make_org):
    org = make_org("sso-test")
    _provider(org, idp.issuer, create_users=False)
    back = _sign_in_at_provider(_start(client, "sso-test"), "stranger").replace("http://testserver", "")
    response = client.get(back)
    assert response.status_code == 400 and b"not a member" in response.content


@pytest.mark.django_db
def test_organization_without_provider_is_404(client, make_org):
    make_org("no-sso")
    assert client.get("/sso/no-sso/start/").status_code == 404
