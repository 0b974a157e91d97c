"""Loading the knowledge base (``innocence/knowledge/*.yaml``).

Rules never hard-code a threshold or a citation: they look up their entry here by rule id.
An entry carries its version, the statement of what the research or law says, the
authorities it rests on (keys into ``authorities``), the NRE contributing factors it bears
on, and any thresholds.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from innocence.knowledge import loader
from innocence.knowledge.loader import KnowledgeError

KNOWLEDGE_PACKAGE = loader.PACKAGE

__all__ = ["KnowledgeError", "knowledge_base"]


@dataclass(frozen=True)
class Authority:
    key: str
    short: str
    citation: str
    kind: str = "research"
    url: str = ""
    doi: str = ""
    verification: str = ""

    @property
    def link(self) -> str:
        return self.url or (f"https://doi.org/{self.doi}" if self.doi else "")


@dataclass(frozen=True)
class RuleEntry:
    id: str
    version: int
    title: str
    statement: str
    lens: str
    source_file: str
    authorities: tuple[str, ...] = ()
    nre_factors: tuple[str, ...] = ()
    thresholds: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)

    def threshold(self, name: str) -> Any:
        if name not in self.thresholds:
            raise KnowledgeError(f"{self.source_file}: rule {self.id} has no threshold '{name}'.")
        return self.thresholds[name]


@dataclass(frozen=True)
class Factor:
    code: str
    name: str
    definition: str
    authorities: tuple[str, ...] = ()


@dataclass
class KnowledgeBase:
    authorities: dict[str, Authority] = field(default_factory=dict)
    rules: dict[str, RuleEntry] = field(default_factory=dict)
    factors: dict[str, Factor] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    def rule(self, rule_id: str) -> RuleEntry:
        try:
            return self.rules[rule_id]
        except KeyError:
            raise KnowledgeError(f"No knowledge entry for rule '{rule_id}' in innocence/knowledge/.") from None

    def authority(self, key: str) -> Authority | None:
        return self.authorities.get(key)

    def data(self, file_stem: str) -> dict[str, Any]:
        """The raw content of one data file (e.g. ``eyewitness``) for extra tables such as lexicons."""
        return self.files.get(file_stem, {})


def _parse(name: str, content: dict[str, Any], kb: KnowledgeBase) -> None:
    for key, entry in (content.get("authorities") or {}).items():
        if not isinstance(entry, dict) or not entry.get("citation"):
            raise KnowledgeError(f"{name}: authority '{key}' needs a 'citation'.")
        kb.authorities[key] = Authority(
            key=key,
            short=str(entry.get("short") or key),
            citation=" ".join(str(entry["citation"]).split()),
            kind=str(entry.get("kind", "research")),
            url=str(entry.get("url", "")),
            doi=str(entry.get("doi", "")),
            verification=str(entry.get("verification", "")),
        )
    rules = content.get("rules") or []
    if not isinstance(rules, list):
        raise KnowledgeError(f"{name}: 'rules' must be a list of entries.")
    for index, entry in enumerate(rules, start=1):
        if not isinstance(entry, dict) or "id" not in entry or "version" not in entry:
            raise KnowledgeError(f"{name}: rule entry {index} needs an 'id' and a 'version'.")
        rule_id = str(entry["id"])
        if rule_id in kb.rules:
            raise KnowledgeError(f"{name}: rule '{rule_id}' is defined twice.")
        kb.rules[rule_id] = RuleEntry(
            id=rule_id,
            version=int(entry["version"]),
            title=str(entry.get("title", rule_id)),
            statement=" ".join(str(entry.get("statement", "")).split()),
            lens=str(entry.get("lens") or content.get("lens") or ""),
            source_file=name,
            authorities=tuple(entry.get("authorities") or ()),
            nre_factors=tuple(entry.get("nre_factors") or ()),
            thresholds=dict(entry.get("thresholds") or {}),
            data=dict(entry),
        )
    for code, entry in (content.get("contributing_factors") or {}).items():
        kb.factors[code] = Factor(
            code=code,
            name=str(entry.get("name", code)),
            definition=" ".join(str(entry.get("definition", "")).split()),
            authorities=tuple(entry.get("authorities") or ()),
        )


def _check_references(kb: KnowledgeBase) -> None:
    for rule in kb.rules.values():
        for key in rule.authorities:
            if key not in kb.authorities:
                raise KnowledgeError(f"{rule.source_file}: rule '{rule.id}' cites unknown authority '{key}'.")
        for code in rule.nre_factors:
            if kb.factors and code not in kb.factors:
                raise KnowledgeError(f"{rule.source_file}: rule '{rule.id}' names unknown NRE factor '{code}'.")


@functools.cache
def knowledge_base() -> KnowledgeBase:
    from innocence.core.extensions import registry

    kb = KnowledgeBase()
    for package in (KNOWLEDGE_PACKAGE, *registry().knowledge_packages()):
        # The top-level files of each package are the rule entries and authorities; the
        # sub-folders (people/, intake/, documents/) belong to the app of the same name.
        for name in loader.names(package=package):
            content = loader.load(name, package=package)
            kb.files[name.rsplit(".", 1)[0]] = content
            _parse(loader.describe(name, package=package), content, kb)
    _check_references(kb)
    return kb
