"""The invariant of the joint workspace, walked over every route: the partner organization
(the fictional Parish CIU, in the demo a partner on LIC-DEMO-001 with two documents and one
finding shared) reaches no route of the host's case (404), finds nothing of it through
lists, search, the API or exports, and sees in the workspace exactly what was shared."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils.html import escape

from tests.route_table import API, CASE, WEB, api_path, web_path

PARTNER = "ciu_attorney"


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _secrets(estate: Any) -> list[bytes]:
    """What the partner must never read: the case's reference and title, its applicant, the
    titles of its documents that were not shared."""
    from innocence.documents.models import Document
    from innocence.partners.models import Share

    shared = set(
        Share.objects.filter(
            partnership__host_case=estate.case, kind="document", withdrawn_at__isnull=True
        ).values_list("object_id", flat=True)
    )
    unshared = (
        Document.objects.filter(case=estate.case).exclude(pk__in=shared).values_list("title", flat=True)
    )
    return [
        CASE.encode(),
        estate.case.title.encode(),
        estate.case.applicant.full_name.encode(),
        *[t.encode() for t in unshared if len(t) > 6],
    ]


def _partner(estate: Any) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=PARTNER)


NOT_PARTNERS = [r for r in WEB if not r.key.startswith("partners:") and r.scope != "public"]


@pytest.mark.django_db
@pytest.mark.parametrize("route", NOT_PARTNERS, ids=[r.key for r in NOT_PARTNERS])
def test_partner_reaches_nothing_of_the_case_by_url(client, estate, route):
    from innocence.core.models import AuditAction, AuditEntry

    writes = AuditEntry.objects.filter(
        action__in=[AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
    ).count()
    client.force_login(_partner(estate))
    url = web_path(route, estate)
    response = client.post(url, route.data(estate) or {}) if route.method == "POST" else client.get(url)
    body = _body(response)
    if route.scope == "case":
        assert response.status_code == 404, (route.key, response.status_code)
    for secret in _secrets(estate):
        assert secret not in body, (route.key, secret)
    if route.scope == "case":
        changed = AuditEntry.objects.filter(
            action__in=[AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE]
        )
        assert changed.count() == writes, route.key


NOT_PARTNER_API = [
    r for r in API if not r.key.startswith(("GET /api/partners", "GET /api/matching", "POST /api/matching"))
]


@pytest.mark.django_db
@pytest.mark.parametrize("route", NOT_PARTNER_API, ids=[r.key for r in NOT_PARTNER_API])
def test_partner_reaches_nothing_of_the_case_by_api(client, estate, route):
    import json

    from innocence.core.models import ApiToken

    token = ApiToken.issue(user=_partner(estate), name="partner walk")[1]
    method = route.key.split(" ", 1)[0].lower()
    payload = route.data(estate)
    kwargs: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    if isinstance(payload, dict) and "__files__" in payload:
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile(payload["__files__"], b"A fictional page of text.\n", "text/plain")
        response = client.post(api_path(route, estate), {"files": [upload]}, **kwargs)
    else:
        if payload is not None:
            kwargs.update(data=json.dumps(payload), content_type="application/json")
        response = getattr(client, method)(api_path(route, estate), **kwargs)
    if route.scope == "case":
        assert response.status_code == 404, (route.key, response.status_code)
    for secret in _secrets(estate):
        assert secret not in _body(response), (route.key, secret)


@pytest.mark.django_db
def test_partner_sees_exactly_what_was_shared(client, estate):
    from innocence.partners.models import Partnership, Share

    partnership = Partnership.objects.get(host_case=estate.case)
    shares = list(Share.objects.filter(partnership=partnership))
    assert sorted(s.kind for s in shares) == ["document", "document", "finding"]
    client.force_login(_partner(estate))
    page = client.get(f"/partners/{partnership.pk}/")
    assert page.status_code == 200
    for share in shares:
        assert escape(share.label).encode() in page.content
        assert client.get(f"/partners/{partnership.pk}/shared/{share.pk}/").status_code == 200
    # the case's reference and its unshared documents' titles (the shared ones may name
    # the case themselves: that is what was shared)
    labels = " ".join(s.label for s in shares).encode()
    for secret in _secrets(estate):
        if secret not in labels and secret != estate.case.title.encode():
            assert secret not in page.content, secret
    # the partner's list names the workspace but not the case
    listing = client.get("/partners/")
    assert f"/partners/{partnership.pk}/".encode() in listing.content
    assert CASE.encode() not in listing.content
    # a document page range: only those pages
    document = next(s for s in shares if s.kind == "document")
    assert b"Page 1" in client.get(f"/partners/{partnership.pk}/shared/{document.pk}/").content


@pytest.mark.django_db
def test_an_item_not_shared_is_404_to_the_partner_even_by_a_forged_share(client, estate):
    from innocence.documents.models import Document
    from innocence.partners import services
    from innocence.partners.models import Partnership, Share

    partnership = Partnership.objects.get(host_case=estate.case)
    shared = Share.objects.filter(partnership=partnership, kind="document").values_list(
        "object_id", flat=True
    )
    hidden = Document.objects.filter(case=estate.case).exclude(pk__in=shared).first()
    client.force_login(_partner(estate))
    # the partner cannot share the host's items in the host's name or its own
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.share_add(
            actor=_partner(estate),
            partnership=partnership,
            side="partner",
            kind="document",
            object_id=hidden.pk,
        )
    response = client.post(f"/partners/{partnership.pk}/share/", {"kind": "document", "object_id": hidden.pk})
    assert response.status_code == 302
    assert not Share.objects.filter(partnership=partnership, object_id=hidden.pk, kind="document").exists()
    # share ids that are not live are the same 404 as ids that never existed
    for pk in (999999, 0):
        assert client.get(f"/partners/{partnership.pk}/shared/{pk}/").status_code == 404


@pytest.mark.django_db
def test_withdrawn_share_from_an_old_link_is_404_and_audited(client, estate):
    from innocence.core.models import AuditEntry
    from innocence.partners import services
    from innocence.partners.models import Partnership, Share

    partnership = Partnership.objects.get(host_case=estate.case)
    share = Share.objects.filter(partnership=partnership, kind="document").first()
    url = f"/partners/{partnership.pk}/shared/{share.pk}/"
    client.force_login(_partner(estate))
    assert client.get(url).status_code == 200
    services.share_withdraw(actor=estate.users["attorney"], partnership=partnership, side="host", share=share)
    denied = AuditEntry.objects.filter(action="access_denied").count()
    response = client.get(url)
    assert response.status_code == 404
    assert share.label.encode() not in response.content
    assert AuditEntry.objects.filter(action="access_denied").count() == denied + 1
    log = client.get(f"/partners/{partnership.pk}/").content.decode()
    assert "withdrew" in log and "viewed" in log


@pytest.mark.django_db
def test_ending_the_partnership_removes_access_at_once(client, estate):
    from innocence.partners import services
    from innocence.partners.models import Partnership

    partnership = Partnership.objects.get(host_case=estate.case)
    client.force_login(_partner(estate))
    assert client.get(f"/partners/{partnership.pk}/").status_code == 200
    services.partnership_end(
        actor=estate.users["admin"], partnership=partnership, side="host", reason="fictional"
    )
    for path in ("", "log.csv", f"shared/{partnership.shares.first().pk}/"):
        assert client.get(f"/partners/{partnership.pk}/{path}").status_code == 404, path
    assert f"/partners/{partnership.pk}/".encode() not in client.get("/partners/").content
    client.force_login(estate.users["attorney"])
    assert b"ended the partnership" in client.get(f"/partners/{partnership.pk}/").content


@pytest.mark.django_db
def test_each_sides_own_notes_stay_its_own(client, estate):
    from innocence.partners import services
    from innocence.partners.models import Partnership

    partnership = Partnership.objects.get(host_case=estate.case)
    services.note_add(
        actor=estate.users["attorney"],
        partnership=partnership,
        side="host",
        body="Privileged: our theory (fictional)",
        for_partner=False,
    )
    services.note_add(
        actor=_partner(estate),
        partnership=partnership,
        side="partner",
        body="CIU internal: check the lab (fictional)",
        for_partner=False,
    )
    client.force_login(_partner(estate))
    page = client.get(f"/partners/{partnership.pk}/").content
    assert b"Privileged: our theory" not in page and b"CIU internal" in page
    assert b"Our office will pull the original lab bench notes" in page  # the note for Lakeside
    client.force_login(estate.users["attorney"])
    page = client.get(f"/partners/{partnership.pk}/").content
    assert b"Privileged: our theory" in page and b"CIU internal" not in page
    assert b"Our office will pull the original lab bench notes" in page


@pytest.mark.django_db
def test_partner_members_outside_the_team_see_nothing(client, estate, make_user):
    from innocence.partners.models import Partnership

    partnership = Partnership.objects.get(host_case=estate.case)
    stranger = make_user("ciu_other", partnership.partner_organization, "attorney")
    client.force_login(stranger)
    assert client.get(f"/partners/{partnership.pk}/").status_code == 404
    assert f"/partners/{partnership.pk}/".encode() not in client.get("/partners/").content
