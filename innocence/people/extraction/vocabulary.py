"""Vocabularies for extraction, read from ``innocence/knowledge/people/*.yaml`` (data, not code)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

KNOWLEDGE_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "people"


def _load(name: str) -> dict[str, Any]:
    path = KNOWLEDGE_DIR / name
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, dict):
        raise ValueError(f"{path} must hold a mapping")
    return data


@dataclass(frozen=True, slots=True)
class Title:
    key: str
    rank: str
    role: str
    law_enforcement: bool
    needs_full_name: bool
    gender: str


@dataclass(frozen=True, slots=True)
class Vocabulary:
    titles: dict[str, Title]  # lower-case form (no trailing dot) -> title
    title_pattern: str  # regex alternation of all forms, longest first
    acronyms: frozenset[str]  # title keys only valid in capitals
    not_names: frozenset[str]
    roles: dict[str, dict[str, Any]]
    role_cues: tuple[tuple[str, str], ...]  # (cue phrase, role), longest first
    field_labels: dict[str, str]
    nicknames: dict[str, frozenset[str]]
    ambiguous_surnames: frozenset[str]
    not_surname_endings: tuple[str, ...]
    version: str


def _form_regex(form: str) -> str:
    # "P.O" -> P\.?\s?O ; "Special Agent" -> Special\s+Agent
    parts = [re.escape(p) for p in re.split(r"\s+", form.strip())]
    return r"\s+".join(parts).replace(r"\.", r"\.?\s?")


@functools.cache
def vocabulary() -> Vocabulary:
    titles_data = _load("titles.yaml")
    roles_data = _load("roles.yaml")
    nick_data = _load("nicknames.yaml")
    titles: dict[str, Title] = {}
    forms: list[str] = []
    for entry in titles_data["titles"]:
        title = Title(
            key=entry["key"],
            rank=entry.get("rank", ""),
            role=entry.get("role", ""),
            law_enforcement=bool(entry.get("law_enforcement")),
            needs_full_name=bool(entry.get("needs_full_name")),
            gender=str(entry.get("gender", "")),
        )
        for form in [*entry.get("forms", []), *entry.get("ocr_forms", [])]:
            form = str(form).strip()
            if not form:
                continue
            titles[_title_key(form)] = title
            forms.append(form)
    forms.sort(key=len, reverse=True)
    # acronyms (ADA, DA, SA) only in capitals: "Ada Whitcombe" is a name, "ADA Tully" a prosecutor
    words = [f for f in forms if not _is_acronym(f)]
    acronyms = [f for f in forms if _is_acronym(f)]
    pattern = "(?i:" + "|".join(_form_regex(f) for f in words) + ")"
    if acronyms:
        pattern += "|" + "|".join(_form_regex(f) for f in acronyms)
    cues: list[tuple[str, str]] = []
    for role, entry in roles_data["roles"].items():
        for cue in entry.get("cues", []):
            cues.append((str(cue).lower(), role))
    cues.sort(key=lambda c: len(c[0]), reverse=True)
    nicknames: dict[str, set[str]] = {}
    for group in nick_data["groups"]:
        names = {str(n).lower() for n in group}
        for name in names:
            nicknames.setdefault(name, set()).update(names)
    return Vocabulary(
        titles=titles,
        title_pattern=pattern,
        acronyms=frozenset(
            _title_key(f) for f in acronyms if _title_key(f) not in {_title_key(w) for w in words}
        ),
        not_names=frozenset(str(w).lower() for w in titles_data.get("not_names", [])),
        roles=roles_data["roles"],
        role_cues=tuple(cues),
        field_labels={str(k).lower(): str(v) for k, v in roles_data.get("field_labels", {}).items()},
        nicknames={k: frozenset(v) for k, v in nicknames.items()},
        not_surname_endings=tuple(str(w).lower() for w in titles_data.get("not_surname_endings", [])),
        ambiguous_surnames=frozenset(str(w).lower() for w in titles_data.get("ambiguous_surnames", [])),
        version=f"titles{titles_data.get('version', 0)}.roles{roles_data.get('version', 0)}",
    )


def _is_acronym(form: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", form)
    return len(letters) <= 4 and letters.isupper() and len(letters) >= 2


def _title_key(form: str) -> str:
    return re.sub(r"[\s.]+", "", form).lower()


def title_for(text: str) -> Title | None:
    title = vocabulary().titles.get(_title_key(text))
    if (
        title is not None
        and _title_key(text) in vocabulary().acronyms
        and not re.sub(r"[^A-Za-z]", "", text).isupper()
    ):
        return None
    return title


def is_law_enforcement(role: str) -> bool:
    entry = vocabulary().roles.get(role)
    return bool(entry and entry.get("law_enforcement"))


def case_role_for(role: str) -> str:
    entry = vocabulary().roles.get(role)
    return str(entry.get("case_role", "")) if entry else ""


def role_label(role: str) -> str:
    entry = vocabulary().roles.get(role)
    return str(entry.get("label", role)) if entry else role
