"""Deleting a document: who may, what goes with it (children, pages, search hits), what
stays (the original), and the audit entry with the reason."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innocence.core.models import ApiToken, AuditEntry
from innocence.documents.models import Document, Page, StoredFile

from .conftest import make_eml, make_pdf

pytestmark = pytest.mark.django_db

LETTER = "Fictional cover letter about the Quorvane canvass."
ATTACHMENT = "Fictional canvass report: neighbour Ilsabet Nowhere heard nothing."


@pytest.fixture(autouse=True)
def _search_consumer(settings: Any) -> None:
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = ["search.index"]


@pytest.fixture
def email(add: Any, drain: Any) -> Document:
    """An e-mail on the world's case with a PDF attachment (a child document)."""
    document = add(
        "canvass.eml", make_eml("Canvass", LETTER, {"canvass.pdf": make_pdf([ATTACHMENT])})
    ).document
    drain()
    document.refresh_from_db()
    assert document.children.count() == 1
    return document


@pytest.fixture
def student(world: Any, make_user: Any) -> Any:
    from innocence.cases import services

    user = make_user("n_student", world.north, "student")
    services.team_add(actor=world.admin, case=world.case, user=user)
    return user


def _hits(user: Any, query: str) -> list[int]:
    from innocence.search.selectors import search_pages

    return sorted(h.document_id for h in search_pages(user, query, record_audit=False).hits)


