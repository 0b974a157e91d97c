"""Hostile case archives (fictional, made here): references that cannot be URL segments,
JSON nested past any limit, numbers past 64 bits, NaN, NUL characters and values that
cannot be true are refused with "Nothing was imported." and words; nothing is written, and
an import that rolls back leaves no original of its own behind in storage."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .conftest import make_pdf

pytestmark = pytest.mark.django_db

BAD_REFERENCES = {
    "climbs": "LIC/../../x",
    "slash": "X/Y",
    "dotdot": "..",
    "query": "LIC?x=1",
    "rtl override": "LIC-\u202e1002",
    "ansi escape": "LIC-\x1b[31m",
    "too long": "L" * 41,
    "space": "LIC 1",
    "non-ascii": "LIC-\u00e9",
}


@pytest.fixture
def archive(world: Any, add: Any, drain: Any, tmp_path: Path) -> Path:
    """The world's case, with one text-layer PDF, exported."""
    from innocence.cases.archive import export_case

    add(
        "statement.pdf",
        make_pdf(["A fictional statement, two pages long.", "Its second page, also fictional."]),
    )
    drain()
    path = tmp_path / "good.zip"
    export_case(actor=world.admin, case=world.case, destination=path)
    return path


def _edit(
    src: Path, dst: Path, member: str, change: Callable[[Any], Any] | None = None, raw: bytes = b""
) -> Path:
    """Copy the archive with one JSON member changed, manifest checksums recomputed (so that
    only the deeper checks can catch the change)."""
    with zipfile.ZipFile(src) as zin:
        contents = {name: zin.read(name) for name in zin.namelist()}
    if change is not None:
        data = json.loads(contents[member])
        changed = change(data)
        contents[member] = raw or json.dumps(data if changed is None else changed).encode()
    else:
        contents[member] = raw
    manifest = json.loads(contents["manifest.json"])
    manifest["members"][member] = {
        "sha256": hashlib.sha256(contents[member]).hexdigest(),
        "size": len(contents[member]),
    }
    contents["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(dst, "w") as zout:
        for name, blob in contents.items():
            zout.writestr(name, blob)
    return dst


def _counts() -> tuple[int, ...]:
    from innocence.cases.models import Case
    from innocence.core.models import AuditEntry
    from innocence.documents.models import Document, Page, StoredFile

    return tuple(m.objects.count() for m in (Case, StoredFile, Document, Page, AuditEntry))


def _import(path: Path, *extra: str) -> str:
    out = io.StringIO()
    call_command("import_case", str(path), "--org", "southside", "--as", "s_admin", *extra, stdout=out)
    return out.getvalue()


def _refused(path: Path, *extra: str) -> str:
    before = _counts()
    with pytest.raises(CommandError) as excinfo:
        _import(path, *extra)
    assert _counts() == before
    message = str(excinfo.value)
    assert message.startswith("Nothing was imported."), message
    assert "Traceback" not in message
    return message


@pytest.mark.parametrize("kind", sorted(BAD_REFERENCES))
def test_a_reference_that_cannot_be_a_url_segment_is_refused_in_case_json(
    archive: Path, tmp_path: Path, kind: str, client: Any, world: Any
) -> None:
    def change(data: Any) -> None:
        data["case"]["reference"] = BAD_REFERENCES[kind]

    bad = _edit(archive, tmp_path / "bad.zip", "case.json", change)
    message = _refused(bad)
    assert "reference" in message
    client.force_login(world.outsider)
    assert client.get("/cases/").status_code == 200
    assert client.get("/").status_code in (200, 302)


@pytest.mark.parametrize("kind", sorted(BAD_REFERENCES))
def test_a_bad_reference_option_is_refused(archive: Path, kind: str) -> None:
    message = _refused(archive, "--reference", BAD_REFERENCES[kind])
    assert "--reference" in message


def test_the_same_rule_holds_for_cases_made_any_other_way(world: Any) -> None:
    from django.core.exceptions import ValidationError

    from innocence.cases import services

    for value in BAD_REFERENCES.values():
        with pytest.raises(ValidationError) as excinfo:
            services.case_create(
                actor=world.admin, organization=world.north, title="State v. Odd", reference=value
            )
        assert "reference" in excinfo.value.message_dict
    made = services.case_create(
        actor=world.admin, organization=world.north, title="State v. Fine", reference="NS-OK.1"
    )
    assert made.reference == "NS-OK.1"


def test_deeply_nested_case_json_is_refused_in_words(archive: Path, tmp_path: Path) -> None:
    deep = b'{"case": ' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    message = _refused(_edit(archive, tmp_path / "deep.zip", "case.json", raw=deep))
    assert "nested too deeply" in message
    shallow_but_past_the_limit = b'{"x": ' + b"[" * 100 + b"]" * 100 + b"}"
    message = _refused(_edit(archive, tmp_path / "deep2.zip", "case.json", raw=shallow_but_past_the_limit))
    assert "nested too deeply" in message


@pytest.mark.parametrize("number", [2**63, -(2**63) - 1, 10**40])
def test_numbers_past_64_bits_are_refused_in_words(archive: Path, tmp_path: Path, number: int) -> None:
    def change(data: Any) -> None:
        data["documents"][0]["pages"][0]["id"] = number

    message = _refused(_edit(archive, tmp_path / "big.zip", "documents/documents.json", change))
    assert "too large" in message and "pages[0].id" in message


def test_a_4301_digit_number_is_refused_in_words(archive: Path, tmp_path: Path) -> None:
    with zipfile.ZipFile(archive) as zf:
        raw = zf.read("case.json").replace(b'"case": {', b'"case": {"x": ' + b"9" * 5000 + b", ", 1)
    message = _refused(_edit(archive, tmp_path / "long.zip", "case.json", raw=raw))
    assert "too long" in message


@pytest.mark.parametrize(
    ("what", "change", "words"),
    [
        (
            "NaN confidence",
            lambda d: d["documents"][0]["pages"][0].update(ocr_confidence=float("nan")),
            "NaN",
        ),
        ("confidence above 100", lambda d: d["documents"][0]["pages"][0].update(ocr_confidence=140.0), "100"),
        (
            "pending page on a done document",
            lambda d: d["documents"][0]["pages"][1].update(ocr_pending=True),
            "still waits for OCR",
        ),
        (
            "declared page count far above the pages",
            lambda d: d["documents"][0].update(page_count=100_000),
            "declares 100,000 pages",
        ),
        ("NUL in a title", lambda d: d["documents"][0].update(title="State\x00ment"), "NUL"),
    ],
)
def test_values_that_cannot_be_true_are_refused(
    archive: Path, tmp_path: Path, what: str, change: Callable[[Any], Any], words: str
) -> None:
    message = _refused(_edit(archive, tmp_path / "bad.zip", "documents/documents.json", change))
    assert words in message, (what, message)


def test_a_nul_in_a_note_of_case_json_is_refused(archive: Path, tmp_path: Path) -> None:
    def change(data: Any) -> None:
        data["notes"] = [{"body": "A fictional note\x00 with a NUL"}]

    assert "NUL" in _refused(_edit(archive, tmp_path / "nul.zip", "case.json", change))


def test_a_rolled_back_import_removes_the_originals_it_stored(
    world: Any, archive: Path, monkeypatch: Any, settings: Any
) -> None:
    """The originals an import wrote are deleted when its transaction rolls back (they have
    no row); an original another row owns is never touched."""
    import types

    from innocence.cases import archive as archives
    from innocence.documents import case_archive, storage
    from innocence.documents.models import Document, Page, StoredFile

    # A fresh installation: the original is in the archive only.
    [stored] = StoredFile.objects.all()
    path = stored.storage_path
    Page.objects.all().delete()
    Document.objects.all().delete()
    StoredFile.objects.all().delete()
    storage.storage().delete(path)
    assert not storage.exists(path)

    failing = types.ModuleType("failing_after_documents")
    failing.import_ = lambda case, reader, ctx: (_ for _ in ()).throw(  # type: ignore[attr-defined]
        archives.ArchiveError("a later section broke half-way")
    )
    real = archives.installed_sections()
    monkeypatch.setattr(archives, "installed_sections", lambda: [*real, ("failing", failing)])
    monkeypatch.setattr(archives, "verify_archive", _with_extra_section(archives.verify_archive, failing))
    before = _counts()
    with pytest.raises(archives.ArchiveError, match="half-way"):
        archives.import_case(actor=world.outsider, organization=world.south, source=archive, reference="SS-R")
    assert _counts() == before
    assert not storage.exists(path), "the rolled-back import left its original in storage"

    # Retried without the failing section, it imports and stores the original again.
    monkeypatch.undo()
    result = archives.import_case(
        actor=world.outsider, organization=world.south, source=archive, reference="SS-R"
    )
    assert storage.exists(path) and Document.objects.filter(case=result.case).count() == 1
    assert case_archive.SECTION in result.sections


def _with_extra_section(verify: Any, module: Any) -> Any:
    def verify_with_failing_section(*args: Any, **kwargs: Any) -> Any:
        verified = verify(*args, **kwargs)
        verified.sections.append(("failing", module))
        return verified

    return verify_with_failing_section


def test_doctor_names_a_reference_stored_before_the_rule(world: Any) -> None:
    from innocence.cases.diagnostics import check_references
    from innocence.cases.models import Case

    assert check_references().status == "ok"
    Case.objects.filter(pk=world.case.pk).update(reference="LIC/../../x")  # as an old import left it
    check = check_references()
    assert check.status == "warning" and "LIC/../../x" in check.detail
