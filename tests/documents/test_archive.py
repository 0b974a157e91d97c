"""Documents in the portable case archive: originals, pages, corrections and excerpts
travel; a tampered original is refused before anything is written."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from .conftest import make_pdf

pytestmark = pytest.mark.django_db

PAGE_1 = "Fictional statement of Dana Placeholder. The car was a blue sedan."
PAGE_2 = "Second fictional page. Officer Quill Notreal took the statement."


@pytest.fixture(autouse=True)
def _search_consumer(settings: Any) -> None:
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = ["search.index"]


@pytest.fixture
def filed(world: Any, add: Any, drain: Any) -> Any:
    """A text-layer PDF on the world's case, with a hand correction and an excerpt."""
    from innocence.documents import services
    from innocence.documents.models import Document

    pdf = make_pdf([PAGE_1, PAGE_2])
    document = add("statement.pdf", pdf).document
    drain()
    document = Document.objects.get(pk=document.pk)
    assert document.status == "done"
    services.document_update(
        actor=world.on_team, document=document, tags=["statement", "fictional"], provenance="police_file"
    )
    page = document.pages.get(number=2)
    services.page_correct(
        actor=world.on_team, page=page, text=PAGE_2.replace("Notreal", "Notreal (badge 12)")
    )
    page.refresh_from_db()
    services.excerpt_create(actor=world.on_team, page=page, quote="took the statement", note="who took it")
    return document


def _pages(document: Any) -> list[tuple[int, str, str, int]]:
    return [(p.number, p.text, p.text_source, p.text_version) for p in document.pages.order_by("number")]


def _db_counts() -> tuple[int, ...]:
    from innocence.cases.models import Case
    from innocence.documents.models import Document, Excerpt, Page, PageCorrection, StoredFile

    return tuple(m.objects.count() for m in (Case, StoredFile, Document, Page, PageCorrection, Excerpt))


def test_round_trip_into_another_organization(
    world: Any, filed: Any, tmp_path: Path, django_capture_on_commit_callbacks: Any, drain: Any
) -> None:
    from innocence.cases.archive import export_case, import_case
    from innocence.documents import storage
    from innocence.documents.models import Document
    from innocence.search.selectors import search_pages

    path = tmp_path / "case.zip"
    result = export_case(actor=world.on_team, case=world.case, destination=path)
    assert "documents" in result.sections
    sha = filed.stored_file.sha256
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        member = f"documents/originals/{sha[:2]}/{sha}"
        assert manifest["members"][member]["sha256"] == sha
        assert "derived" in zf.read("documents/README.txt").decode().lower()
        assert not [n for n in zf.namelist() if "derived" in n]

    with django_capture_on_commit_callbacks(execute=True):
        imported = import_case(
            actor=world.outsider, organization=world.south, source=path, reference="SS-DOCS-1"
        )
    case = imported.case
    copy = Document.objects.get(case=case)
    assert copy.organization == world.south
    assert copy.stored_file.organization == world.south and copy.stored_file.pk != filed.stored_file.pk
    with storage.open_file(copy.stored_file.storage_path) as fh:
        assert hashlib.sha256(fh.read()).hexdigest() == sha
    assert _pages(copy) == _pages(filed)
    assert copy.tags == ["statement", "fictional"] and copy.provenance == "police_file"
    [correction] = copy.pages.get(number=2).corrections.all()
    [before] = filed.pages.get(number=2).corrections.all()
    assert (correction.version, correction.text, correction.previous_text, correction.previous_source) == (
        before.version,
        before.text,
        before.previous_text,
        before.previous_source,
    )
    assert correction.by is None  # n_attorney is not a member of the target organization
    [excerpt] = copy.excerpts.all()
    assert (excerpt.quote, excerpt.page.number, excerpt.start_offset, excerpt.note) == (
        "took the statement",
        2,
        filed.excerpts.get().start_offset,
        "who took it",
    )

    drain()  # the page-text event reaches the search index through the job queue
    hits = search_pages(world.outsider, "badge", case=case)
    assert [(h.document_id, h.page_number) for h in hits.hits] == [(copy.pk, 2)]
    # The source organization's people still see only their own copy.
    assert [h.document_id for h in search_pages(world.on_team, "badge").hits] == [filed.pk]


