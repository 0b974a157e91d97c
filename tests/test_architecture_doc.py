"""ARCHITECTURE.md stays true: every app the registry knows and every extension hook is
named there (as Datasette fails a test when a hook is undocumented)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from innocence.core.extensions import Extension, registry

DOC = Path(__file__).resolve().parents[1] / "ARCHITECTURE.md"


def test_every_app_is_on_the_map() -> None:
    text = DOC.read_text()
    missing = [e.app for e in registry().extensions if e.app != "lensapp" and f"`{e.app}`" not in text]
    assert missing == [], f"ARCHITECTURE.md does not name these apps: {missing}"


def test_every_extension_hook_is_documented() -> None:
    text = DOC.read_text()
    hooks = [f.name for f in dataclasses.fields(Extension) if f.name not in ("app", "order")]
    missing = [h for h in hooks if f"`{h}`" not in text]
    assert missing == [], f"ARCHITECTURE.md does not document these hooks: {missing}"


def test_the_files_it_points_at_exist() -> None:
    import re

    root = DOC.parent
    text = DOC.read_text()
    for path in re.findall(r"`((?:innocence|tests|documents|core|cases|search|people|findings|jobs)/[\w/.]+\.py)`", text):
        candidates = [root / path, root / "innocence" / path]
        assert any(c.exists() for c in candidates), f"ARCHITECTURE.md names {path}, which does not exist"
