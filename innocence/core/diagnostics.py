"""What `innocence check` reports: is this installation configured and able to work?

Each check returns a :class:`Check` with a status: ``ok``, ``warning`` (works, with a
limitation the operator should know about) or ``error`` (something essential is
broken; the command exits non-zero).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

OK, WARNING, ERROR = "ok", "warning", "error"
LOW_DISK_WARNING = 2 * 1024**3
LOW_DISK_ERROR = 200 * 1024**2

@dataclass
class Check:
    name: str
    status: str
    detail: str
    data: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

log = logging.getLogger(__name__)


def _run(argv: list[str]) -> str | None:
    """First line of a program's output, or None when it is missing or fails."""
    if shutil.which(argv[0]) is None and not Path(argv[0]).is_file():
        return None
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    text = (done.stdout or done.stderr).strip()
    return text.splitlines()[0] if done.returncode == 0 and text else None


def check_database() -> Check:
    from django.db import connection

    from innocence.core.migration_state import pending_migrations

    db = settings.DATABASES["default"]
    engine = connection.vendor
    where = (
        str(db.get("NAME", ""))
        if engine == "sqlite"
        else f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or ''}"
    )
    where = f"{where}/{db.get('NAME')}" if engine != "sqlite" else where
    data: dict[str, Any] = {"engine": engine, "location": where}
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        data["version"] = ".".join(str(p) for p in connection.get_database_version())
    except Exception as exc:
        data["reachable"] = False
        reason = " ".join(str(exc).split())
        return Check("database", ERROR, f"{engine} at {where} cannot be reached: {reason}", data)
    data["reachable"] = True
    pending = pending_migrations(connection)
    data["pending_migrations"] = len(pending)
    if pending:
        return Check(
            "database",
            ERROR,
            f"{engine} {data['version']} at {where}: {len(pending)} migrations not applied — run `innocence migrate`",
            data,
        )
    return Check("database", OK, f"{engine} {data['version']} at {where}, schema up to date", data)


def check_data_directory() -> Check:
    path = Path(settings.DATA_DIR)
    data: dict[str, Any] = {"path": str(path)}
    if not path.is_dir():
        return Check("data directory", ERROR, f"{path} does not exist", data)
    try:
        with tempfile.NamedTemporaryFile(dir=path, prefix=".check-"):
            pass
    except OSError as exc:
        return Check("data directory", ERROR, f"{path} is not writable: {exc}", data)
    usage = shutil.disk_usage(path)
    data.update(free_bytes=usage.free, total_bytes=usage.total)
    free = f"{usage.free / 1024**3:.1f} GB free of {usage.total / 1024**3:.1f} GB"
    if usage.free < LOW_DISK_ERROR:
        return Check("data directory", ERROR, f"{path}: only {free}", data)
    if usage.free < LOW_DISK_WARNING:
        return Check("data directory", WARNING, f"{path}: {free} — low for OCR'd documents", data)
    return Check("data directory", OK, f"{path}, writable, {free}", data)


def check_file_storage() -> Check:
    backend = settings.STORAGES["default"]["BACKEND"]
    data: dict[str, Any] = {"backend": backend}
    if backend.endswith("FileSystemStorage"):
        root = Path(settings.MEDIA_ROOT)
        data["root"] = str(root)
        try:
            root.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=root, prefix=".check-"):
                pass
        except OSError as exc:
            return Check("file storage", ERROR, f"files on disk at {root}, not writable: {exc}", data)
        return Check("file storage", OK, f"files on disk at {root}", data)
    return Check("file storage", OK, backend, data)


def check_secret_key() -> Check:
    if os.environ.get("INNOCENCE_SECRET_KEY"):
        return Check("secret key", OK, "from INNOCENCE_SECRET_KEY", {"source": "environment"})
    key_file = Path(settings.DATA_DIR) / "secret_key"
    data: dict[str, Any] = {"source": "file", "path": str(key_file)}
    if not key_file.exists():
        return Check(
            "secret key", ERROR, f"neither INNOCENCE_SECRET_KEY nor {key_file}", {"source": "missing"}
        )
    mode = key_file.stat().st_mode & 0o777
    data["mode"] = oct(mode)
    if mode & 0o077:
        return Check(
            "secret key", WARNING, f"{key_file} is readable by others ({oct(mode)}); chmod 600 it", data
        )
    return Check("secret key", OK, f"generated, in {key_file} (owner-only)", data)


def check_debug() -> Check:
    if settings.DEBUG:
        return Check("debug", WARNING, "DEBUG is on: never expose this server to a network", {"debug": True})
    return Check("debug", OK, "off", {"debug": False})


