"""Data files the intake rules read: decline reasons, default screening checklist,
default letter texts. Loaded once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

KNOWLEDGE_DIR = Path(__file__).resolve().parent.parent / "knowledge" / "intake"
DEFAULT_LETTERS = Path(__file__).resolve().parent / "default_letters.yaml"


@dataclass(frozen=True)
class DeclineReason:
    code: str
    label: str
    letter_text: str
    source: str


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{path.name} is not a mapping")
    return data


@cache
def decline_reasons() -> dict[str, DeclineReason]:
    data = _load(KNOWLEDGE_DIR / "decline_reasons.yaml")
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
    return list(_load(KNOWLEDGE_DIR / "screening_criteria.yaml")["criteria"])


@cache
def default_letters() -> dict[str, dict[str, str]]:
    return dict(_load(DEFAULT_LETTERS)["letters"])
