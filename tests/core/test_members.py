"""Members in the browser's server side: invitations by e-mail link, role changes,
deactivation (sessions and tokens end at once), password change and reset by e-mail.
Every write is audited; no answer tells a stranger who has an account."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from innocence.cases.selectors import cases_visible_to
from innocence.core import access, services
from innocence.core.models import ApiToken, AuditEntry, Invitation, Membership

STRONG = "plum-orchard-71-kettle"


def _invite(client, email="new.student@example.org", role="student", **extra):
    return client.post("/organization/invitations/", {"email": email, "role": role, **extra})


def _link(message) -> str:
    found = re.search(r"https?://[^\s]+/invitations/[^\s/]+/", message.body)
    assert found, message.body
    return found.group(0)


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


@pytest.fixture
def admin_client(world):
    client = Client()
    client.force_login(world.admin)
    return client


# --- invitations ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_invited_member_chooses_username_and_password_and_is_signed_in(world, admin_client):
    response = _invite(admin_client, first_name="Robin", last_name="Quayle")
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["new.student@example.org"]
    link = _link(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == Invitation.hash_token(token) and token not in invitation.token_hash
    assert invitation.expires_at - timezone.now() > dt.timedelta(days=6)
    page = admin_client.get("/organization/").content.decode()
    assert "new.student@example.org" in page and "Pending invitations" in page

    invitee = Client()
    form = invitee.get(_path(link))
    assert form.status_code == 200 and "Law student" in form.content.decode()
    response = invitee.post(
        _path(link), {"username": "rquayle", "password": STRONG, "password_again": STRONG}
    )
    assert response.status_code == 302 and response["Location"] == "/"
    membership = Membership.objects.get(user__username="rquayle")
    assert membership.organization == world.north and membership.role == "student"
    assert membership.user.email == "new.student@example.org" and membership.user.first_name == "Robin"
    assert invitee.get("/").status_code == 200  # signed in
    assert Client().login(username="rquayle", password=STRONG)
    assert AuditEntry.objects.filter(object_type="core.Invitation", action="create").exists()
    assert AuditEntry.objects.filter(object_type="core.Membership", action="create", username="rquayle").exists()
    assert "new.student@example.org" not in admin_client.get("/organization/").content.decode().split(
        "Pending invitations"
    )[1].split("</table>")[0]


@pytest.mark.django_db
def test_used_expired_revoked_and_unknown_links_get_one_answer(world, admin_client):
    for n in range(3):
        _invite(admin_client, email=f"person{n}@example.org")
    used, expired, revoked = (_path(_link(m)) for m in mail.outbox)
    assert Client().post(used, {"username": "once", "password": STRONG, "password_again": STRONG}).status_code == 302
    Invitation.objects.filter(email="person1@example.org").update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    admin_client.post(f"/organization/invitations/{Invitation.objects.get(email='person2@example.org').pk}/revoke/")
    assert Invitation.objects.get(email="person2@example.org").revoked_at is not None

    answers = set()
    for path in (used, expired, revoked, "/invitations/made-up-token/"):
        for response in (
            Client().get(path),
            Client().post(path, {"username": "twice", "password": STRONG, "password_again": STRONG}),
        ):
            assert response.status_code == 404, path
            answers.add(re.search(r'role="alert">([^<]+)<', response.content.decode()).group(1))
    assert len(answers) == 1 and "expired, was already used or was withdrawn" in answers.pop()
    assert not Membership.objects.filter(user__username="twice").exists()
    assert Membership.objects.filter(user__username="once").count() == 1


@pytest.mark.django_db
def test_the_password_must_pass_the_validators_and_the_username_be_free(world, admin_client):
    _invite(admin_client)
    path = _path(_link(mail.outbox[0]))
    short = Client().post(path, {"username": "newbie", "password": "short", "password_again": "short"})
    assert short.status_code == 200 and "too short" in short.content.decode()
    taken = Client().post(path, {"username": "n_admin", "password": STRONG, "password_again": STRONG})
    assert "is taken" in taken.content.decode()
    differ = Client().post(path, {"username": "newbie", "password": STRONG, "password_again": STRONG + "x"})
    assert "differ" in differ.content.decode()
    assert not Membership.objects.filter(user__username="newbie").exists()
    assert Invitation.objects.get().accepted_at is None  # still usable


@pytest.mark.django_db
def test_an_invitee_of_a_two_factor_organization_is_sent_to_set_it_up(world, admin_client):
    _invite(admin_client)
    world.north.require_two_factor = True
    world.north.save()
    invitee = Client()
    response = invitee.post(
        _path(_link(mail.outbox[0])), {"username": "newbie", "password": STRONG, "password_again": STRONG}
    )
    assert response["Location"] == "/account/two-factor/"
    assert invitee.get("/cases/")["Location"] == "/account/two-factor/"


@pytest.mark.django_db
def test_only_admins_invite_and_a_new_invitation_replaces_the_pending_one(world, admin_client):
    attorney = Client()
    attorney.force_login(world.on_team)
    assert _invite(attorney).status_code == 404
    assert not Invitation.objects.exists() and not mail.outbox
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=world.on_team, organization=world.north, email="x@example.org", role="admin", link_for=str
        )
    _invite(admin_client)
    _invite(admin_client, role="investigator")
    first, second = Invitation.objects.order_by("pk")
    assert first.revoked_at is not None and second.revoked_at is None
    other_admin = Client()
    other_admin.force_login(world.outsider)
    assert other_admin.post(f"/organization/invitations/{second.pk}/revoke/").status_code == 404
    assert _invite(admin_client, email="not an address").status_code == 302
    assert Invitation.objects.count() == 2


# --- roles and deactivation ------------------------------------------------------------------


def _membership(user, org):
    return Membership.objects.get(user=user, organization=org)


@pytest.mark.django_db
def test_an_admin_changes_a_role_but_not_their_own_nor_the_last_admins(world, admin_client):
    attorney = _membership(world.on_team, world.north)
    assert admin_client.post(f"/organization/members/{attorney.pk}/role/", {"role": "student"}).status_code == 302
    attorney.refresh_from_db()
    assert attorney.role == "student"
    row = AuditEntry.objects.filter(object_type="core.Membership", action="update").first()
    assert row.changes["role"] == ["attorney", "student"] and row.username == "n_admin"

    mine = _membership(world.admin, world.north)
    admin_client.post(f"/organization/members/{mine.pk}/role/", {"role": "viewer"})
    mine.refresh_from_db()
    assert mine.role == "admin"
    with pytest.raises(ValidationError, match="yourself"):
        services.member_deactivate(actor=world.admin, membership=mine)
    # the other admin is deactivated; now n_admin is the last one, even for the system
    services.member_deactivate(actor=world.admin, membership=_membership(world.walled_admin, world.north))
    with pytest.raises(ValidationError, match="last administrator"):
        services.member_change_role(actor=access.system("test"), membership=mine, role="attorney")
    with pytest.raises(PermissionDenied):
        services.member_change_role(actor=world.on_team, membership=mine, role="viewer")
    other = Client()
    other.force_login(world.outsider)
    assert other.post(f"/organization/members/{attorney.pk}/role/", {"role": "admin"}).status_code == 404


@pytest.mark.django_db
def test_deactivation_ends_sessions_and_tokens_at_once(world, admin_client):
    member = Client()
    member.force_login(world.on_team)
    assert member.get(f"/cases/{world.case.reference}/").status_code == 200
    _, key = services.token_create(user=world.on_team, name="nightly export")
    assert member.get("/api/cases", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    assert Session.objects.count() == 2

    membership = _membership(world.on_team, world.north)
    response = admin_client.post(f"/organization/members/{membership.pk}/deactivate/")
    assert response.status_code == 302
    assert Session.objects.count() == 1  # the admin's own

    refused = member.get(f"/cases/{world.case.reference}/")
    assert refused.status_code == 302 and "/login/" in refused["Location"]
    assert Client().get("/api/cases", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
    assert not Client().login(username="n_attorney", password="correct-horse-9")
    assert ApiToken.objects.get(user=world.on_team).revoked_at is not None
    row = AuditEntry.objects.filter(object_type="core.Membership", action="update").first()
    assert row.changes["sessions_ended"] == 1 and row.changes["tokens_revoked"] == 1
    page = admin_client.get("/organization/").content.decode()
    assert "deactivated" in page and "Reactivate" in page

    admin_client.post(f"/organization/members/{membership.pk}/reactivate/")
    assert Client().login(username="n_attorney", password="correct-horse-9")
    assert Client().get("/api/cases", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401  # stays revoked


@pytest.mark.django_db
def test_deactivated_in_one_organization_is_nothing_there_but_still_a_member_elsewhere(world, admin_client):
    Membership.objects.create(user=world.on_team, organization=world.south, role="viewer")
    services.member_deactivate(actor=world.admin, membership=_membership(world.on_team, world.north))
    world.on_team.refresh_from_db()
    assert world.on_team.is_active  # the other organization's admins decide there
    assert not cases_visible_to(world.on_team).filter(pk=world.case.pk).exists()
    assert access.role_in(world.on_team, world.north) is None
    assert access.role_in(world.on_team, world.south) == "viewer"


# --- passwords ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_signed_in_member_changes_their_password(world):
    client = Client()
    client.force_login(world.on_team)
    assert "Change password" in client.get("/").content.decode()
    wrong = client.post(
        "/account/password/",
        {"old_password": "not-it", "new_password1": STRONG, "new_password2": STRONG},
    )
    assert wrong.status_code == 200 and "incorrect" in wrong.content.decode()
    response = client.post(
        "/account/password/",
        {"old_password": "correct-horse-9", "new_password1": STRONG, "new_password2": STRONG},
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # this session stays signed in
    assert Client().login(username="n_attorney", password=STRONG)
    row = AuditEntry.objects.filter(object_type="auth.User", action="update").first()
    assert row.username == "n_attorney" and row.changes == {"password": "changed", "via": "changed while signed in"}
    assert STRONG not in str(list(AuditEntry.objects.values_list("changes", flat=True)))


@pytest.mark.django_db
def test_password_reset_gives_the_same_answer_for_an_unknown_address_and_works_by_link(world):
    world.on_team.email = "attorney@example.org"
    world.on_team.save()
    login_page = Client().get("/login/").content.decode()
    assert 'href="/account/password-reset/"' in login_page and "Forgot your password?" in login_page

    known = Client().post("/account/password-reset/", {"email": "attorney@example.org"}, follow=True)
    unknown = Client().post("/account/password-reset/", {"email": "nobody@example.org"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [("/account/password-reset/sent/", 302)]
    def strip(response):  # the CSRF token differs between any two pages
        return re.sub(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())

    assert strip(known) == strip(unknown)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["attorney@example.org"]
    assert AuditEntry.objects.filter(organization=world.north, object_repr__contains="password reset").count() == 1

    link = re.search(r"http://testserver(/account/password-reset/[^\s]+/)", mail.outbox[0].body).group(1)
    client = Client()
    form = client.get(link, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": STRONG, "new_password2": STRONG})
    assert done["Location"] == "/account/password-reset/done/"
    assert Client().login(username="n_attorney", password=STRONG)
    assert not Client().login(username="n_attorney", password="correct-horse-9")
    again = Client().get(link, follow=True)
    assert "does not work any more" in again.content.decode()


@pytest.mark.django_db
def test_a_deactivated_member_gets_no_reset_link(world, admin_client):
    world.on_team.email = "attorney@example.org"
    world.on_team.save()
    services.member_deactivate(actor=world.admin, membership=_membership(world.on_team, world.north))
    Client().post("/account/password-reset/", {"email": "attorney@example.org"})
    assert not mail.outbox


@pytest.mark.django_db
def test_an_account_of_the_identity_provider_has_no_password_to_change(world):
    world.on_team.set_unusable_password()
    world.on_team.save()
    client = Client()
    client.force_login(world.on_team)
    assert "Change password" not in client.get("/").content.decode()
    page = client.get("/account/password/").content.decode()
    assert "identity provider" in page and "old_password" not in page
