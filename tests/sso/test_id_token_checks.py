"""Issue 19: an ID token is refused unless it is for us, from our provider, current and for
this sign-in. A small provider on 127.0.0.1 (discovery, keys and token endpoint) signs ID
tokens with a test key (joserfc, which authlib uses), so each claim can be made wrong on purpose; the
sign-in then runs through the real views and authlib client, end to end."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "innocence-files-test"
SLUG = "aud-test"


class _Provider:
    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
        self.claims: dict[str, Any] = {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.issuer = f"http://127.0.0.1:{self.server.server_address[1]}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _json(self, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                if self.path.startswith("/.well-known/openid-configuration"):
                    self._json(
                        {
                            "issuer": provider.issuer,
                            "authorization_endpoint": f"{provider.issuer}/auth",
                            "token_endpoint": f"{provider.issuer}/token",
                            "jwks_uri": f"{provider.issuer}/jwks",
                            "id_token_signing_alg_values_supported": ["RS256"],
                        }
                    )
                elif self.path.startswith("/jwks"):
                    self._json({"keys": [provider.key.as_dict(private=False)]})
                else:
                    self.send_error(404)

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, provider.claims, provider.key)
                self._json({"access_token": "fictional", "token_type": "Bearer", "id_token": id_token})

        return Handler


@pytest.fixture(scope="module")
def provider() -> Iterator[_Provider]:
    found = _Provider()
    thread = threading.Thread(target=found.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        found.server.shutdown()
        found.server.server_close()


def _sign_in(client: Any, provider: _Provider, **wrong: Any) -> Any:
    start = client.get(f"/sso/{SLUG}/start/")
    assert start.status_code == 302, start.content[:300]
    query = parse_qs(urlparse(start["Location"]).query)
    now = int(time.time())
    provider.claims = {
        "iss": provider.issuer,
        "aud": CLIENT_ID,
        "sub": "subject-ada-fictional",
        "preferred_username": "ada.fictional",
        "iat": now,
        "exp": now + 300,
        "nonce": query["nonce"][0],
        **wrong,
    }
    return client.get(f"/sso/{SLUG}/callback/", {"code": "fictional-code", "state": query["state"][0]})


@pytest.fixture
def sso_org(make_org: Any, provider: _Provider) -> Any:
    from innocence.sso.models import OIDCProvider

    org = make_org(SLUG)
    OIDCProvider.objects.create(
        organization=org,
        issuer=provider.issuer,
        client_id=CLIENT_ID,
        client_secret="fictional-client-secret-for-tests",
        default_role="viewer",
        create_users=True,
    )
    return org


@pytest.mark.django_db
def test_a_token_with_every_claim_right_signs_in(client: Any, provider: _Provider, sso_org: Any) -> None:
    # The control: the harness itself lets a good token in, so the refusals below are the checks'.
    response = _sign_in(client, provider)
    assert response.status_code == 302 and response["Location"] == "/", response.content[:400]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "wrong",
    [
        pytest.param({"aud": "someone-else"}, id="audience-is-another-client"),
        pytest.param({"aud": ["someone-else", "a-third-app"]}, id="audience-list-without-us"),
        pytest.param({"iss": "http://127.0.0.1:9/other"}, id="another-issuer"),
        pytest.param({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 7200}, id="expired"),
        pytest.param({"nonce": "not-the-nonce-of-this-sign-in"}, id="bad-nonce"),
    ],
)
def test_a_token_not_for_this_sign_in_is_refused_and_audited(
    client: Any, provider: _Provider, sso_org: Any, wrong: dict[str, Any]
) -> None:
    from django.contrib.auth import get_user_model

    from innocence.core.models import AuditEntry

    response = _sign_in(client, provider, **wrong)
    assert response.status_code == 400, response.content[:400]
    assert b"ada.fictional" not in response.content
    assert not get_user_model().objects.filter(username="ada.fictional").exists()
    assert "_auth_user_id" not in client.session
    failed = AuditEntry.objects.filter(action="login_failed", organization=sso_org)
    assert failed.count() == 1 and failed.get().changes["reason"]


@pytest.mark.django_db
def test_user_for_claims_itself_refuses_another_audience_or_issuer(provider: _Provider, sso_org: Any) -> None:
    # The service checks again after authlib, so claims from any other path are held to it too.
    from innocence.sso.models import OIDCProvider
    from innocence.sso.services import SignInRefused, user_for_claims

    found = OIDCProvider.objects.get(organization=sso_org)
    good = {"iss": provider.issuer, "aud": [CLIENT_ID], "preferred_username": "ada.fictional"}
    with pytest.raises(SignInRefused, match="not issued for this application"):
        user_for_claims(found, {**good, "aud": ["someone-else"]})
    with pytest.raises(SignInRefused, match="not issued for this application"):
        user_for_claims(found, {**good, "aud": None})
    with pytest.raises(SignInRefused, match="issued by"):
        user_for_claims(found, {**good, "iss": "http://127.0.0.1:9/other"})
    assert user_for_claims(found, good).username == "ada.fictional"
