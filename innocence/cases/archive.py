"""A portable archive of one case: export it from one installation (or organization),
import it into another.

The archive is a zip file:

    manifest.json   format name and version, when and by whom it was made, the
                    sections it holds, and the sha256 and size of every other member
    case.json       the case itself (see :mod:`innocence.cases.archive_case`)
    <section>/...   members written by other apps (documents, findings, ...)

**Sections.** Apps add their data without this module knowing them: each module named
declared as an ``ArchiveSection`` in an app's ``extensions.py`` (by convention
``innocence/<app>/case_archive.py``) provides

    SECTION = "documents"                                  # its folder in the archive
    def export(case, writer: ArchiveWriter) -> None        # writer.add_json / add_bytes / add_file
    def validate(reader: ArchiveReader) -> None            # optional; raise ArchiveError
    def import_(case, reader: ArchiveReader, ctx: ImportContext) -> None

Sections run in their declared order (documents before the findings that cite them)
and share old→new id maps through ``ctx.ids``. On import, an archive holding a section
this installation cannot read is refused rather than imported with a silent hole; the
system check (innocence.core.checks) fails when a model holding case data is in no
section.

**Import is all or nothing.** Everything is checked before anything is written: the
zip's structure and limits (member count, sizes, compression ratio — no zip bombs),
every member's path (no absolute paths, no '..', no links), the manifest, every
checksum, the case.json schema and each section's own validation. Then one database
transaction writes it all; any error rolls everything back.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import stat
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import ModuleType
from typing import IO, Any

from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import DataError, transaction
from django.utils import timezone

from innocence.core import audit
from innocence.core.access import can_create_case_in, can_export_case, can_see_walls
from innocence.core.models import AuditAction, Organization

from .models import Case
from .selectors import CaseNotFound, case_is_visible

log = logging.getLogger(__name__)

FORMAT_NAME = "innocence-files/case-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
CASE_MEMBER = "case.json"


@dataclass(frozen=True)
class Limits:
    """What an archive may hold before it is refused as a possible zip bomb."""

    max_members: int = 200_000
    max_member_bytes: int = 8 * 1024**3
    max_total_bytes: int = 200 * 1024**3
    max_json_bytes: int = 256 * 1024**2
    #: A member this much smaller compressed than uncompressed is suspicious...
    max_ratio: int = 200
    #: ...once it is at least this big uncompressed.
    ratio_applies_above: int = 16 * 1024**2


DEFAULT_LIMITS = Limits()
_CHUNK = 1024 * 1024


class ArchiveError(Exception):
    """The archive cannot be imported; the message says why in plain words."""


#: Deeper than any member this format writes (case.json is about five levels deep): a file
#: nested past it is refused before anything walks it recursively.
MAX_JSON_DEPTH = 64
#: The range of the database's integers (SQLite INTEGER, PostgreSQL bigint).
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


def _where(path: list[str]) -> str:
    return "".join(path) or "(top level)"


def load_json(raw: bytes, name: str) -> Any:
    """A member's JSON, refused in words when it holds what no field can: nesting deeper
    than MAX_JSON_DEPTH (which would end in a RecursionError), integers outside 64 bits
    (an OverflowError at the database), NaN or infinite numbers, NUL characters in text."""

    def not_a_number(token: str) -> Any:
        raise ArchiveError(f"{name} holds {token}, which is not a number any field can hold.")

    try:
        data = json.loads(raw, parse_constant=not_a_number)
    except RecursionError as exc:
        raise ArchiveError(
            f"{name} is nested too deeply to be read (more than {MAX_JSON_DEPTH} levels)."
        ) from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ArchiveError(f"{name} is not valid JSON: {exc}") from exc
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise ArchiveError(f"{name} holds a number too long to read ({exc}).") from exc
    stack: list[tuple[Any, list[str]]] = [(data, [])]
    while stack:
        value, path = stack.pop()
        if len(path) > MAX_JSON_DEPTH:
            raise ArchiveError(
                f"{name} is nested too deeply to be read (more than {MAX_JSON_DEPTH} levels, at {_where(path[:6])}…)."
            )
        if isinstance(value, dict):
            for key, item in value.items():
                if "\x00" in key:
                    raise ArchiveError(f"{name}: a key at {_where(path)} contains a NUL character (U+0000).")
                stack.append((item, [*path, f".{key}" if path else key]))
        elif isinstance(value, list):
            stack.extend((item, [*path, f"[{index}]"]) for index, item in enumerate(value))
        elif isinstance(value, bool):
            continue
        elif isinstance(value, int) and not INT64_MIN <= value <= INT64_MAX:
            shown = str(value) if len(str(value)) <= 30 else str(value)[:27] + "…"
            raise ArchiveError(
                f"{name}: {_where(path)} is {shown}, a number too large for any field (at most 2^63 − 1)."
            )
        elif isinstance(value, float) and not math.isfinite(value):
            raise ArchiveError(f"{name}: {_where(path)} is not a finite number.")
        elif isinstance(value, str) and "\x00" in value:
            raise ArchiveError(
                f"{name}: {_where(path)} contains a NUL character (U+0000), which no text field may hold."
            )
    return data


# --- writing -------------------------------------------------------------------------


def _sha256_of(handle: IO[bytes]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    while chunk := handle.read(_CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


class ArchiveWriter:
    """Writes the members of one section (under its folder) and notes their checksums."""

    def __init__(self, zf: zipfile.ZipFile, members: dict[str, dict[str, Any]], section: str = "") -> None:
        self._zf = zf
        self._members = members
        self.section = section

    def _name(self, name: str) -> str:
        full = f"{self.section}/{name}" if self.section else name
        problem = unsafe_member_name(full)
        if problem:
            raise ValueError(f"{full!r}: {problem}")
        if full in self._members or full == MANIFEST:
            raise ValueError(f"{full!r} is written twice")
        return full

    def add_bytes(self, name: str, data: bytes) -> None:
        full = self._name(name)
        self._zf.writestr(full, data)
        self._members[full] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

    def add_json(self, name: str, data: Any) -> None:
        self.add_bytes(name, json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True).encode())

    def add_file(self, name: str, path: Path | str) -> None:
        """Stream a file from disk (documents can be large)."""
        full = self._name(name)
        with open(path, "rb") as handle:
            sha, size = _sha256_of(handle)
        self._zf.write(path, full)
        self._members[full] = {"sha256": sha, "size": size}

    def for_section(self, section: str) -> ArchiveWriter:
        return ArchiveWriter(self._zf, self._members, section)


# --- reading -------------------------------------------------------------------------


def unsafe_member_name(name: str) -> str:
    """Why a member name could write outside the target, or '' if it is safe."""
    if not name or name.endswith("/"):
        return "is a folder entry"
    if "\\" in name or "\x00" in name:
        return "contains a backslash or NUL"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "is an absolute path"
    parts = PurePosixPath(name).parts
    if any(part in ("..", ".", "") for part in parts) or "//" in name:
        return "climbs out of the archive ('..') or is not a plain path"
    return ""


class ArchiveReader:
    """Read access to the verified members of an archive (of one section, or all)."""

    def __init__(self, zf: zipfile.ZipFile, members: dict[str, dict[str, Any]], section: str = "") -> None:
        self._zf = zf
        self._members = members
        self.section = section

    def _full(self, name: str) -> str:
        full = f"{self.section}/{name}" if self.section else name
        if full not in self._members:
            raise ArchiveError(f"The archive has no member '{full}'.")
        return full

    def names(self) -> list[str]:
        prefix = f"{self.section}/" if self.section else ""
        return sorted(n[len(prefix) :] for n in self._members if n.startswith(prefix))

    def exists(self, name: str) -> bool:
        return (f"{self.section}/{name}" if self.section else name) in self._members

    def open(self, name: str) -> IO[bytes]:
        return self._zf.open(self._full(name))

    def read_bytes(self, name: str) -> bytes:
        with self.open(name) as handle:
            return handle.read()

    def json(self, name: str) -> Any:
        return load_json(self.read_bytes(name), self._full(name))

    def for_section(self, section: str) -> ArchiveReader:
        return ArchiveReader(self._zf, self._members, section)


@dataclass
class VerifiedArchive:
    path: Path
    zf: zipfile.ZipFile
    manifest: dict[str, Any]
    case_data: Any  # archive_case.CaseArchive
    sections: list[tuple[str, ModuleType]]

    @property
    def reader(self) -> ArchiveReader:
        return ArchiveReader(self.zf, self.manifest["members"])

    def close(self) -> None:
        self.zf.close()


def installed_sections() -> list[tuple[str, ModuleType]]:
    """The archive sections the apps declare in their extensions.py, in import order."""
    from innocence.core.extensions import registry, resolve

    found = []
    for section in registry().archive_sections():
        module = resolve(section.module)
        if not (callable(getattr(module, "export", None)) and callable(getattr(module, "import_", None))):
            raise ImproperlyConfigured(
                f"{section.module} must define export(case, writer) and import_(case, reader, ctx)."
            )
        found.append((section.name, module))
    return found


def _check_structure(zf: zipfile.ZipFile, limits: Limits) -> None:
    infos = zf.infolist()
    if len(infos) > limits.max_members:
        raise ArchiveError(
            f"The archive has {len(infos)} members; at most {limits.max_members} are accepted."
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        problem = unsafe_member_name(info.filename)
        if problem:
            raise ArchiveError(f"Refused: archive member '{info.filename}' {problem}.")
        if info.filename in seen:
            raise ArchiveError(f"Refused: archive member '{info.filename}' appears twice.")
        seen.add(info.filename)
        mode = info.external_attr >> 16
        if mode and stat.S_ISLNK(mode):
            raise ArchiveError(f"Refused: archive member '{info.filename}' is a symbolic link.")
        if info.flag_bits & 0x1:
            raise ArchiveError(f"Refused: archive member '{info.filename}' is encrypted.")
        if info.file_size > limits.max_member_bytes:
            raise ArchiveError(
                f"Refused: '{info.filename}' would unpack to {info.file_size} bytes (too big)."
            )
        if info.file_size > limits.ratio_applies_above and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise ArchiveError(
                f"Refused: '{info.filename}' is compressed more than {limits.max_ratio}:1 (a possible zip bomb)."
            )
        total += info.file_size
        if total > limits.max_total_bytes:
            raise ArchiveError("Refused: the archive would unpack to more than the allowed total size.")


def _read_capped(zf: zipfile.ZipFile, name: str, cap: int) -> bytes:
    with zf.open(name) as handle:
        data = handle.read(cap + 1)
    if len(data) > cap:
        raise ArchiveError(f"Refused: '{name}' is larger than {cap} bytes.")
    return data


def _check_manifest(zf: zipfile.ZipFile, limits: Limits) -> dict[str, Any]:
    if MANIFEST not in zf.namelist():
        raise ArchiveError(f"This is not a case archive: it has no {MANIFEST}.")
    manifest = load_json(_read_capped(zf, MANIFEST, limits.max_json_bytes), MANIFEST)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT_NAME:
        raise ArchiveError(f"This is not a case archive: {MANIFEST} does not say format '{FORMAT_NAME}'.")
    version = manifest.get("format_version")
    if not isinstance(version, int) or version < 1:
        raise ArchiveError(f"{MANIFEST}: format_version must be a whole number.")
    if version > FORMAT_VERSION:
        raise ArchiveError(
            f"The archive is format version {version}; this installation reads up to {FORMAT_VERSION}. "
            "Upgrade Innocence Files to import it."
        )
    members = manifest.get("members")
    if not isinstance(members, dict) or not all(
        isinstance(v, dict) and isinstance(v.get("sha256"), str) and isinstance(v.get("size"), int)
        for v in members.values()
    ):
        raise ArchiveError(f"{MANIFEST}: 'members' must map each member to its sha256 and size.")
    sections = manifest.get("sections", [])
    if not isinstance(sections, list) or not all(isinstance(s, str) for s in sections):
        raise ArchiveError(f"{MANIFEST}: 'sections' must be a list of names.")
    in_zip = set(zf.namelist()) - {MANIFEST}
    missing = sorted(set(members) - in_zip)
    if missing:
        raise ArchiveError(
            f"The archive is incomplete: {', '.join(missing[:5])} listed in the manifest but missing."
        )
    extra = sorted(in_zip - set(members))
    if extra:
        raise ArchiveError(f"The archive was altered: {', '.join(extra[:5])} not listed in the manifest.")
    if CASE_MEMBER not in members:
        raise ArchiveError(f"The archive has no {CASE_MEMBER}.")
    return manifest


def _check_checksums(zf: zipfile.ZipFile, members: dict[str, dict[str, Any]]) -> None:
    for name, expected in sorted(members.items()):
        try:
            with zf.open(name) as handle:
                digest = hashlib.sha256()
                size = 0
                while chunk := handle.read(_CHUNK):
                    size += len(chunk)
                    if size > expected["size"]:
                        raise ArchiveError(
                            f"'{name}' is larger than the manifest says: the archive was altered."
                        )
                    digest.update(chunk)
        except (zipfile.BadZipFile, EOFError, OSError) as exc:
            raise ArchiveError(
                f"'{name}' cannot be read ({exc}): the archive is damaged or truncated."
            ) from exc
        if size != expected["size"] or digest.hexdigest() != expected["sha256"]:
            raise ArchiveError(f"Checksum mismatch for '{name}': the archive is damaged or was altered.")


def verify_archive(path: Path | str, *, limits: Limits = DEFAULT_LIMITS) -> VerifiedArchive:
    """Check everything that can be checked without writing; return the open archive."""
    from .archive_case import parse_case_json

    path = Path(path)
    if not path.is_file():
        raise ArchiveError(f"No file at {path}.")
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile as exc:
        raise ArchiveError(f"{path.name} is not a zip archive, or it is truncated ({exc}).") from exc
    except OSError as exc:
        raise ArchiveError(f"{path.name} cannot be read: {exc}.") from exc
    try:
        _check_structure(zf, limits)
        manifest = _check_manifest(zf, limits)
        _check_checksums(zf, manifest["members"])
        reader = ArchiveReader(zf, manifest["members"])
        if manifest["members"][CASE_MEMBER]["size"] > limits.max_json_bytes:
            raise ArchiveError(f"Refused: {CASE_MEMBER} is larger than {limits.max_json_bytes} bytes.")
        case_data = parse_case_json(reader.json(CASE_MEMBER))
        available = dict(installed_sections())
        sections = []
        for name in manifest.get("sections", []):
            if name == "case":
                continue
            module = available.get(name)
            if module is None:
                raise ArchiveError(
                    f"The archive holds '{name}' data, which this installation cannot read. "
                    "Install the matching version of Innocence Files to import it."
                )
            validate = getattr(module, "validate", None)
            if validate is not None:
                validate(reader.for_section(name))
            sections.append((name, module))
        # Import in the registry's order, whatever order the manifest lists.
        order = [name for name, _ in installed_sections()]
        sections.sort(key=lambda item: order.index(item[0]))
    except (ArchiveError, ValidationError):
        zf.close()
        raise
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        zf.close()
        raise ArchiveError(f"{path.name} is damaged or truncated ({exc}).") from exc
    return VerifiedArchive(path, zf, manifest, case_data, sections)


# --- export and import ---------------------------------------------------------------


@dataclass
class ExportResult:
    path: Path
    members: int
    bytes: int
    sections: list[str]


def export_case(*, actor: Any, case: Case, destination: Path | str) -> ExportResult:
    """Write the archive of one case the actor can see; audited as an export."""
    from . import archive_case

    if not case_is_visible(actor, case):
        raise CaseNotFound("No such case.")
    if not can_export_case(actor, case):
        raise PermissionDenied("Exporting a whole case is a right of its own; your role does not have it.")
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    members: dict[str, dict[str, Any]] = {}
    sections = ["case"]
    fd, partial = tempfile.mkstemp(prefix=".export-", suffix=".zip", dir=destination.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
            writer = ArchiveWriter(zf, members)
            writer.add_json(
                CASE_MEMBER, archive_case.export_case_json(case, wall_reasons=can_see_walls(actor, case))
            )
            for name, module in installed_sections():
                before = len(members)
                module.export(case, writer.for_section(name))
                if len(members) > before:
                    sections.append(name)
            manifest = {
                "format": FORMAT_NAME,
                "format_version": FORMAT_VERSION,
                "created_at": timezone.now().isoformat(),
                "created_by": actor.get_username() if actor is not None else "",
                "generator": "innocence-files",
                "source": {"organization": case.organization.slug, "reference": case.reference},
                "sections": sections,
                "members": members,
            }
            zf.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
        Path(partial).replace(destination)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    audit.record(
        AuditAction.EXPORT,
        actor=actor,
        obj=case,
        changes={"file": destination.name, "members": len(members) + 1, "sections": sections},
    )
    return ExportResult(destination, len(members) + 1, destination.stat().st_size, sections)


@dataclass
class ImportContext:
    """What sections share while importing one case."""

    actor: Any
    organization: Organization
    users: dict[str, Any]
    people: dict[str, Any] = field(default_factory=dict)
    #: old id → new object, per kind: ids["documents.Document"][old_id] = new document
    ids: dict[str, dict[Any, Any]] = field(default_factory=dict)
    unmatched_users: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)
    #: What a section wrote outside the database (files in storage), undone when the import's
    #: transaction rolls back: each callable is run once, after the rollback.
    undo: list[Callable[[], None]] = field(default_factory=list)

    def user(self, username: str | None) -> Any:
        """The member of the target organization with this username, or None."""
        if not username:
            return None
        user = self.users.get(username)
        if user is None:
            self.unmatched_users.add(username)
        return user


@dataclass
class ImportResult:
    case: Case
    sections: list[str]
    unmatched_users: list[str]
    warnings: list[str]


def _unreadable(exc: BaseException) -> str:
    if isinstance(exc, RecursionError):
        return "The archive holds data nested too deeply to be read."
    return f"The archive holds a number too large for the database ({exc})."


def _undo(ctx: ImportContext) -> None:
    """After a rollback: remove what the sections wrote outside the database."""
    for step in reversed(ctx.undo):
        try:
            step()
        except Exception:  # one failed clean-up must not hide the import's own error
            log.exception("clean-up after a rolled-back import failed")
    ctx.undo.clear()


def import_case(
    *,
    actor: Any,
    organization: Organization,
    source: Path | str,
    reference: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    on_step: Callable[[int, int, str], None] | None = None,
) -> ImportResult:
    """Verify the archive completely, then write it in one transaction.

    ``on_step`` is told (steps done, steps in all — 0 while the archive is being checked —,
    the step under way): checking, the case, then each section; the CLI draws it as a bar.
    It is a callback rather than the job queue's progress rows because the writes are in one
    transaction, where no other connection could read those rows anyway."""
    from . import archive_case

    def step(done: int, total: int, now: str) -> None:
        if on_step is not None:
            on_step(done, total, now)

    if not can_create_case_in(actor, organization):
        raise ArchiveError(f"{actor.get_username()} may not open cases in {organization.name}.")
    step(0, 0, "checking the archive")
    try:
        verified = verify_archive(source, limits=limits)
    except (RecursionError, OverflowError, DataError) as exc:
        raise ArchiveError(_unreadable(exc)) from exc
    ctx = ImportContext(actor=actor, organization=organization, users={})
    total = 2 + len(verified.sections)  # the check, the case, each section
    try:
        archive_case.check_can_import(verified.case_data, organization, reference)
        with transaction.atomic():
            step(1, total, "case")
            ctx.users = archive_case.members_of(organization)
            case = archive_case.import_case_json(verified.case_data, ctx, reference=reference)
            reader = verified.reader
            for done, (name, module) in enumerate(verified.sections, start=2):
                step(done, total, name)
                module.import_(case, reader.for_section(name), ctx)
            audit.record(
                AuditAction.IMPORT,
                actor=actor,
                obj=case,
                changes={
                    "file": Path(source).name,
                    "source": verified.manifest.get("source", {}),
                    "exported_at": verified.manifest.get("created_at", ""),
                    "sections": ["case", *(name for name, _ in verified.sections)],
                    "unmatched_users": sorted(ctx.unmatched_users),
                },
            )
    except BaseException as exc:
        _undo(ctx)
        if isinstance(exc, RecursionError | OverflowError | DataError):
            raise ArchiveError(_unreadable(exc)) from exc
        raise
    finally:
        verified.close()
    step(total, total, "")
    if ctx.unmatched_users:
        ctx.warnings.append(
            "Not members of this organization, so not linked (their work is kept, unattributed): "
            + ", ".join(sorted(ctx.unmatched_users))
        )
    return ImportResult(
        case, ["case", *(n for n, _ in verified.sections)], sorted(ctx.unmatched_users), ctx.warnings
    )
