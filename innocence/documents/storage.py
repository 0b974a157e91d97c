"""Where originals and derived files live, through Django's storage API (so the filesystem
default and S3-compatible object storage via django-storages both work).

Layout (relative to the storage root, i.e. ``MEDIA_ROOT`` on disk):

- ``originals/<sha[:2]>/<sha>`` — the original bytes, never overwritten;
- ``derived/<sha[:2]>/<sha>/…`` — files computed from it (page images, OCR page PDFs,
  the searchable PDF). They can always be rebuilt from the original.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage

CHUNK = 1024 * 1024


def storage() -> Storage:
    return default_storage


def original_path(sha256: str) -> str:
    return f"originals/{sha256[:2]}/{sha256}"


def derived_path(sha256: str, name: str) -> str:
    return f"derived/{sha256[:2]}/{sha256}/{name}"


@dataclass(frozen=True)
class Spooled:
    """An incoming file copied to a local temporary file while its hash is computed."""

    path: Path
    sha256: str
    size: int
    head: bytes


@contextmanager
def spool(source: IO[bytes]) -> Iterator[Spooled]:
    """Copy a stream to a temporary file, hashing it. The temporary file is removed after."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    with tempfile.NamedTemporaryFile(prefix="innocence-in-", delete=False) as tmp:
        while chunk := source.read(CHUNK):
            if len(head) < 8192:
                head += chunk[: 8192 - len(head)]
            digest.update(chunk)
            size += len(chunk)
            tmp.write(chunk)
    path = Path(tmp.name)
    try:
        yield Spooled(path=path, sha256=digest.hexdigest(), size=size, head=head)
    finally:
        path.unlink(missing_ok=True)


def save_original(spooled: Spooled) -> str:
    """Store the original under its content address, unless it is there already."""
    name = original_path(spooled.sha256)
    store = storage()
    if not store.exists(name):
        with spooled.path.open("rb") as fh:
            saved = store.save(name, File(fh, name=spooled.sha256))
        if saved != name:  # a concurrent writer won the race; both copies are identical
            store.delete(saved)
    return name


def save_derived(sha256: str, name: str, data: bytes) -> str:
    path = derived_path(sha256, name)
    store = storage()
    if store.exists(path):
        store.delete(path)
    store.save(path, ContentFile(data))
    return path


def exists(path: str) -> bool:
    return bool(path) and storage().exists(path)


def open_file(path: str) -> IO[bytes]:
    return storage().open(path, "rb")  # type: ignore[no-any-return]


@contextmanager
def local_copy(path: str) -> Iterator[Path]:
    """A local filesystem path for a stored file: the file itself on disk storage, a
    temporary download from object storage."""
    store = storage()
    try:
        on_disk: Path | None = Path(store.path(path))
    except NotImplementedError:
        on_disk = None
    if on_disk is not None:
        yield on_disk
        return
    with (
        tempfile.NamedTemporaryFile(prefix="innocence-dl-", delete=False) as tmp,
        store.open(path, "rb") as src,
    ):
        shutil.copyfileobj(src, tmp, CHUNK)
    local = Path(tmp.name)
    try:
        yield local
    finally:
        local.unlink(missing_ok=True)
