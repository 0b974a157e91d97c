"""Zip archives, recursively (a zip inside a zip becomes a child that is itself unpacked),
with limits: nesting depth, number of entries, total size and expansion ratio. Member names
never become filesystem paths (everything is stored by content hash), and names that try
to climb out of the archive ("../", absolute paths) are reported and flattened."""

from __future__ import annotations

import posixpath
import stat
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings

from . import sniff
from .base import ChildFile, Extraction, IngestError, Ingestor, Sniffed

CHUNK = 1024 * 1024


def limits() -> dict[str, int]:
    return {
        "depth": int(getattr(settings, "INNOCENCE_ZIP_MAX_DEPTH", 3)),
        "entries": int(getattr(settings, "INNOCENCE_ZIP_MAX_ENTRIES", 10_000)),
        "ratio": int(getattr(settings, "INNOCENCE_ZIP_MAX_RATIO", 100)),
        "total": int(getattr(settings, "INNOCENCE_ZIP_MAX_TOTAL_MB", 4096)) * 1024 * 1024,
    }


def _safe_name(name: str) -> tuple[str, bool]:
    """The member's name without any climbing; and whether it tried to climb."""
    normalized = posixpath.normpath(name.replace("\\", "/"))
    climbing = name.startswith(("/", "\\")) or normalized.startswith("..") or ":" in name.split("/")[0]
    parts = [p for p in normalized.split("/") if p not in ("", ".", "..")]
    return "/".join(parts) or "unnamed", climbing


def is_link(info: zipfile.ZipInfo) -> bool:
    """A member stored as a symbolic link (Unix mode bits in the high half of external_attr,
    as ``zip --symlinks`` writes them): its data is a path, never content to read."""
    return info.create_system == 3 and stat.S_ISLNK(info.external_attr >> 16)


class ZipIngestor(Ingestor):
    name = "zip"
    label = "Zip archive"
    mimes = (sniff.ZIP,)
    extensions = ("zip",)

    def extract(self, path: Path, sniffed: Sniffed, *, depth: int = 0) -> Extraction:
        limit = limits()
        if depth >= limit["depth"]:
            raise IngestError(
                f"This archive is nested {depth + 1} archives deep, more than the {limit['depth']} allowed; "
                "its contents were not unpacked."
            )
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise IngestError("The zip archive is damaged and cannot be opened.") from exc
        extraction = Extraction()
        children: list[ChildFile] = []
        try:
            members = [info for info in archive.infolist() if not info.is_dir()]
            if len(members) > limit["entries"]:
                raise IngestError(
                    f"The archive holds {len(members):,} files, more than the {limit['entries']:,} allowed."
                )
            declared = sum(info.file_size for info in members)
            if declared > limit["total"]:
                raise IngestError(
                    f"The archive would unpack to {declared / 1e6:,.0f} MB, more than the "
                    f"{limit['total'] / 1e6:,.0f} MB allowed (a possible zip bomb)."
                )
            compressed = max(sum(info.compress_size for info in members), 1)
            if declared > 1024 * 1024 and declared / compressed > limit["ratio"]:
                raise IngestError(
                    f"The archive expands {declared / compressed:,.0f} times its size, more than the "
                    f"{limit['ratio']}× allowed: it looks like a zip bomb and was not unpacked."
                )
            if not members:
                extraction.notes.append("The archive is empty: it holds no files.")
            links = [info for info in members if is_link(info)]
            if links:
                shown = ", ".join(_safe_name(info.filename)[0] for info in links[:5])
                extraction.notes.append(
                    f"{len(links)} member(s) of the archive are symbolic links ({shown}"
                    f"{', …' if len(links) > 5 else ''}), which point at other files rather than hold content; "
                    "they were refused and not followed."
                )
            members = [info for info in members if not is_link(info)]
            encrypted = [info for info in members if info.flag_bits & 0x1]
            if members and len(encrypted) == len(members):
                raise IngestError(
                    f"This is a password-protected archive: all {len(members):,} file(s) in it are encrypted, so "
                    "none could be unpacked. Ask the sender for the password-free archive or for the files "
                    "themselves; the original is kept."
                )
            climbing: list[str] = []
            written = 0
            for info in members:
                name, climbs = _safe_name(info.filename)
                if climbs:
                    climbing.append(info.filename)
                if info.flag_bits & 0x1:
                    extraction.notes.append(
                        f"{name}: encrypted (password-protected) inside the archive; not unpacked."
                    )
                    continue
                allowed = min(info.file_size, limit["total"] - written)
                with tempfile.NamedTemporaryFile(prefix="innocence-zip-", delete=False) as tmp:
                    child = ChildFile(name=name[:250], path=Path(tmp.name))
                    children.append(child)
                    size = 0
                    try:
                        with archive.open(info) as source:
                            while chunk := source.read(CHUNK):
                                size += len(chunk)
                                ceiling = max(info.compress_size, 1) * limit["ratio"] + CHUNK
                                if size > allowed or size > ceiling:
                                    raise IngestError(
                                        f"{name} expands far beyond its declared size inside the archive "
                                        "(a zip bomb); the archive was not unpacked."
                                    )
                                tmp.write(chunk)
                    except (zipfile.BadZipFile, OSError, EOFError) as exc:
                        raise IngestError(f"The zip archive is damaged: {name} cannot be unpacked.") from exc
                    except NotImplementedError as exc:
                        raise IngestError(
                            f"{name} is compressed with a method that cannot be unpacked here."
                        ) from exc
                    written += size
            if climbing:
                extraction.notes.append(
                    f"{len(climbing)} name(s) in the archive tried to point outside it (e.g. "
                    f"{climbing[0]!r}); they were kept under a safe name."
                )
        except BaseException:
            for child in children:
                child.path.unlink(missing_ok=True)
            raise
        finally:
            archive.close()
        extraction.children = children
        return extraction
