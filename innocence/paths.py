"""Where a copy of Innocence Files keeps its data, worked out without importing the
settings (importing them creates the data directory)."""

from __future__ import annotations

import os
from pathlib import Path


def checkout_root() -> Path | None:
    """The project checkout this code runs from (it has the Makefile and pyproject.toml
    beside the package), or None for an installed copy."""
    root = Path(__file__).resolve().parents[1]
    if (root / "pyproject.toml").is_file() and (root / "Makefile").is_file() and (root / "innocence").is_dir():
        return root
    return None


def default_data_dir() -> Path:
    """A checkout keeps its data in ``<checkout>/var`` — the same directory for ``make demo``
    and every ``innocence`` command run from it; an installed copy uses the XDG data
    directory (``~/.local/share/innocence-files``)."""
    root = checkout_root()
    if root is not None:
        return root / "var"
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg) if xdg else Path.home() / ".local" / "share"
    return base / "innocence-files"