def check_ocr() -> Check:
    tesseract = _run(["tesseract", "--version"])
    try:
        ocrmypdf: str | None = importlib.metadata.version("ocrmypdf")
    except importlib.metadata.PackageNotFoundError:
        ocrmypdf = None
    ghostscript = _run(["gs", "--version"])
    data: dict[str, Any] = {"tesseract": tesseract, "ocrmypdf": ocrmypdf, "ghostscript": ghostscript}
    missing = [
        name
        for name, version in (("tesseract", tesseract), ("ocrmypdf", ocrmypdf), ("ghostscript", ghostscript))
        if not version
    ]
    if missing:
        return Check(
            "ocr", WARNING, f"missing: {', '.join(missing)} — OCR of scanned pages unavailable", data
        )
    languages = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=20, check=False
    ).stdout.splitlines()[1:]
    languages = [line.strip() for line in languages if line.strip()]
    data["languages"] = languages
    detail = f"{tesseract}, ocrmypdf {ocrmypdf}, ghostscript {ghostscript}; languages: {', '.join(languages) or 'none'}"
    if "eng" not in languages:
        return Check("ocr", WARNING, detail + " — English (eng) language data missing", data)
    return Check("ocr", OK, detail, data)


def check_chromium() -> Check:
    for candidate in ("/usr/bin/chromium", "chromium", "chromium-browser"):
        version = _run([candidate, "--version"])
        if version:
            return Check(
                "chromium", OK, version, {"path": shutil.which(candidate) or candidate, "version": version}
            )
    return Check(
        "chromium",
        WARNING,
        "missing: the real-browser tests cannot run (the app itself does not need it)",
        {},
    )


def check_extensions() -> Check:
    """The extension registry's system checks: every declared name imports, every archive
    section writes, every model with case data is archived."""
    from django.core import checks

    from .checks import check_extensions as registry_check

    messages = registry_check()
    errors = [m.msg for m in messages if m.level >= checks.ERROR]
    warnings = [m.msg for m in messages if checks.WARNING <= m.level < checks.ERROR]
    from .extensions import registry

    apps = [e.app for e in registry().extensions]
    data = {"apps": apps, "errors": errors, "warnings": warnings}
    if errors:
        return Check("extensions", ERROR, f"{len(errors)} error(s): " + " | ".join(errors[:5]), data)
    if warnings:
        return Check("extensions", WARNING, f"{len(apps)} apps; " + " | ".join(warnings[:3])
                     + (f" (+{len(warnings) - 3} more)" if len(warnings) > 3 else ""), data)
    return Check("extensions", OK, f"{len(apps)} apps: {', '.join(apps)}", data)


CHECKS: tuple[Callable[[], Check], ...] = (
    check_database,
    check_data_directory,
    check_file_storage,
    check_secret_key,
    check_debug,
    check_ocr,
    check_chromium,
    check_extensions,
)


def _app_checks() -> list[Callable[[], Check]]:
    """The checks other apps declare (``diagnostics`` in their extensions.py)."""
    from .extensions import registry, resolve

    return [resolve(d) for d in registry().diagnostics()]


def run_checks() -> list[Check]:
    results = []
    database_ok = True
    app_checks = []
    try:
        app_checks = _app_checks()
    except Exception as exc:
        results.append(Check("extensions", ERROR, f"an app's check cannot be loaded: {exc}", {}))
    for check in (*CHECKS[:-1], *app_checks, CHECKS[-1]):
        if getattr(check, "needs_database", False) and not database_ok:
            name = getattr(check, "check_name", check.__name__.removeprefix("check_"))
            results.append(Check(name, WARNING, "not checked until the database is ready", {}))
            continue
        try:
            result = check()
        except Exception as exc:
            result = Check(
                check.__name__.removeprefix("check_").replace("_", " "), ERROR, f"check failed: {exc}"
            )
        if result.name == "database" and result.status == ERROR:
            database_ok = False
        results.append(result)
    return results


def health() -> dict[str, str]:
    """What a load balancer or an orchestrator asks a web or worker machine every few seconds:
    can it reach its database and its queue. Cheap (no migration plan, no counts) and saying
    nothing about the data: each part is "ok" or "unreachable"; the reason goes to the log."""
    from django.db import connection

    parts: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        parts["database"] = "ok"
    except Exception:
        log.warning("health: the database cannot be reached", exc_info=True)
        parts["database"] = "unreachable"
    # the queue's setting read here, as jobs.queue.backend_name reads it (jobs imports core)
    if (getattr(settings, "INNOCENCE_QUEUE", "db") or "db") == "rq":
        try:
            from redis import Redis

            url = getattr(settings, "REDIS_URL", "") or "redis://127.0.0.1:6379/0"
            Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
            parts["queue"] = "ok"
        except Exception:
            log.warning("health: Redis cannot be reached", exc_info=True)
            parts["queue"] = "unreachable"
    else:
        parts["queue"] = parts["database"]  # the database queue lives in the database
    return parts
