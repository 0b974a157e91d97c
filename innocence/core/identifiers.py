"""Identifiers that appear in URLs, checked in one place.

A case or application reference, an organization's slug and case prefix become path
segments (``/cases/<reference>/``); a reference with a slash, a dot-dot, a question mark, a
control or bidirectional character could not be put in a URL (every page listing the case
would fail) or would show a reader a different name than the one stored. Every path that
creates one — web forms, the API, the CLI, the case-archive import — calls these functions;
the words of the error are the same everywhere.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError

REFERENCE_MAX = 40
#: Letters, digits, hyphens and underscores, with single dots between them; starts and ends
#: with a letter or digit. ASCII only: a reference is typed, read aloud and put in URLs.
_REFERENCE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9_-]|\.(?=[A-Za-z0-9_-]))*")
_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9_-]{0,58}[a-z0-9])?")
_PREFIX = re.compile(r"[A-Z][A-Z0-9]{0,11}")
SLUG_MAX = 60


def _shown(value: str) -> str:
    """The value as a person can read it in an error: invisible characters named."""
    out = []
    for char in value[:60]:
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") or char == "\x7f":
            out.append(f"<U+{ord(char):04X}>")
        else:
            out.append(char)
    return "".join(out) + ("…" if len(value) > 60 else "")


def reference_problem(value: object, *, what: str = "case reference") -> str | None:
    """Why ``value`` cannot be a reference, in words; None when it can."""
    if not isinstance(value, str) or not value:
        return f"A {what} cannot be empty."
    if len(value) > REFERENCE_MAX:
        return f"A {what} has at most {REFERENCE_MAX} characters; '{_shown(value)}' has {len(value)}."
    if _REFERENCE.fullmatch(value):
        return None
    bad = next(
        (c for c in value if not (c.isascii() and (c.isalnum() or c in "-_."))),
        None,
    )
    if bad is not None:
        if unicodedata.category(bad) in ("Cc", "Cf", "Zl", "Zp") or bad == "\x7f":
            named = f"an invisible or control character (U+{ord(bad):04X})"
        elif bad.isspace():
            named = "a space"
        elif not bad.isascii():
            named = f"the character '{bad}' (only plain ASCII letters are allowed)"
        else:
            named = f"the character '{bad}'"
        return (
            f"The {what} '{_shown(value)}' contains {named}. Use letters, digits and hyphens "
            f"(underscores and single dots between them also work), e.g. LIC-2026-0001."
        )
    return (
        f"The {what} '{_shown(value)}' must start and end with a letter or digit and may not hold '..'; "
        "e.g. LIC-2026-0001."
    )


def validate_reference(value: object, *, field: str = "reference", what: str = "case reference") -> str:
    """``value`` when it can be a reference; otherwise a ValidationError on ``field``."""
    problem = reference_problem(value, what=what)
    if problem:
        raise ValidationError({field: problem})
    assert isinstance(value, str)
    return value


def slug_problem(value: object) -> str | None:
    if not isinstance(value, str) or not _SLUG.fullmatch(value):
        return "Use lower-case letters, digits and hyphens (at most 60, starting and ending with a letter or digit), e.g. 'lakeside-clinic'."
    return None


def case_prefix_problem(value: object) -> str | None:
    if not isinstance(value, str) or not _PREFIX.fullmatch(value):
        return "Use 1–12 capital letters or digits starting with a letter, e.g. LIC."
    return None
