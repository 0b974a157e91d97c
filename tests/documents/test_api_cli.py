from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from innocence.core.models import ApiToken
from innocence.documents.models import Document, DocumentStatus

from .conftest import make_pdf

pytestmark = pytest.mark.django_db

TEXT = "Fictional lab report. Analyst: Dr. Helen Prater. Item 1 is consistent with the known sample."


def test_api_upload_list_detail_pages_and_access(client: Any, world: Any, drain: Any) -> None:
    _, key = ApiToken.issue(user=world.on_team, name="test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/api/cases/{world.case.reference}/documents",
        {"files": [SimpleUploadedFile("lab.pdf", make_pdf([TEXT]))], "provenance": "prosecutor_file"},
        **auth,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    document_id = body["files"][0]["document"]
    drain()
    listing = client.get(f"/api/cases/{world.case.reference}/documents", **auth).json()
    assert listing["items"][0]["status"] == "done" and listing["items"][0]["provenance"] == "prosecutor_file"
    detail = client.get(f"/api/documents/{document_id}", **auth).json()
    assert detail["page_count"] == 1 and detail["doc_type"] == "lab_report"
    pages = client.get(f"/api/documents/{document_id}/pages", **auth).json()
    assert "Helen Prater" in pages["items"][0]["text"]
    patched = client.patch(
        f"/api/documents/{document_id}",
        data=json.dumps({"bates_start": "ODUM-1", "tags": ["hair"]}),
        content_type="application/json",
        **auth,
    ).json()
    assert patched["bates_start"] == "ODUM-1" and patched["tags"] == ["hair"]
    batch = client.get(f"/api/document-batches/{body['batch']}", **auth).json()
    assert batch["total"] == 1 and batch["counts"]["done"] == 1

    _, other_key = ApiToken.issue(user=world.off_team, name="other")
    other = {"HTTP_AUTHORIZATION": f"Bearer {other_key}"}
    assert client.get(f"/api/documents/{document_id}", **other).status_code == 404
    assert client.get(f"/api/documents/{document_id}/pages", **other).status_code == 404
    assert client.get(f"/api/cases/{world.case.reference}/documents", **other).status_code == 404


def test_cli_ingest_wait_and_documents_json(world: Any, tmp_path: Path) -> None:
    folder = tmp_path / "box"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(make_pdf([TEXT, TEXT + " (page two)"]))
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 not a real pdf")
    out = StringIO()
    call_command(
        "ingest",
        str(folder),
        case=world.case.reference,
        as_user="n_attorney",
        wait=True,
        json=True,
        stdout=out,
    )
    result = json.loads(out.getvalue())
    statuses = {Path(row["file"]).name: row["status"] for row in result["files"]}
    assert statuses == {"a.pdf": "done", "broken.pdf": "failed"}
    out = StringIO()
    call_command("documents", case=world.case.reference, as_user="n_attorney", json=True, stdout=out)
    rows = json.loads(out.getvalue())["documents"]
    assert {r["title"]: r["pages"] for r in rows} == {"a": 2, "broken": 0}
    assert Document.objects.filter(status=DocumentStatus.DONE).count() == 1
    with pytest.raises(CommandError, match="No case"):
        call_command("documents", case=world.case.reference, as_user="n_other", stdout=StringIO())


def test_cli_ingest_refuses_a_viewer_before_storing_anything(world: Any, tmp_path: Path) -> None:
    """The right to add documents is decided once for the command, before any file is kept."""
    from innocence.documents.models import StoredFile, UploadBatch

    folder = tmp_path / "box"
    folder.mkdir()
    for name in ("a.pdf", "b.pdf"):
        (folder / name).write_bytes(make_pdf([f"{TEXT} ({name})"]))
    with pytest.raises(CommandError, match="You may not add documents here"):
        call_command("ingest", str(folder), case=world.case.reference, as_user="n_viewer", stdout=StringIO())
    assert not Document.objects.exists() and not StoredFile.objects.exists()
    assert not UploadBatch.objects.exists()


def test_demo_documents_load_idempotently(db: Any) -> None:
    from innocence.cases.demo import load_demo
    from innocence.documents.models import Page

    load_demo()
    count = Document.objects.count()
    load_demo()
    assert Document.objects.count() == count >= 4
    page = Page.objects.filter(
        text__contains="Raymond Kessler", document__case__reference="LIC-DEMO-001"
    ).first()
    assert page is not None and page.text_source == "layer"
