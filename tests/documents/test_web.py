from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innocence.core.models import AuditEntry
from innocence.documents.models import Document, DocumentStatus, Excerpt, Page

from .conftest import make_pdf

pytestmark = pytest.mark.django_db

TEXT = "Fictional transcript. Q. Did Det. Raymond Kessler show you a photo array? A. Yes, six photos."


def _login(client: Any, user: Any) -> None:
    client.force_login(user)


def test_upload_many_files_then_watch_and_view(client: Any, world: Any, drain: Any) -> None:
    _login(client, world.on_team)
    files = [
        SimpleUploadedFile(
            "transcript.pdf", make_pdf([TEXT, "Second page of the fictional transcript text."])
        ),
        SimpleUploadedFile("notes.txt", b"Investigator notes (fictional): call the clerk again next week."),
        SimpleUploadedFile("empty.pdf", b""),
    ]
    response = client.post(f"/documents/case/{world.case.reference}/upload/", {"files": files})
    assert response.status_code == 302
    assert "batch=" in response["Location"]
    tab = client.get(response["Location"])
    assert tab.status_code == 200
    assert b"every 2s" in tab.content  # polling while queued
    drain()
    batch_id = response["Location"].split("batch=")[1]
    status = client.get(f"/documents/case/{world.case.reference}/status/?batch={batch_id}")
    assert b"every 2s" not in status.content
    assert b"The file is empty" in status.content
    assert b"3 file(s)" in status.content

    document = Document.objects.get(title="transcript")
    assert document.status == DocumentStatus.DONE
    viewer = client.get(f"/documents/{document.pk}/view/?page=2&q=Kessler")
    assert viewer.status_code == 200
    assert b"Page 2 text" in viewer.content
    assert b"is on 1 page(s)" in viewer.content
    viewer = client.get(f"/documents/{document.pk}/view/?page=1&q=Kessler")
    assert b"<mark>Kessler</mark>" in viewer.content
    assert AuditEntry.objects.filter(action="view", object_id=str(document.pk)).exists()
    image = client.get(f"/documents/{document.pk}/pages/1/image.png")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG")


def test_people_off_the_case_get_404_everywhere(client: Any, world: Any, add: Any, drain: Any) -> None:
    document = add("secret.pdf", make_pdf([TEXT])).document
    drain()
    urls = [
        f"/documents/{document.pk}/",
        f"/documents/{document.pk}/view/?page=1",
        f"/documents/{document.pk}/pages/1/image.png",
        f"/documents/{document.pk}/original/",
        f"/documents/{document.pk}/status/",
        f"/documents/case/{world.case.reference}/status/",
    ]
    for user in (world.off_team, world.walled_admin, world.outsider):
        _login(client, user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(f"/documents/{document.pk}/pages/1/correct/", {"text": "x"}).status_code == 404
    _login(client, world.viewer)
    assert client.get(f"/documents/{document.pk}/view/?page=1").status_code == 200
    assert client.post(f"/documents/{document.pk}/pages/1/correct/", {"text": "x"}).status_code == 403


def test_edit_record_correct_page_and_save_excerpt(client: Any, world: Any, add: Any, drain: Any) -> None:
    document = add("t.pdf", make_pdf([TEXT])).document
    drain()
    _login(client, world.on_team)
    response = client.post(
        f"/documents/{document.pk}/",
        {
            "title": "Trial transcript, day 2",
            "doc_type": "transcript",
            "doc_date": "1995-03-14",
            "provenance": "court_file",
            "bates_start": "HALE-000101",
            "bates_end": "HALE-000102",
            "privileged": "",
            "tags_text": "identification, kessler",
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == "Trial transcript, day 2" and document.tags == ["identification", "kessler"]
    assert str(document.doc_date) == "1995-03-14" and document.provenance == "court_file"

    page = Page.objects.get(document=document, number=1)
    start = page.text.index("Det. Raymond Kessler")
    quote = "Det. Raymond Kessler"
    client.post(
        f"/documents/{document.pk}/pages/1/excerpts/",
        {
            "quote": quote,
            "start": start,
            "end": start + len(quote),
            "note": "who ran the array",
            "tags": "mwid",
        },
    )
    excerpt = Excerpt.objects.get()
    assert (excerpt.document_id, excerpt.page_id, excerpt.quote) == (document.pk, page.pk, quote)
    assert (excerpt.start_offset, excerpt.end_offset, excerpt.tags) == (start, start + len(quote), ["mwid"])

    client.post(f"/documents/{document.pk}/pages/1/correct/", {"text": "Corrected text of the page."})
    page.refresh_from_db()
    assert page.text_source == "corrected" and page.text_version == 2
    viewer = client.get(f"/documents/{document.pk}/view/?page=1")
    assert b"Corrected by hand" in viewer.content


def test_force_ocr_button_requeues(client: Any, world: Any, add: Any, drain: Any) -> None:
    from innocence.jobs.models import Job

    document = add("t.pdf", make_pdf([TEXT])).document
    drain()
    _login(client, world.on_team)
    client.post(f"/documents/{document.pk}/reprocess/", {"force_ocr": "1"})
    document.refresh_from_db()
    assert document.force_ocr and document.status == DocumentStatus.QUEUED
    assert Job.objects.filter(name="documents.process", status="queued").exists()
