"""The machine's cache of originals read from object storage: a scan's many OCR jobs
download its original once, a download is checked against its SHA-256, the least recently
used copies go past the size limit, and a copy a job is reading survives its eviction.

Object storage here is a filesystem storage that, like S3, has no local path for a file (the
real S3 backend is configuration: see the README); every file is fictional."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage

from .conftest import make_text_image

#: storage paths opened, in order (by every ObjectStorage)
opened_paths: list[str] = []


class ObjectStorage(Storage):
    """A storage without local paths, as S3 is (Storage.path raises NotImplementedError):
    local_copy must download. The bytes sit in a folder."""

    def __init__(self, location: str) -> None:
        self.inner = FileSystemStorage(location=location)

    def _open(self, name: str, mode: str = "rb") -> Any:
        opened_paths.append(name)
        return self.inner._open(name, mode)

    def _save(self, name: str, content: Any) -> str:
        return self.inner._save(name, content)

    def exists(self, name: str) -> bool:
        return self.inner.exists(name)

    def delete(self, name: str) -> None:
        self.inner.delete(name)

    def size(self, name: str) -> int:
        return self.inner.size(name)

    def listdir(self, path: str) -> Any:
        return self.inner.listdir(path)

    def url(self, name: str | None) -> str:
        return f"/fictional-bucket/{name}"


@pytest.fixture
def object_storage(settings: Any, tmp_path: Any) -> Any:
    from django.core.files.storage import default_storage

    from innocence.documents import storage

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{__name__}.ObjectStorage", "OPTIONS": {"location": str(tmp_path / "bucket")}},
    }
    settings.INNOCENCE_ORIGINALS_CACHE_DIR = str(tmp_path / "cache")
    default_storage._wrapped = None  # type: ignore[attr-defined]
    default_storage._setup()  # type: ignore[attr-defined]
    opened_paths.clear()
    yield storage
    default_storage._wrapped = None  # type: ignore[attr-defined]


def _store(storage: Any, data: bytes) -> str:
    name = storage.original_path(hashlib.sha256(data).hexdigest())
    storage.storage().save(name, ContentFile(data))
    return name


def _cached(tmp_path: Any) -> list[str]:
    folder = tmp_path / "cache"
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) if folder.exists() else []


def test_an_original_is_downloaded_once_and_each_use_gets_its_own_file(object_storage: Any, tmp_path: Any) -> None:
    data = b"fictional original bytes " * 1000
    name = _store(object_storage, data)
    with object_storage.local_copy(name) as first, object_storage.local_copy(name) as second:
        assert first != second and first.read_bytes() == data == second.read_bytes()
    assert not first.exists() and not second.exists()  # the uses are gone, the cached copy stays
    assert opened_paths == [name]
    assert _cached(tmp_path) == [name.rsplit("/", 1)[-1]]


def test_a_damaged_original_is_refused_and_not_cached(object_storage: Any, tmp_path: Any) -> None:
    data = b"fictional original that will be damaged"
    name = _store(object_storage, data)
    bucket = tmp_path / "bucket" / name
    bucket.write_bytes(b"fictional original that WAS damaged")
    with pytest.raises(OSError, match="does not match its SHA-256"), object_storage.local_copy(name):
        pass
    assert _cached(tmp_path) == [] and list((tmp_path / "cache").iterdir()) == []


def test_least_recently_used_originals_go_past_the_limit_and_a_file_in_use_survives(
    object_storage: Any, tmp_path: Any, settings: Any
) -> None:
    import os
    import time

    settings.INNOCENCE_ORIGINALS_CACHE_MB = 1
    a, b, c = (bytes([n]) * 600_000 for n in (1, 2, 3))
    name_a, name_b, name_c = (_store(object_storage, data) for data in (a, b, c))
    with object_storage.local_copy(name_a) as reading_a:
        old = time.time() - 60
        os.utime(tmp_path / "cache" / name_a.rsplit("/", 1)[-1], (old, old))
        with object_storage.local_copy(name_b):
            pass  # over 1 MB with a and b: a, the least recently used, goes
        assert _cached(tmp_path) == [name_b.rsplit("/", 1)[-1]]
        assert reading_a.read_bytes() == a  # still whole for the job reading it
    with object_storage.local_copy(name_c):
        pass
    assert _cached(tmp_path) == [name_c.rsplit("/", 1)[-1]]
    with object_storage.local_copy(name_a) as again:
        assert again.read_bytes() == a  # downloaded again when needed
    assert opened_paths.count(name_a) == 2


def test_the_cache_can_be_turned_off(object_storage: Any, tmp_path: Any, settings: Any) -> None:
    settings.INNOCENCE_ORIGINALS_CACHE_MB = 0
    name = _store(object_storage, b"fictional original, cache off")
    for _ in range(2):
        with object_storage.local_copy(name) as local:
            assert local.read_bytes() == b"fictional original, cache off"
    assert opened_paths == [name, name] and _cached(tmp_path) == []


@pytest.mark.django_db
def test_a_scan_read_in_many_ocr_jobs_is_downloaded_once(
    object_storage: Any, tmp_path: Any, settings: Any, add: Any, drain: Any
) -> None:
    import io

    from PIL import Image
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    settings.INNOCENCE_OCR_ENGINE = "tesseract"
    settings.INNOCENCE_OCR_PAGES_PER_JOB = 1  # one job per page: four jobs read the original
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    for n in range(1, 5):
        image = Image.open(io.BytesIO(make_text_image(f"FICTIONAL lineup notes page {n}", size=(1500, 300))))
        pdf.drawImage(ImageReader(image), 36, 500, width=540, height=108)
        pdf.showPage()
    pdf.save()
    document = add("fictional-scan.pdf", buffer.getvalue()).document
    opened_paths.clear()
    drain()
    document.refresh_from_db()
    assert document.status == "done" and document.page_count == 4
    original = document.stored_file.storage_path
    assert opened_paths.count(original) == 1, opened_paths
