"""Provenance and type per file in one upload (web rows, CLI and API manifests), with the
batch's choice as the default and the classifier's proposal kept beside a type the uploader
chose. Fictional files made here."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from .conftest import make_pdf

pytestmark = pytest.mark.django_db

TRANSCRIPT = (
    "REPORTER'S TRANSCRIPT OF PROCEEDINGS\nDIRECT EXAMINATION\nQ. Where were you?\n"
    "A. At the Fictive Diner.\nTHE COURT: Proceed.\nTHE WITNESS: I was sworn."
)
POLICE = "Fictional Police Department\nINCIDENT REPORT\nReporting officer: Det. Ansel Quorrow\nSuspect: unknown"


def _docs() -> dict[str, Any]:
    from innocence.documents.models import Document

    return {d.file_name: d for d in Document.objects.all()}


def test_web_upload_sets_provenance_and_type_per_file(client: Any, world: Any, drain: Any) -> None:
    client.force_login(world.on_team)
    response = client.post(
        f"/documents/case/{world.case.reference}/upload/",
        {
            "files": [
                SimpleUploadedFile("transcript.pdf", make_pdf([TRANSCRIPT])),
                SimpleUploadedFile("report.pdf", make_pdf([POLICE])),
                SimpleUploadedFile("notes.pdf", make_pdf([POLICE + " (notes)"])),
            ],
            "provenance": "police_file",  # the batch default
            "provenance:transcript.pdf": "court_file",
            "doc_type:transcript.pdf": "transcript",
            "doc_type:notes.pdf": "correspondence",
        },
    )
    assert response.status_code == 302
    drain()
    docs = _docs()
    assert (docs["transcript.pdf"].provenance, docs["transcript.pdf"].doc_type) == ("court_file", "transcript")
    assert docs["report.pdf"].provenance == "police_file"
    # No type chosen: the pipeline's classifier proposes one from the content.
    assert docs["report.pdf"].doc_type == "police_report"
    # A type the uploader chose stays; the classifier's proposal is kept beside it and shown.
    assert docs["notes.pdf"].doc_type == "correspondence"
    assert docs["notes.pdf"].doc_type_suggested == "police_report"
    page = client.get(f"/cases/{world.case.reference}/documents/").content.decode()
    assert "proposed from the content: Police report" in page
    assert 'name="doc_type"' in page and "data-file-row-template" in page


def test_web_upload_refuses_an_unknown_per_file_value_for_that_file_only(client: Any, world: Any) -> None:
    client.force_login(world.on_team)
    client.post(
        f"/documents/case/{world.case.reference}/upload/",
        {
            "files": [SimpleUploadedFile("a.pdf", make_pdf(["Fictional a"])), SimpleUploadedFile("b.pdf", make_pdf(["Fictional b"]))],
            "provenance:a.pdf": "the moon",
        },
    )
    assert set(_docs()) == {"b.pdf"}


def test_cli_manifest_sets_values_per_file(world: Any, tmp_path: Path) -> None:
    folder = tmp_path / "box"
    (folder / "court").mkdir(parents=True)
    (folder / "court" / "transcript.pdf").write_bytes(make_pdf([TRANSCRIPT]))
    (folder / "report.pdf").write_bytes(make_pdf([POLICE]))
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("file,provenance,type\ncourt/transcript.pdf,Court file,transcript\n", encoding="utf-8")
    call_command(
        "ingest", str(folder), case=world.case.reference, as_user="n_attorney", provenance="police_file",
        manifest=str(manifest), json=True, stdout=StringIO(),
    )
    docs = _docs()
    assert (docs["transcript.pdf"].provenance, docs["transcript.pdf"].doc_type) == ("court_file", "transcript")
    assert (docs["report.pdf"].provenance, docs["report.pdf"].doc_type) == ("police_file", "other")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"missing.pdf": {"provenance": "court_file"}}', "missing.pdf"),
        ('{"report.pdf": {"provenance": "from a friend"}}', "Unknown provenance"),
        ("name,provenance\nreport.pdf,court_file\n", "'file' column"),
        ('{"report.pdf": {"provenance": "court_file", "colour": "red"}}', "colour"),
        ("{not json", "not valid JSON"),
    ],
)
def test_cli_bad_manifest_adds_nothing(world: Any, tmp_path: Path, text: str, words: str) -> None:
    (tmp_path / "report.pdf").write_bytes(make_pdf([POLICE]))
    manifest = tmp_path / "m.json"
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=words):
        call_command(
            "ingest", str(tmp_path / "report.pdf"), case=world.case.reference, as_user="n_attorney",
            manifest=str(manifest), stdout=StringIO(), stderr=StringIO(),
        )
    assert _docs() == {}


def test_api_manifest_sets_values_per_file(client: Any, world: Any) -> None:
    from innocence.core.models import ApiToken

    _, key = ApiToken.issue(user=world.on_team, name="test")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    url = f"/api/cases/{world.case.reference}/documents"
    files = lambda: [  # noqa: E731
        SimpleUploadedFile("transcript.pdf", make_pdf([TRANSCRIPT])),
        SimpleUploadedFile("report.pdf", make_pdf([POLICE])),
    ]
    refused = client.post(url, {"files": files(), "manifest": json.dumps({"other.pdf": {"type": "photo"}})}, **auth)
    assert refused.status_code == 422 and "other.pdf" in json.dumps(refused.json())
    assert _docs() == {}
    response = client.post(
        url,
        {
            "files": files(),
            "provenance": "police_file",
            "manifest": json.dumps({"transcript.pdf": {"provenance": "court_file", "type": "transcript"}}),
        },
        **auth,
    )
    assert response.status_code == 201, response.content
    rows = {r["file"]: (r["provenance"], r["doc_type"]) for r in response.json()["files"]}
    assert rows == {"transcript.pdf": ("court_file", "transcript"), "report.pdf": ("police_file", "other")}
