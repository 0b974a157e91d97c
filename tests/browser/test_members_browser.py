"""A real browser: an admin invites a member by e-mail, the invitee follows the link from
the mail, chooses a password and signs in; then forgets it and resets it by e-mail link."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.browser.axe import axe_violations, describe

ADMIN_PASSWORD = "lantern-copse-42-admin"
FIRST_PASSWORD = "heron-quarry-58-first"
NEW_PASSWORD = "violet-bridge-93-second"


def _link(pattern: str) -> str:
    found = re.search(pattern, mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(0)


def _accessible(page) -> None:
    found = axe_violations(page)
    assert not found, describe(page.url, found)


def _sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_invited_member_signs_in_and_resets_a_forgotten_password(live_server, chromium_page):
    from django.contrib.auth import get_user_model

    from innocence.core.models import Membership, Organization

    org = Organization.objects.create(
        name="Marrowgate Exoneration Clinic (fictional)", slug="marrowgate", case_prefix="MEC", is_fictional=True
    )
    admin = get_user_model().objects.create_user(username="mec_admin", password=ADMIN_PASSWORD)
    Membership.objects.create(user=admin, organization=org, role="admin")
    base = live_server.url
    page = chromium_page

    # the admin invites a student
    _sign_in(page, base, "mec_admin", ADMIN_PASSWORD)
    page.wait_for_url(base + "/")
    page.goto(base + "/organization/")
    invite = page.locator("#invitations form").first
    invite.locator("input[name=email]").fill("tamsin.oakridge@example.org")
    invite.locator("input[name=first_name]").fill("Tamsin")
    invite.locator("select[name=role]").select_option("student")
    invite.locator("button[type=submit]").click()
    page.wait_for_selector("text=Invitation e-mailed to tamsin.oakridge@example.org")
    assert "tamsin.oakridge@example.org" in page.inner_text("#invitations table")
    _accessible(page)
    page.click("button:has-text('Sign out')")
    page.wait_for_url("**/login/")

    # the invitee follows the link from the mail and chooses a username and a password
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["tamsin.oakridge@example.org"]
    page.goto(_link(r"http://[^\s]+/invitations/[^\s/]+/"))
    assert "Join Marrowgate Exoneration Clinic" in page.inner_text("h1")
    _accessible(page)
    page.fill("#id_username", "toakridge")
    page.fill("#id_password", FIRST_PASSWORD)
    page.fill("#id_password_again", FIRST_PASSWORD)
    page.click("button:has-text('Create my account')")
    page.wait_for_url(base + "/")
    assert "Tamsin" in page.inner_text(".account") and "Law student" in page.inner_text(".account")
    page.click("button:has-text('Sign out')")
    page.wait_for_url("**/login/")
    _sign_in(page, base, "toakridge", FIRST_PASSWORD)
    page.wait_for_url(base + "/")
    assert "Law student" in page.inner_text(".account")
    page.click("button:has-text('Sign out')")
    page.wait_for_url("**/login/")

    # she forgets the password and resets it by the link the mail carries
    page.click("a:has-text('Forgot your password?')")
    page.wait_for_url("**/account/password-reset/")
    page.fill("input[name=email]", "tamsin.oakridge@example.org")
    page.click("button:has-text('Send the link')")
    page.wait_for_url("**/account/password-reset/sent/")
    assert "Check your e-mail" in page.inner_text("h1")
    assert len(mail.outbox) == 2
    page.goto(_link(r"http://[^\s]+/account/password-reset/[^\s]+/"))
    assert "Choose a new password" in page.inner_text("h1")
    _accessible(page)
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("button:has-text('Set my password')")
    page.wait_for_url("**/account/password-reset/done/")
    page.click("main a:has-text('Sign in')")
    page.wait_for_url("**/login/")

    page.fill("#id_username", "toakridge")
    page.fill("#id_password", FIRST_PASSWORD)
    page.click("button[type=submit]")
    assert "do not match" in page.inner_text("[role=alert]")
    _sign_in(page, base, "toakridge", NEW_PASSWORD)
    page.wait_for_url(base + "/")
    assert "Law student" in page.inner_text(".account")
