"""The first-run guide on a real organization's empty dashboard: four steps, each linking to
the page that does it, each ticked off by the records, and the guide gone when all are done.
The demo never shows it; nor does anyone who is not the organization's admin."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client

from innocence.cases.demo import load_demo


def _guide(client: Client) -> str:
    html = client.get("/").content.decode()
    found = re.search(r'<section class="card first-run".*?</section>', html, re.DOTALL)
    return found.group(0) if found else ""


@pytest.mark.django_db
def test_guide_walks_a_new_organization_through_its_first_hour(make_org: Any, make_user: Any) -> None:
    from innocence.cases import services as cases
    from innocence.documents import services as documents
    from innocence.jobs.queue import run_until_empty

    org = make_org("northside", prefix="NIP")
    admin = make_user("dana", org, "admin")
    client = Client()
    client.force_login(admin)

    guide = _guide(client)
    assert "Getting Northside" in guide
    assert 'href="/organization/#add-member"' in guide
    assert 'href="/cases/new/"' in guide
    assert "Add the case&#x27;s files</a>" not in guide  # no case yet: nothing to link to

    page = client.get("/organization/").content.decode()
    assert 'id="add-member"' in page
    answer = client.post(
        "/organization/",
        {"action": "add_member", "username": "pat", "role": "attorney", "first_name": "Pat"},
    ).content.decode()
    password = re.search(r"shown only this once: <code>([^<]+)</code>", answer)
    assert password, answer
    assert Client().login(username="pat", password=password.group(1))
    assert "✓" in _guide(client) and "<s>Invite the members" in _guide(client)

    case = cases.case_create(actor=admin, organization=org, title="State v. Doe (fictional)")
    guide = _guide(client)
    assert f'href="/cases/{case.reference}/documents/"' in guide

    documents.add_file(
        actor=admin,
        organization=org,
        case=case,
        name="statement.txt",
        stream=io.BytesIO(b"FICTIONAL statement of an invented witness."),
    )
    run_until_empty()
    guide = _guide(client)
    assert f'href="/findings/cases/{case.reference}/"' in guide

    assert client.get(f"/findings/cases/{case.reference}/").status_code == 200
    assert _guide(client) == ""  # all four done: the guide is gone


@pytest.mark.django_db
def test_guide_is_for_a_real_organizations_admins_only(make_org: Any, make_user: Any) -> None:
    org = make_org("northside", prefix="NIP")
    make_user("dana", org, "admin")
    attorney = make_user("pat", org, "attorney")
    load_demo()
    for user in (attorney, "admin", "attorney"):
        client = Client()
        if isinstance(user, str):
            from django.contrib.auth import get_user_model

            user = get_user_model().objects.get(username=user)
        client.force_login(user)
        assert _guide(client) == "", user


@pytest.mark.django_db
def test_adding_a_member_refuses_a_taken_username_and_non_admins(make_org: Any, make_user: Any) -> None:
    from innocence.core.models import Membership

    org = make_org("northside", prefix="NIP")
    admin = make_user("dana", org, "admin")
    other = make_org("southside", prefix="SS")
    make_user("olive", other, "admin")
    attorney = make_user("pat", org, "attorney")
    client = Client()
    client.force_login(admin)
    answer = client.post("/organization/", {"action": "add_member", "username": "olive", "role": "viewer"})
    assert "is taken" in answer.content.decode()
    assert not Membership.objects.filter(user__username="olive", organization=org).exists()
    org.refresh_from_db()
    assert org.require_two_factor is False  # the member form never touches the sign-in setting

    client.force_login(attorney)
    assert (
        client.post("/organization/", {"action": "add_member", "username": "x", "role": "admin"}).status_code
        == 404
    )
    assert not Membership.objects.filter(user__username="x").exists()
