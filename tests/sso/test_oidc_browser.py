"""The OIDC sign-in in a real browser (Chromium): our sign-in page → the organization's
provider (node-oidc-provider on 127.0.0.1, its own sign-in form) → back, signed in."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import CLIENT_ID, CLIENT_SECRET, running_idp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_signs_in_through_the_local_provider(
    live_server: Any, chromium_page: Any, make_org: Any
) -> None:
    from innocence.core.models import Membership
    from innocence.sso.models import OIDCProvider

    org = make_org("sso-browser")
    url = live_server.url.replace("127.0.0.1", "localhost")
    with running_idp([f"{url}/sso/sso-browser/callback/"]) as idp:
        OIDCProvider.objects.create(
            organization=org,
            issuer=idp.issuer,
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            group_roles={"ciu-attorneys": "attorney"},
            create_users=True,
        )
        page = chromium_page
        page.goto(f"{url}/login/")
        page.get_by_role("link", name="Sign in through your organization's identity provider").click()
        page.get_by_label("Your organization's short name").fill("sso-browser")
        page.get_by_role("button", name="Continue").click()
        page.get_by_role("link", name="Continue to Sso-Browser Project (test)'s sign-in").click()
        page.wait_for_url(f"{idp.issuer}/**")
        page.locator("input[name=login]").fill("ada.fictional")
        page.locator("input[name=password]").fill("any-fictional")
        page.locator("button[type=submit]").first.click()
        page.wait_for_load_state()
        if page.url.startswith(idp.issuer):  # a consent step, when the provider asks for one
            page.locator("button[type=submit]").first.click()
        page.wait_for_url(f"{url}/**")
        assert "/login" not in page.url
        assert page.get_by_text("ada.fictional").count() or page.locator("nav").count()
    assert Membership.objects.filter(
        organization=org, user__username="ada.fictional", role="attorney"
    ).exists()
