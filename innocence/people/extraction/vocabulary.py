"""Vocabularies for extraction, read from ``innocence/knowledge/people/*.yaml`` (data, not code)."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from innocence.knowledge import loader as knowledge


def _load(name: str) -> dict[str, Any]:
    return knowledge.load(f"people/{name}")


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
    #: title_pattern for an ASCII page with each branch led by its first character as a plain
    #: literal (both cases where title_pattern ignores case): the same matches there, but the
    #: regex engine checks a literal first character of a branch before entering it. Empty
    #: when a form does not start with a letter or a digit.
    title_pattern_cased: str
    #: the characters title_pattern_cased's matches start with
    title_first_chars: str
    acronyms: frozenset[str]  # title keys only valid in capitals
    not_names: frozenset[str]
    roles: dict[str, dict[str, Any]]
    role_cues: tuple[tuple[str, str], ...]  # (cue phrase, role), longest first
    field_labels: dict[str, str]
    nicknames: dict[str, frozenset[str]]
    ambiguous_surnames: frozenset[str]
    not_surname_endings: tuple[str, ...]
    #: first names (the project's nickname groups and the ``nicknames`` package's name list)
    first_names: frozenset[str]
    #: OCR misreadings of abbreviated titles, generated from the title forms and the confusion
    #: classes in titles.yaml ("Sat." / "Sot." for "Sgt."): only valid with a period and a name
    ocr_abbreviations: dict[str, Title]
    #: words that end a name when they follow one ("JOHN SMITH ON", "Tennant Badge 2210")
    name_enders: frozenset[str]
    #: street words: a "name" followed by one is a place ("Officer ... Elm Drive")
    place_words: frozenset[str]
    #: phrases that are boilerplate, never a name ("AFTER BEING DULY" sworn)
    boilerplate: tuple[tuple[str, ...], ...]
    #: (phrase, function) — "arresting officer" -> "arresting" (roles.yaml officer_functions)
    officer_functions: tuple[tuple[str, str], ...]
    #: characters OCR reads for "&" between two names ("ROE È DOE")
    ocr_ampersands: tuple[str, ...]
    #: side word of an appearance -> counsel role ("state" -> "prosecutor"), roles.yaml counsel_sides
    counsel_sides: dict[str, str]
    #: office alone under counsel's name -> counsel role, roles.yaml counsel_offices
    counsel_offices: dict[str, str]
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
            if not isinstance(form, str):
                raise ValueError(f"title {entry['key']}: form {form!r} is not a string (quote it)")
            form = form.strip()
            if not form:
                continue
            titles[_title_key(form)] = title
            forms.append(form)
    forms.sort(key=len, reverse=True)
    ocr_abbreviations = _ocr_abbreviations(titles_data, titles)
    # acronyms (ADA, DA, SA) only in capitals: "Ada Whitcombe" is a name, "ADA Tully" a prosecutor
    words = [f for f in forms if not _is_acronym(f)]
    acronyms = [f for f in forms if _is_acronym(f)]
    pattern = "(?i:" + _by_first_letter([_form_regex(f) for f in words], fold=True) + ")"
    if acronyms:
        pattern += "|" + _by_first_letter([_form_regex(f) for f in acronyms], fold=False)
    cased, first_chars = _cased([_form_regex(f) for f in words], [_form_regex(f) for f in acronyms])
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
        title_pattern_cased=cased,
        title_first_chars=first_chars,
        acronyms=frozenset(
            _title_key(f) for f in acronyms if _title_key(f) not in {_title_key(w) for w in words}
        ),
        not_names=frozenset(_words(titles_data, "not_names")),
        roles=roles_data["roles"],
        role_cues=tuple(cues),
        field_labels={str(k).lower(): str(v) for k, v in roles_data.get("field_labels", {}).items()},
        nicknames={k: frozenset(v) for k, v in nicknames.items()},
        not_surname_endings=tuple(_words(titles_data, "not_surname_endings")),
        ambiguous_surnames=frozenset(_words(titles_data, "ambiguous_surnames")),
        first_names=frozenset(nicknames) | _package_first_names(),
        ocr_abbreviations=ocr_abbreviations,
        name_enders=frozenset(_words(titles_data, "name_enders")),
        place_words=frozenset(_words(titles_data, "place_words")),
        boilerplate=tuple(
            tuple(str(phrase).lower().split()) for phrase in titles_data.get("boilerplate", [])
        ),
        officer_functions=tuple(
            sorted(
                (
                    (str(phrase).lower(), str(function))
                    for function, phrases in roles_data.get("officer_functions", {}).items()
                    for phrase in phrases
                ),
                key=lambda item: -len(item[0]),
            )
        ),
        ocr_ampersands=tuple(str(a) for a in titles_data.get("ocr_ampersands", []) or []),
        counsel_sides={
            str(word).lower(): str(role)
            for role, words in roles_data.get("counsel_sides", {}).items()
            for word in words
        },
        counsel_offices={
            str(office).lower(): str(role)
            for role, offices in roles_data.get("counsel_offices", {}).items()
            for office in offices
        },
        version=f"titles{titles_data.get('version', 0)}.roles{roles_data.get('version', 0)}",
    )


def _words(data: dict[str, Any], key: str) -> list[str]:
    """A list of words from a vocabulary file, lower-cased. YAML reads a bare On / No / Yes as a
    boolean: such an entry must be quoted, and is refused rather than silently dropped."""
    words = data.get(key, []) or []
    bad = [w for w in words if not isinstance(w, str)]
    if bad:
        raise ValueError(f"{key}: entries {bad!r} are not strings (quote On, Off, Yes, No in YAML)")
    return [w.lower() for w in words]


def _package_first_names() -> frozenset[str]:
    """The given names of the ``nicknames`` package (a dependency; its data ships with it)."""
    try:
        from importlib.resources import files

        text = files("nicknames").joinpath("names.csv").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return frozenset()
    names: set[str] = set()
    for line in text.splitlines()[1:]:
        parts = line.split(",")
        if len(parts) == 3:
            names.update((parts[0].strip().lower(), parts[2].strip().lower()))
    return frozenset(n for n in names if len(n) > 2)


def _ocr_abbreviations(titles_data: dict[str, Any], titles: dict[str, Title]) -> dict[str, Title]:
    """Single-letter OCR misreadings of the short title forms ("Sgt" -> "Sat", "Sot", "Sqt"):
    the first letter is kept, one later letter is replaced by a letter OCR confuses it with."""
    confusions = {str(k): [str(v) for v in vs] for k, vs in titles_data.get("ocr_confusions", {}).items()}
    out: dict[str, Title] = {}
    for form, title in titles.items():
        if not title.law_enforcement or not (3 <= len(form) <= 4) or not form.isalpha():
            continue
        for index in range(1, len(form)):
            for other in confusions.get(form[index], []):
                variant = form[:index] + other + form[index + 1 :]
                if variant not in titles:
                    out.setdefault(variant, title)
    return out


def _by_first_letter(branches: list[str], *, fold: bool) -> str:
    """The alternation with its branches grouped under their first character ("D(?:etective|et)"),
    in their order within each group. The same matches: branches that start with different
    characters never match at the same place, so the order in which they are tried only matters
    within a group. Why: the regex engine otherwise tries ~150 branches at every word start."""
    groups = _first_letter_groups(branches, fold=fold)
    if groups is None:
        return "|".join(branches)  # not a plain first character: keep the flat alternation
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


def _first_letter_groups(branches: list[str], *, fold: bool) -> dict[str, list[str]] | None:
    groups: dict[str, list[str]] = {}
    for branch in branches:
        if not branch[:1].isalnum():
            return None
        groups.setdefault(branch[0].lower() if fold else branch[0], []).append(branch[1:])
    return groups


def _cased(folded: list[str], exact: list[str]) -> tuple[str, str]:
    """Vocabulary.title_pattern_cased and title_first_chars for these branches: first the
    case-folded ones (each first character in both cases, the rest under ``(?i:)``), then
    the exact ones, in title_pattern's order wherever two branches start with the same
    character."""
    ignoring, keeping = _first_letter_groups(folded, fold=True), _first_letter_groups(exact, fold=False)
    if ignoring is None or keeping is None:
        return "", ""
    alternatives = [
        f"{case}(?i:{'|'.join(rests)})"
        for first, rests in ignoring.items()
        for case in dict.fromkeys((first.lower(), first.upper()))
    ]
    alternatives += [f"{first}(?:{'|'.join(rests)})" for first, rests in keeping.items()]
    first_chars = "".join(sorted({a[0] for a in alternatives}))
    return "|".join(alternatives), first_chars


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


def ocr_title_for(text: str) -> Title | None:
    """A short title misread by OCR ("Sat", "SOT" for Sgt), or None. Callers must require the
    period and a name after it: "Sat." alone is a word."""
    return vocabulary().ocr_abbreviations.get(_title_key(text))


def is_law_enforcement(role: str) -> bool:
    entry = vocabulary().roles.get(role)
    return bool(entry and entry.get("law_enforcement"))


def case_role_for(role: str) -> str:
    entry = vocabulary().roles.get(role)
    return str(entry.get("case_role", "")) if entry else ""


def role_label(role: str) -> str:
    entry = vocabulary().roles.get(role)
    return str(entry.get("label", role)) if entry else role