def test_deleting_an_email_takes_its_attachment_and_search_hits(
    world: Any, email: Document, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    from innocence.documents import services, storage

    child = email.children.get()
    assert _hits(world.on_team, "Quorvane") == [email.pk]
    assert _hits(world.on_team, "Ilsabet") == [child.pk]
    originals = {d.stored_file.storage_path for d in (email, child)}

    with django_capture_on_commit_callbacks(execute=True):
        result = services.document_delete(actor=world.on_team, document=email, reason="Sent to us by mistake")
    assert sorted(result.document_ids) == sorted([email.pk, child.pk])
    assert not Document.objects.filter(pk__in=result.document_ids).exists()
    assert not Page.objects.filter(document_id__in=result.document_ids).exists()
    assert _hits(world.on_team, "Quorvane") == [] and _hits(world.admin, "Ilsabet") == []

    # Originals are never destroyed: the rows and the bytes stay.
    assert StoredFile.objects.filter(storage_path__in=originals).count() == 2
    assert all(storage.exists(path) for path in originals)

    entry = AuditEntry.objects.get(action="delete", object_id=str(email.pk))
    assert entry.changes["reason"] == "Sent to us by mistake"
    assert entry.changes["with_children"] == [child.pk] and entry.changes["original_kept"] is True
    assert entry.case_reference == world.case.reference and entry.username == "n_attorney"
    assert (
        AuditEntry.objects.get(action="delete", object_id=str(child.pk)).changes["deleted_with"] == email.pk
    )


def test_a_shared_original_stays_linked_by_the_other_document(
    world: Any, add: Any, drain: Any, make_user: Any
) -> None:
    from innocence.cases import services as case_services
    from innocence.documents import services

    pdf = make_pdf(["Fictional shared exhibit."])
    other_case = case_services.case_create(
        actor=world.admin, organization=world.north, title="State v. Other"
    )
    first = add("exhibit.pdf", pdf).document
    second = add("exhibit.pdf", pdf, case=other_case, actor=world.admin).document
    assert first.stored_file_id == second.stored_file_id
    services.document_delete(actor=world.admin, document=first, reason="Filed on the wrong case")
    second.refresh_from_db()
    assert second.stored_file.sha256 == first.stored_file.sha256
    entry = AuditEntry.objects.get(action="delete", object_id=str(first.pk))
    assert entry.changes["original_still_linked_by"] == 1


def test_who_may_delete(world: Any, email: Document, student: Any) -> None:
    from innocence.documents import services

    for user in (world.viewer, student):
        with pytest.raises(PermissionDenied):
            services.document_delete(actor=user, document=email, reason="no")
    for user in (world.off_team, world.walled_admin, world.outsider):
        assert not services.can_delete_document(user, email)
    with pytest.raises(ValidationError, match="reason"):
        services.document_delete(actor=world.admin, document=email, reason="   ")
    assert Document.objects.filter(pk=email.pk).exists()
    assert not AuditEntry.objects.filter(action="delete").exists()
    assert services.can_delete_document(world.admin, email) and services.can_delete_document(
        world.on_team, email
    )


def test_web_delete_with_confirm_step(client: Any, world: Any, email: Document, student: Any) -> None:
    url = f"/documents/{email.pk}/delete/"
    for user, status in (
        (world.off_team, 404),
        (world.walled_admin, 404),
        (world.outsider, 404),
        (world.viewer, 403),
        (student, 403),
    ):
        client.force_login(user)
        assert client.post(url, {"reason": "x", "confirm": "yes"}).status_code == status, user
    client.force_login(world.viewer)
    assert b"Delete this document" not in client.get(f"/documents/{email.pk}/").content

    client.force_login(world.on_team)
    page = client.get(f"/documents/{email.pk}/")
    assert b"Delete this document" in page.content and f'action="{url}"'.encode() in page.content
    assert client.get(url).status_code == 405  # POST only
    response = client.post(url, {"reason": "Duplicate of another scan"}, follow=True)  # box not ticked
    assert b"Tick the box" in response.content and Document.objects.filter(pk=email.pk).exists()
    response = client.post(url, {"reason": "", "confirm": "yes"}, follow=True)
    assert b"Nothing was deleted" in response.content and Document.objects.filter(pk=email.pk).exists()

    response = client.post(url, {"reason": "Duplicate of another scan", "confirm": "yes"})
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{world.case.reference}/documents/"
    assert not Document.objects.filter(pk=email.pk).exists()
    assert client.get(f"/documents/{email.pk}/").status_code == 404
    entry = AuditEntry.objects.get(action="delete", object_id=str(email.pk))
    assert entry.changes["reason"] == "Duplicate of another scan" and entry.channel == "web"


def test_api_delete(client: Any, world: Any, email: Document, student: Any) -> None:
    def delete(user: Any, query: str = "?reason=Wrong%20case") -> Any:
        _, key = ApiToken.issue(user=user, name="test")
        return client.delete(f"/api/documents/{email.pk}{query}", HTTP_AUTHORIZATION=f"Bearer {key}")

    for user, status in (
        (world.off_team, 404),
        (world.outsider, 404),
        (world.walled_admin, 404),
        (world.viewer, 403),
        (student, 403),
    ):
        assert delete(user).status_code == status
    assert delete(world.on_team, "").status_code == 422
    assert Document.objects.filter(pk=email.pk).exists()
    assert delete(world.admin).status_code == 204
    assert not Document.objects.filter(pk=email.pk).exists()
    entry = AuditEntry.objects.get(action="delete", object_id=str(email.pk))
    assert entry.changes["reason"] == "Wrong case" and entry.channel == "api"


def test_deleted_pages_go_out_through_the_page_text_event(world: Any, email: Document) -> None:
    """documents never calls search: the deleted pages reach every consumer (the search
    index among them) through the one page-text-changed event."""
    from innocence.documents import services
    from innocence.jobs.models import Job

    page_ids = sorted(Page.objects.filter(document__in=[email, email.children.get()]).values_list("pk", flat=True))
    before = set(Job.objects.values_list("pk", flat=True))
    services.document_delete(actor=world.on_team, document=email, reason="Sent to us by mistake")
    queued = Job.objects.exclude(pk__in=before).filter(name="documents.page_text_changed")
    assert [(job.payload["consumers"], sorted(job.payload["page_ids"])) for job in queued] == [
        (["search.index"], page_ids)
    ]
