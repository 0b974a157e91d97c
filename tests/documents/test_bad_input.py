"""Every kind of bad file gets a plain-words status, keeps its original, and does not stop
the rest of the batch; nothing is retried forever."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest

from innocence.documents import storage
from innocence.documents.models import Document, DocumentStatus
from innocence.jobs.models import Job, JobStatus

from .conftest import make_pdf

pytestmark = pytest.mark.django_db


def _encrypted_pdf() -> bytes:
    import pikepdf

    source = pikepdf.open(io.BytesIO(make_pdf(["A secret page of a fictional report, with enough words."])))
    out = io.BytesIO()
    source.save(out, encryption=pikepdf.Encryption(owner="owner-pass", user="user-pass", R=6))
    return out.getvalue()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.txt", b"\0" * (50 * 1024 * 1024))
    return buffer.getvalue()


def _big_image() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (3000, 3000), 1).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_batch_of_bad_files_each_gets_a_reason_and_the_good_one_is_read(
    add: Any, drain: Any, settings: Any, world: Any
) -> None:
    from innocence.documents import services

    settings.INNOCENCE_MAX_IMAGE_PIXELS = 4_000_000
    settings.MAX_UPLOAD_BYTES = 2 * 1024 * 1024
    good_pdf = make_pdf(["A fictional transcript page. Q. Where were you? A. At home, all evening long."])
    files = {
        "corrupt.pdf": b"%PDF-1.7\n" + b"this is not really a pdf at all " * 40,
        "locked.pdf": _encrypted_pdf(),
        "empty.pdf": b"",
        "program.exe": b"MZ\x90\x00\x03" + bytes(range(256)) * 8,
        "huge.bin": b"x" * (3 * 1024 * 1024),
        "bomb.zip": _zip_bomb(),
        "absurd.png": _big_image(),
        "really-a-pdf.jpg": good_pdf,
        "good.pdf": make_pdf(["The good file of this batch: a fictional report with words on it."]),
    }
    batch = services.batch_create(actor=world.on_team, organization=world.north, case=world.case)
    documents = {name: add(name, data, batch=batch).document for name, data in files.items()}
    drain()
    status = {name: Document.objects.get(pk=doc.pk) for name, doc in documents.items()}

    def check(name: str, expected: str, words: str) -> None:
        document = status[name]
        assert document.status == expected, (name, document.status, document.error)
        assert words.lower() in (document.error + document.notice).lower(), (name, document.error)
        assert storage.exists(document.stored_file.storage_path), f"original of {name} not kept"

    check("corrupt.pdf", DocumentStatus.FAILED, "damaged")
    check("locked.pdf", DocumentStatus.FAILED, "password")
    check("empty.pdf", DocumentStatus.FAILED, "empty")
    check("program.exe", DocumentStatus.UNSUPPORTED, "cannot be read here")
    check("huge.bin", DocumentStatus.FAILED, "INNOCENCE_MAX_UPLOAD_MB")
    check("bomb.zip", DocumentStatus.FAILED, "zip bomb")
    check("absurd.png", DocumentStatus.FAILED, "absurdly large")
    check("really-a-pdf.jpg", DocumentStatus.DONE, "ends in .jpg but its content is a PDF")
    check("good.pdf", DocumentStatus.DONE, "")
    assert "Q. Where were you?" in status["really-a-pdf.jpg"].pages.get(number=1).text
    assert not Job.objects.exclude(status__in=[JobStatus.DONE, JobStatus.FAILED]).exists()


def test_zip_limits_depth_and_traversal(add: Any, drain: Any, settings: Any) -> None:
    from .conftest import make_zip

    settings.INNOCENCE_ZIP_MAX_DEPTH = 2
    inner = make_zip({"deepest.txt": b"Three archives deep: this text is never reached by the reader."})
    middle = make_zip({"inner.zip": inner})
    outer = make_zip({"middle.zip": middle, "../../etc/escape.txt": b"A name that tries to climb out of it."})
    result = add("outer.zip", outer)
    drain()
    archive = Document.objects.get(pk=result.document.pk)
    assert archive.status == DocumentStatus.DONE
    assert "outside" in archive.notice
    titles = {d.title: d for d in archive.children.all()}
    assert "escape" in titles
    middle_doc = titles["middle"]
    inner_doc = middle_doc.children.get()
    assert inner_doc.status == DocumentStatus.FAILED
    assert "nested" in inner_doc.error


def test_a_task_that_keeps_crashing_is_not_retried_forever(add: Any, drain: Any, monkeypatch: Any) -> None:
    from innocence.documents import pipeline

    def broken(payload: dict[str, Any]) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(pipeline, "process", broken)
    result = add("x.pdf", make_pdf(["Some fictional words on a page for the crash test, enough of them."]))
    for _ in range(5):
        Job.objects.filter(status=JobStatus.QUEUED).update(run_after="2000-01-01T00:00:00Z")
        drain()
    job = Job.objects.get(name="documents.process")
    assert job.status == JobStatus.FAILED and job.attempts == 3
    document = Document.objects.get(pk=result.document.pk)
    assert document.status == DocumentStatus.FAILED
    assert "3 attempts" in document.error and "disk on fire" in document.error
