"""Data files the intake rules read: decline reasons and the default screening checklist
(``innocence/knowledge/intake/``), default letter texts (``default_letters.yaml`` here), all
through the one knowledge loader. Loaded once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from innocence.knowledge import loader as knowledge


@dataclass(frozen=True)
class DeclineReason:
    code: str
    label: str
    letter_text: str
    source: str


@cache
def decline_reasons() -> dict[str, DeclineReason]:
    data = knowledge.load("intake/decline_reasons.yaml")
    return {
        item["code"]: DeclineReason(
            code=item["code"],
            label=item["label"],
            letter_text=" ".join(str(item.get("letter_text", "")).split()),
            source=item.get("source", ""),
        )
        for item in data["reasons"]
    }


def decline_reason_choices() -> list[tuple[str, str]]:
    return [(r.code, r.label) for r in decline_reasons().values()]


def decline_reason_label(code: str) -> str:
    reason = decline_reasons().get(code)
    return reason.label if reason else code


@cache
def default_criteria() -> list[dict[str, Any]]:
    return list(knowledge.load("intake/screening_criteria.yaml")["criteria"])


@cache
def default_letters() -> dict[str, dict[str, str]]:
    # Letter texts are the clinic's wording, not knowledge with authority: they ship with
    # intake, read by the same loader.
    return dict(knowledge.load("default_letters.yaml", package="innocence.intake")["letters"])
