"""The one loader of the knowledge base's data files.

Every app that reads ``innocence/knowledge`` — the findings rules' entries and authorities,
the people vocabularies (titles, roles, nicknames, vehicles), intake's decline reasons and
screening criteria, the documents app's type cues — reads through here, so a file is found
the same way (as package data: it works from a wheel as from the source tree), parsed the
same way (``yaml.safe_load``'s safe loader, in C when PyYAML has it), cached once per
process, and a malformed file fails with a :class:`KnowledgeError` that names it instead
of a stack trace from deep inside a rule.

Names are paths inside the package: ``"eyewitness.yaml"``, ``"people/titles.yaml"``.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml

PACKAGE = "innocence.knowledge"
#: yaml.safe_load's loader, in libyaml's C parser when PyYAML was built with it: the same
#: documents (tests/test_knowledge_loader.py compares every file), at a tenth of the CPU —
#: the knowledge files were a fifth of the CPU around the OCR engine in a short scanned
#: document's ingest, parsed in pure Python in each process that reads them.
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SUFFIXES = (".yaml", ".yml")


class KnowledgeError(Exception):
    """A data file in the knowledge base is missing or malformed; the message names the file
    (and the entry, where the reader knows it)."""


def _where(package: str, name: str) -> str:
    return f"{package.replace('.', '/')}/{name}"


@functools.cache
def load(name: str, *, package: str = PACKAGE) -> dict[str, Any]:
    """The mapping held by the data file ``name`` (an empty file is an empty mapping).
    Cached: callers must not change what they get."""
    where = _where(package, name)
    resource = resources.files(package)
    for part in name.split("/"):
        resource = resource.joinpath(part)
    try:
        text = resource.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        raise KnowledgeError(f"{where} is missing from the knowledge base.") from None
    try:
        content = yaml.load(text, Loader=_SAFE_LOADER)  # noqa: S506 — a safe loader
    except yaml.YAMLError as exc:
        raise KnowledgeError(f"{where} is not valid YAML: {exc}") from exc
    if content is None:
        return {}
    if not isinstance(content, dict):
        raise KnowledgeError(f"{where} must hold a mapping at the top level.")
    return content


def names(folder: str = "", *, package: str = PACKAGE) -> list[str]:
    """The data files directly in ``folder`` of the package (sorted), as names for :func:`load`."""
    resource = resources.files(package)
    for part in [p for p in folder.split("/") if p]:
        resource = resource.joinpath(part)
    prefix = f"{folder.strip('/')}/" if folder.strip("/") else ""
    return sorted(
        prefix + item.name for item in resource.iterdir() if item.is_file() and item.name.endswith(SUFFIXES)
    )


def describe(name: str, *, package: str = PACKAGE) -> str:
    """How a file is named in messages: ``innocence/knowledge/people/titles.yaml``."""
    return _where(package, name)
