"""The Evidence lens's reading of the knowledge base: forensic methods and their scientific
status, the overstatement language the reviews name, official reviews and lab scandals
(innocence/knowledge/forensics.yaml), the DNA-testing statutes (dna_statutes.yaml) and the
proposer's patterns (evidence_proposals.yaml). Nothing here is a constant in code."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from innocence.findings.knowledge import KnowledgeError, knowledge_base

NOT_VALID = ("not_established", "discredited")
STATUS_LABELS = {
    "valid": "foundationally valid",
    "valid_subjective": "valid but subjective (error rates must be disclosed)",
    "limited": "valid in a limited range only",
    "not_established": "not foundationally valid",
    "discredited": "discredited for this use",
    "presumptive": "presumptive only (needs laboratory confirmation)",
    "not_assessed": "not assessed in the knowledge base",
}


@dataclass(frozen=True)
class Method:
    key: str
    label: str
    discipline: str
    status: str
    statement: str
    authorities: tuple[str, ...]
    invalid_use: str = ""
    dna_era: str = ""

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)


@dataclass(frozen=True)
class Overstatement:
    id: str
    label: str
    pattern: re.Pattern[str]
    applies_to: tuple[str, ...]
    authorities: tuple[str, ...]

    def applies(self, method: str) -> bool:
        return "any" in self.applies_to or method in self.applies_to


@dataclass(frozen=True)
class Review:
    id: str
    title: str
    labs: tuple[str, ...]
    analysts: tuple[str, ...]
    years: tuple[int, int] | None
    disciplines: tuple[str, ...]
    authorities: tuple[str, ...]
    note: str = ""


def _file(stem: str) -> dict[str, Any]:
    data = knowledge_base().data(stem)
    if not data:
        raise KnowledgeError(f"innocence/knowledge/{stem}.yaml is missing or empty.")
    return data


@functools.cache
def methods() -> dict[str, Method]:
    found: dict[str, Method] = {}
    for key, entry in (_file("forensics").get("methods") or {}).items():
        if not isinstance(entry, dict) or "label" not in entry or "status" not in entry:
            raise KnowledgeError(f"innocence/knowledge/forensics.yaml: method '{key}' needs a label and a status.")
        if entry["status"] not in STATUS_LABELS:
            raise KnowledgeError(f"innocence/knowledge/forensics.yaml: method '{key}' has unknown status {entry['status']!r}.")
        found[key] = Method(
            key=key, label=str(entry["label"]), discipline=str(entry.get("discipline", key)),
            status=str(entry["status"]), statement=" ".join(str(entry.get("statement", "")).split()),
            authorities=tuple(entry.get("authorities") or ()), invalid_use=str(entry.get("invalid_use", "")),
            dna_era=str(entry.get("dna_era", "")),
        )
    return found


def method(key: str) -> Method | None:
    return methods().get(key)


def method_label(key: str) -> str:
    found = methods().get(key)
    return found.label if found else f"unknown method '{key}'"


def method_choices() -> list[tuple[str, str]]:
    return [(m.key, m.label) for m in methods().values()]


@functools.cache
def overstatements() -> list[Overstatement]:
    items = []
    for entry in _file("forensics").get("overstatements") or []:
        try:
            pattern = re.compile(entry["pattern"], re.IGNORECASE)
        except (KeyError, re.error) as exc:
            raise KnowledgeError(f"innocence/knowledge/forensics.yaml: overstatement {entry.get('id')}: {exc}") from exc
        items.append(Overstatement(
            id=str(entry["id"]), label=str(entry["label"]), pattern=pattern,
            applies_to=tuple(entry.get("applies_to") or ("any",)), authorities=tuple(entry.get("authorities") or ()),
        ))
    return items


@functools.cache
def reviews() -> list[Review]:
    items = []
    for entry in _file("forensics").get("reviews") or []:
        years = entry.get("years")
        items.append(Review(
            id=str(entry["id"]), title=str(entry["title"]),
            labs=tuple(str(x).lower() for x in entry.get("labs") or ()),
            analysts=tuple(" ".join(str(x).lower().split()) for x in entry.get("analysts") or ()),
            years=(int(years[0]), int(years[1])) if years else None,
            disciplines=tuple(entry.get("disciplines") or ()), authorities=tuple(entry.get("authorities") or ()),
            note=str(entry.get("note", "")),
        ))
    return items


def drug_charge_words() -> list[str]:
    return [str(w).lower() for w in _file("forensics").get("drug_charge_words") or []]


# --- DNA-testing statutes ----------------------------------------------------------------

CHECKS = ("evidence_secured", "evidence_exists", "not_previously_tested", "chain_of_custody",
          "identity_at_issue", "timely_federal", "record_silent")


@dataclass(frozen=True)
class Element:
    id: str
    text: str
    check: str


@dataclass(frozen=True)
class Statute:
    key: str
    name: str
    citation: str
    verification: str
    last_checked: str | None
    elements: tuple[Element, ...]
    authorities: tuple[str, ...] = ()
    applies: str = ""
    checked_against: str = ""

    @property
    def verified(self) -> bool:
        return self.verification == "V"


@functools.cache
def statutes() -> dict[str, Statute]:
    found: dict[str, Statute] = {}
    for key, entry in (_file("dna_statutes").get("statutes") or {}).items():
        elements = []
        for raw in entry.get("elements") or []:
            if raw.get("check") not in CHECKS:
                raise KnowledgeError(
                    f"innocence/knowledge/dna_statutes.yaml: {key}.{raw.get('id')} has unknown check {raw.get('check')!r}."
                )
            elements.append(Element(str(raw["id"]), str(raw["text"]), str(raw["check"])))
        found[key] = Statute(
            key=key, name=str(entry["name"]), citation=str(entry["citation"]),
            verification=str(entry.get("verification", "U")), last_checked=entry.get("last_checked"),
            elements=tuple(elements), authorities=tuple(entry.get("authorities") or ()),
            applies=str(entry.get("applies", "")), checked_against=str(entry.get("checked_against", "")),
        )
    return found


# --- proposer patterns --------------------------------------------------------------------


@dataclass(frozen=True)
class ProposalPatterns:
    version: int
    items: tuple[tuple[str, str, re.Pattern[str]], ...]
    method_cues: tuple[tuple[str, str, re.Pattern[str]], ...]
    examination: re.Pattern[str]
    conclusion: re.Pattern[str]
    max_quote_chars: int


@functools.cache
def proposal_patterns() -> ProposalPatterns:
    data = _file("evidence_proposals")
    flags = re.IGNORECASE
    try:
        return ProposalPatterns(
            version=int(data.get("version", 1)),
            items=tuple((str(p["id"]), str(p["kind"]), re.compile(p["regex"], flags | re.VERBOSE))
                        for p in data.get("item_patterns") or []),
            method_cues=tuple((str(p["id"]), str(p["method"]), re.compile(p["regex"], flags))
                              for p in data.get("method_cues") or []),
            examination=re.compile(data["examination_cues"], flags),
            conclusion=re.compile(data["conclusion_cues"], flags),
            max_quote_chars=int(data.get("max_quote_chars", 360)),
        )
    except (KeyError, re.error) as exc:
        raise KnowledgeError(f"innocence/knowledge/evidence_proposals.yaml: {exc}") from exc
