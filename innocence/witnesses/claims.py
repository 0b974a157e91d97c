"""Statement claims: proposing comparable claims from page text, and comparing a witness's
claims across statements over time.

The proposer is pattern-based (patterns live in innocence/knowledge/statement_claims.yaml):
every proposal carries its verbatim passage and page, and waits for a user's confirmation.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from innocence.findings.knowledge import knowledge_base

SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n")
MAX_QUOTE = 240


@dataclass(frozen=True)
class ProposedClaim:
    topic: str
    value: str
    quote: str
    start: int
    end: int


@functools.cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    data = knowledge_base().data("statement_claims").get("patterns", {})
    return tuple((topic, re.compile(p, re.IGNORECASE)) for topic, patterns in data.items() for p in patterns)


def extractor_name() -> str:
    data = knowledge_base().data("statement_claims")
    return f"{data.get('extractor', 'statement-claims')} v{data.get('extractor_version', 1)}"


def normalize(value: str) -> str:
    value = value.lower().replace("’", "'").replace("”", '"')
    return re.sub(r"\s+", " ", value).strip(" ,.;:-")


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(". ", 0, start), text.rfind("\n\n", 0, start), text.rfind("? ", 0, start))
    left = 0 if left < 0 else left + 2
    right_candidates = [i for i in (text.find(". ", end), text.find("\n\n", end), text.find("? ", end)) if i >= 0]
    right = min(right_candidates) + 1 if right_candidates else len(text)
    if right - left > MAX_QUOTE:
        left = max(left, start - MAX_QUOTE // 2)
        right = min(right, end + MAX_QUOTE // 2)
    return text[left:right].strip()


def propose_claims(text: str) -> list[ProposedClaim]:
    """Candidate claims in one page's text, each with the verbatim passage it came from."""
    found: list[ProposedClaim] = []
    seen: set[tuple[str, str]] = set()
    spans: dict[str, list[tuple[int, int]]] = {}
    for topic, pattern in _patterns():
        for match in pattern.finditer(text or ""):
            raw = match.groupdict().get("value") or match.group(0)
            value = normalize(raw)
            start, end = match.span("value") if match.groupdict().get("value") else match.span()
            overlaps = any(s < end and start < e for s, e in spans.get(topic, []))
            if not value or (topic, value) in seen or overlaps:
                continue
            seen.add((topic, value))
            spans.setdefault(topic, []).append((start, end))
            found.append(ProposedClaim(topic, value, _sentence_around(text, start, end), start, end))
    return sorted(found, key=lambda c: (c.start, c.topic))


@dataclass
class Cell:
    values: list[Any] = field(default_factory=list)  # StatementClaim objects (or stand-ins)
    changed: bool = False
    first: bool = False

    @property
    def normalized(self) -> frozenset[str]:
        return frozenset(normalize(str(getattr(v, "value", v))) for v in self.values)


@dataclass
class MatrixRow:
    topic: str
    label: str
    cells: list[Cell]

    @property
    def has_change(self) -> bool:
        return any(c.changed for c in self.cells)


def compare(statements: list[Any], claims_by_statement: dict[Any, list[Any]], topics: Iterable[tuple[str, str]]
            ) -> list[MatrixRow]:
    """Rows of topics × columns of statements (already in time order). A cell is *changed*
    when its values differ from the last earlier statement that said anything on the topic."""
    rows = []
    for topic, label in topics:
        cells: list[Cell] = []
        previous: frozenset[str] | None = None
        for statement in statements:
            values = [c for c in claims_by_statement.get(statement, []) if c.topic == topic]
            cell = Cell(values=values)
            if values:
                if previous is None:
                    cell.first = True
                elif cell.normalized != previous:
                    cell.changed = True
                previous = cell.normalized
            cells.append(cell)
        if any(c.values for c in cells):
            rows.append(MatrixRow(topic, label, cells))
    return rows