def test_same_original_is_stored_once_per_organization(world: Any, filed: Any, tmp_path: Path) -> None:
    from innocence.cases.archive import export_case, import_case
    from innocence.documents.models import Document, StoredFile

    path = tmp_path / "case.zip"
    export_case(actor=world.admin, case=world.case, destination=path)
    world.case.docket_numbers.all().delete()
    import_case(actor=world.admin, organization=world.north, source=path, reference="NS-COPY")
    assert StoredFile.objects.filter(organization=world.north).count() == 1
    assert Document.objects.filter(stored_file=filed.stored_file).count() == 2


def _tamper(src: Path, dst: Path, *, fix_manifest: bool) -> None:
    with zipfile.ZipFile(src) as zin:
        contents = {name: zin.read(name) for name in zin.namelist()}
    [member] = [n for n in contents if n.startswith("documents/originals/")]
    contents[member] = contents[member][:-40] + b"%" * 40  # same size, other bytes
    manifest = json.loads(contents["manifest.json"])
    if fix_manifest:  # the attacker also rewrote the manifest; only the declared sha256 catches it
        manifest["members"][member] = {
            "sha256": hashlib.sha256(contents[member]).hexdigest(),
            "size": len(contents[member]),
        }
    contents["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(dst, "w") as zout:
        for name, data in contents.items():
            zout.writestr(name, data)


@pytest.mark.parametrize("fix_manifest", [True, False])
def test_tampered_original_is_refused_and_nothing_is_written(
    world: Any, filed: Any, tmp_path: Path, fix_manifest: bool
) -> None:
    from innocence.cases.archive import ArchiveError, export_case, import_case

    good = tmp_path / "good.zip"
    export_case(actor=world.admin, case=world.case, destination=good)
    bad = tmp_path / "bad.zip"
    _tamper(good, bad, fix_manifest=fix_manifest)
    before = _db_counts()
    expected = "does not match its declared sha256" if fix_manifest else "Checksum mismatch"
    with pytest.raises(ArchiveError, match=expected):
        import_case(actor=world.outsider, organization=world.south, source=bad, reference="SS-BAD")
    assert _db_counts() == before
    originals = [p.name for p in (tmp_path / "files" / "originals").rglob("*") if p.is_file()]
    assert originals == [filed.stored_file.sha256]  # no byte of the tampered copy was stored


def test_bad_documents_json_is_refused(world: Any, filed: Any, tmp_path: Path) -> None:
    from innocence.cases.archive import ArchiveError, export_case, import_case

    good = tmp_path / "good.zip"
    export_case(actor=world.admin, case=world.case, destination=good)
    with zipfile.ZipFile(good) as zin:
        contents = {name: zin.read(name) for name in zin.namelist()}
    data = json.loads(contents["documents/documents.json"])
    data["excerpts"][0]["page"] = 9
    contents["documents/documents.json"] = json.dumps(data).encode()
    manifest = json.loads(contents["manifest.json"])
    manifest["members"]["documents/documents.json"] = {
        "sha256": hashlib.sha256(contents["documents/documents.json"]).hexdigest(),
        "size": len(contents["documents/documents.json"]),
    }
    contents["manifest.json"] = json.dumps(manifest).encode()
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zout:
        for name, blob in contents.items():
            zout.writestr(name, blob)
    before = _db_counts()
    with pytest.raises(ArchiveError, match="has no page 9"):
        import_case(actor=world.outsider, organization=world.south, source=bad, reference="SS-BAD")
    assert _db_counts() == before


def test_case_without_documents_has_no_documents_section(world: Any, tmp_path: Path) -> None:
    from innocence.cases.archive import export_case

    result = export_case(actor=world.admin, case=world.case, destination=tmp_path / "a.zip")
    assert "documents" not in result.sections


def test_cli_round_trip_names_the_documents_section(world: Any, filed: Any, tmp_path: Path) -> None:
    import io

    from django.core.management import call_command

    from innocence.documents.models import Document

    path = tmp_path / "case.zip"
    out = io.StringIO()
    call_command("export_case", world.case.reference, str(path), "--as", "n_attorney", stdout=out)
    assert "documents" in out.getvalue()
    out = io.StringIO()
    call_command(
        "import_case", str(path), "--org", "southside", "--as", "s_admin", "--reference", "SS-CLI", stdout=out
    )
    assert "Imported SS-CLI" in out.getvalue() and "documents" in out.getvalue()
    assert Document.objects.filter(case__reference="SS-CLI", title=filed.title).count() == 1
