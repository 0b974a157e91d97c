"""Where originals and derived files live, through Django's storage API (so the filesystem
default and S3-compatible object storage via django-storages both work).

Layout (relative to the storage root, i.e. ``MEDIA_ROOT`` on disk):

- ``originals/<sha[:2]>/<sha>`` — the original bytes, never overwritten;
- ``derived/<sha[:2]>/<sha>/…`` — files computed from it (page images, OCR page PDFs,
  the searchable PDF). They can always be rebuilt from the original.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
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
    temporary download from object storage. An original from object storage is kept in this
    machine's cache of originals (:func:`_cached_original`), so the many jobs of one scan
    (OCR runs a few pages a job) download it once, not once each."""
    store = storage()
    try:
        on_disk: Path | None = Path(store.path(path))
    except NotImplementedError:
        on_disk = None
    if on_disk is not None:
        yield on_disk
        return
    cached = _cached_original(store, path)
    if cached is not None:
        try:
            yield cached
        finally:
            cached.unlink(missing_ok=True)
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


def originals_cache_dir() -> Path:
    configured = str(getattr(settings, "INNOCENCE_ORIGINALS_CACHE_DIR", "") or "")
    return Path(configured) if configured else Path(tempfile.gettempdir()) / "innocence-originals-cache"


def originals_cache_bytes() -> int:
    return int(getattr(settings, "INNOCENCE_ORIGINALS_CACHE_MB", 2048) or 0) * 1024 * 1024


def _cached_original(store: Storage, path: str) -> Path | None:
    """A private hard link to this machine's cached copy of an original, downloading it
    first if it is not cached; None when the path is not an original or the cache is off.

    An original never changes (its name is its SHA-256), so a cached copy is as good as the
    stored one; a download is checked against that name before it joins the cache. Each use
    gets its own hard link, so that evicting the cached name while a job reads the file (the
    cache is shared by the machine's worker processes) takes nothing from under it. The
    least recently used copies go once the cache is over INNOCENCE_ORIGINALS_CACHE_MB."""
    name = path.rsplit("/", 1)[-1]
    if not path.startswith("originals/") or len(name) != 64 or originals_cache_bytes() <= 0:
        return None
    folder = originals_cache_dir()
    if not _links_work(str(folder)):
        return None
    target = folder / name
    mine = folder / f".{name}.{uuid.uuid4().hex}.use"
    try:
        os.link(target, mine)
        os.utime(target)  # recently used
        return mine
    except FileNotFoundError:
        pass
    download = folder / f".{name}.{uuid.uuid4().hex}.part"
    digest = hashlib.sha256()
    try:
        with download.open("wb") as out, store.open(path, "rb") as src:
            while chunk := src.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != name:
            raise OSError(f"the stored original {path} does not match its SHA-256 (damaged in storage or on the way)")
        os.link(download, mine)
        download.replace(target)  # another process's identical copy may be replaced: same bytes
    except BaseException:
        download.unlink(missing_ok=True)
        mine.unlink(missing_ok=True)
        raise
    _evict(folder, keep=target)
    return mine


@functools.cache
def _links_work(folder: str) -> bool:
    """Whether the cache folder can be made and takes hard links (not every filesystem does):
    without them the cache is off and each job downloads its own copy, as before."""
    try:
        Path(folder).mkdir(parents=True, exist_ok=True)
        probe = Path(folder) / f".probe.{uuid.uuid4().hex}"
        probe.write_bytes(b"")
        link = Path(f"{probe}.link")
        try:
            os.link(probe, link)
            link.unlink()
        finally:
            probe.unlink(missing_ok=True)
    except OSError:
        return False
    return True


def _evict(folder: Path, *, keep: Path) -> None:
    limit = originals_cache_bytes()
    entries = []
    for entry in folder.iterdir():
        if entry.name.startswith("."):
            continue  # a download or a use in progress
        try:
            info = entry.stat()
        except FileNotFoundError:
            continue
        entries.append((info.st_mtime, info.st_size, entry))
    total = sum(size for _, size, _ in entries)
    for _, size, entry in sorted(entries, key=lambda e: e[0]):
        if total <= limit:
            return
        if entry == keep:
            continue
        entry.unlink(missing_ok=True)
        total -= size
