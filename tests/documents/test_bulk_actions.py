"""Bulk actions on a case's documents list: set provenance, set type, assign to a production,
delete. Each document changes through the services (one audit row each), the access rule
holds (a viewer cannot, someone off the case gets 404), an id the user may not see changes
nothing, and a deletion keeps the originals. Fictional files."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import make_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def three(world: Any, add: Any) -> list[Any]:
    return [add(f"fictional_{n}.pdf", make_pdf([f"Fictional page {n} of the Brumley file."])).document for n in (1, 2, 3)]


def _bulk(client: Any, world: Any, data: dict[str, Any]) -> Any:
    return client.post(f"/documents/case/{world.case.reference}/bulk/", data)


def _audit_updates(ids: list[int]) -> int:
    from innocence.core.models import AuditAction, AuditEntry

    return AuditEntry.objects.filter(
        action=AuditAction.UPDATE, object_type="documents.Document", object_id__in=[str(i) for i in ids]
    ).count()


def test_set_provenance_and_type_on_several(client: Any, world: Any, three: list[Any]) -> None:
    from innocence.documents.models import Document

    client.force_login(world.on_team)
    chosen = [three[0].pk, three[2].pk]
    response = _bulk(client, world, {"action": "provenance", "provenance": "Court file", "documents": chosen})
    assert response.status_code == 302
    response = _bulk(client, world, {"action": "doc_type", "doc_type": "transcript", "documents": chosen})
    values = {d.pk: (d.provenance, d.doc_type) for d in Document.objects.all()}
    assert values == {
        three[0].pk: ("court_file", "transcript"),
        three[1].pk: ("", "other"),
        three[2].pk: ("court_file", "transcript"),
    }
    assert _audit_updates(chosen) == 4 and _audit_updates([three[1].pk]) == 0
    page = client.get(f"/cases/{world.case.reference}/documents/").content.decode()
    assert 'id="doc-bulk"' in page and f'name="documents" value="{three[0].pk}"' in page


def test_viewer_cannot_and_sees_no_checkboxes(client: Any, world: Any, three: list[Any]) -> None:
    from innocence.documents.models import Document

    client.force_login(world.viewer)
    ids = [d.pk for d in three]
    assert _bulk(client, world, {"action": "provenance", "provenance": "court_file", "documents": ids}).status_code == 403
    assert _bulk(client, world, {"action": "delete", "reason": "x", "confirm": "yes", "documents": ids}).status_code == 403
    page = client.get(f"/cases/{world.case.reference}/documents/").content.decode()
    assert 'id="doc-bulk"' not in page and 'name="documents"' not in page
    assert Document.objects.count() == 3 and not Document.objects.exclude(provenance="").exists()
    client.force_login(world.off_team)
    assert _bulk(client, world, {"action": "provenance", "provenance": "court_file", "documents": ids}).status_code == 404


def test_an_id_from_elsewhere_changes_nothing(client: Any, world: Any, three: list[Any], add: Any) -> None:
    from innocence.cases import services as case_services
    from innocence.documents.models import Document

    elsewhere = case_services.case_create(actor=world.admin, organization=world.north, title="State v. Hidden")
    hidden = add("hidden.pdf", make_pdf(["Fictional hidden page."]), case=elsewhere, actor=world.admin).document
    client.force_login(world.on_team)
    for extra in (hidden.pk, 999_999, "x"):
        response = _bulk(client, world, {"action": "doc_type", "doc_type": "photo", "documents": [three[0].pk, extra]})
        assert response.status_code == 404
    assert not Document.objects.filter(doc_type="photo").exists()


def test_bulk_delete_keeps_originals_and_audits_each(client: Any, world: Any, three: list[Any]) -> None:
    from innocence.core.models import AuditAction, AuditEntry
    from innocence.documents import storage
    from innocence.documents.models import Document, StoredFile

    client.force_login(world.on_team)
    ids = [three[0].pk, three[1].pk]
    _bulk(client, world, {"action": "delete", "reason": "", "confirm": "yes", "documents": ids})
    _bulk(client, world, {"action": "delete", "reason": "wrong case", "documents": ids})
    assert Document.objects.count() == 3  # no reason, then no confirmation: nothing deleted
    _bulk(client, world, {"action": "delete", "reason": "filed on the wrong case", "confirm": "yes", "documents": ids})
    assert list(Document.objects.values_list("pk", flat=True)) == [three[2].pk]
    rows = AuditEntry.objects.filter(action=AuditAction.DELETE, object_type="documents.Document")
    assert sorted(int(r.object_id) for r in rows) == sorted(ids)
    assert all(r.changes["reason"] == "filed on the wrong case" and r.changes["original_kept"] for r in rows)
    assert StoredFile.objects.count() == 3
    assert all(storage.exists(f.storage_path) for f in StoredFile.objects.all())


def test_assign_selected_to_a_production(client: Any, world: Any, three: list[Any]) -> None:
    from innocence.prosecution import services as prosecution_services
    from innocence.prosecution.models import ProductionItem

    production = prosecution_services.production_save(
        actor=world.on_team, case=world.case,
        values={"title": "Fictional discovery response", "kind": "discovery", "producer": "prosecutor", "recipient": "defense"},
    )
    client.force_login(world.on_team)
    page = client.get(f"/cases/{world.case.reference}/documents/").content.decode()
    assert "Fictional discovery response" in page and "Assign to production" in page
    url = f"/prosecution/cases/{world.case.reference}/productions/assign-selected/"
    response = client.post(url, {"production": production.pk, "documents": [three[0].pk, three[1].pk]})
    assert response.status_code == 302 and response["Location"].endswith("/documents/")
    assert sorted(ProductionItem.objects.values_list("document_id", flat=True)) == [three[0].pk, three[1].pk]
    client.force_login(world.viewer)
    assert client.post(url, {"production": production.pk, "documents": [three[2].pk]}).status_code == 403
    assert ProductionItem.objects.count() == 2


def test_process_again_the_selected_and_every_failed_document(
    client: Any, world: Any, three: list[Any], add: Any, drain: Any
) -> None:
    """Process again from the list: the ticked documents, or with one button every document
    of the case that failed or has a consumer's error (the notice says how many); each is
    audited as its own Process again button is; a viewer sees neither and cannot post."""
    from innocence.documents.models import Document

    broken = add("broken.pdf", b"%PDF-1.4\n" + b"\x00not a readable fictional PDF\x00" * 20).document
    drain()
    broken.refresh_from_db()
    assert broken.status == "failed"
    Document.objects.filter(pk=three[1].pk).update(consumer_errors={"people.extract:1": "offline (fictional)"})

    client.force_login(world.viewer)
    page = client.get(f"/cases/{world.case.reference}/documents/").content.decode()
    assert 'id="doc-failed"' not in page
    assert _bulk(client, world, {"action": "reprocess_failed"}).status_code == 403

    client.force_login(world.on_team)
    page = client.get(f"/cases/{world.case.reference}/documents/").content.decode()
    assert 'id="doc-failed"' in page and "2 documents of this case failed or have an error" in page
    before = _audit_updates([broken.pk, three[1].pk])
    response = _bulk(client, world, {"action": "reprocess_failed"})
    assert response.status_code == 302
    statuses = dict(Document.objects.values_list("pk", "status"))
    assert statuses[broken.pk] == statuses[three[1].pk] == "queued"
    assert statuses[three[0].pk] == statuses[three[2].pk] == "done"  # the others are left alone
    assert _audit_updates([broken.pk, three[1].pk]) == before + 2
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["2 document(s) queued to be processed again."]

    drain()
    response = _bulk(client, world, {"action": "reprocess", "documents": [three[0].pk]})
    assert response.status_code == 302
    assert Document.objects.get(pk=three[0].pk).status == "queued"
    assert Document.objects.get(pk=three[2].pk).status == "done"
