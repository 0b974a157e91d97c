"""createorg, adduser, token."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management.base import CommandError


@pytest.mark.django_db
def test_createorg(run: Any) -> None:
    from innocence.core.models import AuditEntry, Organization

    out = run(
        "createorg", "Harbor Innocence Project (test)", "--slug", "harbor", "--prefix", "hip", "--require-2fa"
    )
    org = Organization.objects.get(slug="harbor")
    assert org.case_prefix == "HIP" and org.require_two_factor
    assert "harbor" in out
    entry = AuditEntry.objects.get(action="create", object_type="core.Organization")
    assert entry.channel == "cli" and entry.organization == org
    with pytest.raises(CommandError, match="slug 'harbor' already exists"):
        run("createorg", "Another", "--slug", "harbor", "--prefix", "AN")
    with pytest.raises(CommandError, match="case prefix"):
        run("createorg", "Third", "--slug", "third", "--prefix", "3-x")
    assert Organization.objects.count() == 1


@pytest.mark.django_db
def test_adduser_generated_password_is_printed_once_and_works(run: Any, make_org: Any) -> None:
    from django.contrib.auth import get_user_model

    from innocence.core.models import Membership

    make_org("harbor")
    out = run("adduser", "jdoe", "--org", "harbor", "--role", "attorney", "--email", "jdoe@example.invalid")
    password = out.split("Password (shown once, write it down): ")[1].strip()
    user = get_user_model().objects.get(username="jdoe")
    assert user.check_password(password) and user.email == "jdoe@example.invalid"
    assert Membership.objects.get(user=user).role == "attorney"
    with pytest.raises(CommandError, match="already a member"):
        run("adduser", "jdoe", "--org", "harbor", "--role", "viewer")


@pytest.mark.django_db
def test_adduser_password_from_stdin(run: Any, make_org: Any) -> None:
    from django.contrib.auth import get_user_model

    make_org("harbor")
    out = run(
        "adduser",
        "kim",
        "--org",
        "harbor",
        "--role",
        "viewer",
        "--password-stdin",
        stdin=io.StringIO("a-long-passphrase-for-kim\n"),
    )
    assert "Password" not in out
    assert get_user_model().objects.get(username="kim").check_password("a-long-passphrase-for-kim")


@pytest.mark.django_db
def test_adduser_refusals(run: Any, make_org: Any) -> None:
    from django.contrib.auth import get_user_model

    make_org("harbor")
    with pytest.raises(CommandError, match="No organization with slug 'nowhere'"):
        run("adduser", "x", "--org", "nowhere", "--role", "viewer")
    with pytest.raises(CommandError, match="password"):
        run(
            "adduser",
            "x",
            "--org",
            "harbor",
            "--role",
            "viewer",
            "--password-stdin",
            stdin=io.StringIO("short\n"),
        )
    with pytest.raises(CommandError, match="email: 'not-an-email' is not a valid email"):
        run("adduser", "y", "--org", "harbor", "--role", "viewer", "--email", "not-an-email")
    assert not get_user_model().objects.filter(username__in=["x", "y"]).exists()


@pytest.mark.django_db
def test_token_lifecycle_against_the_api(run: Any, world: Any, client: Any) -> None:
    from innocence.core.models import AuditEntry

    out = run("token", "create", "--user", "n_attorney", "--name", "nightly report")
    key = out.strip().splitlines()[2]
    assert key.startswith("inf_")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    assert client.get("/api/cases", **headers).status_code == 200
    listing = json.loads(run("token", "list", "--json"))
    assert listing[0]["user"] == "n_attorney" and listing[0]["name"] == "nightly report"
    assert listing[0]["last_used_at"] is not None and listing[0]["revoked_at"] is None
    assert set(listing[0]) == {"id", "user", "name", "prefix", "created_at", "last_used_at", "revoked_at"}
    assert key not in run("token", "list") and key not in json.dumps(listing)
    assert json.loads(run("token", "list", "--user", "n_admin", "--json")) == []
    assert "revoked" in run("token", "revoke", str(listing[0]["id"]))
    assert client.get("/api/cases", **headers).status_code == 401
    assert "already revoked" in run("token", "revoke", str(listing[0]["id"]))
    actions = list(AuditEntry.objects.filter(object_type="core.ApiToken").values_list("action", "channel"))
    assert sorted(actions) == [("create", "cli"), ("delete", "cli")]
    with pytest.raises(CommandError, match="No token with id 999"):
        run("token", "revoke", "999")
    with pytest.raises(CommandError, match="No user named 'ghost'"):
        run("token", "create", "--user", "ghost", "--name", "x")
