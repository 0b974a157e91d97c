"""The agency and the year a page speaks of, put on its person mentions (``attrs["agency"]``,
``attrs["year"]``) so that linking can tell the same detective of one police department in
two cases of one era from a namesake decades apart or in another agency.

An agency is keyed by its acronym: "New Orleans Police Department", "N.O.P.D." and "NOPD"
are all ``NOPD``; "Rowan County Sheriff's Office" and "R.C.S.O." are ``RCSO``. The words
that make an agency ("Police Department", "Sheriff's Office", ...) are data:
``innocence/knowledge/people/titles.yaml`` (``agency_kinds``). The year is the latest
plausible year among the page's dates (a report's own date is later than the dates of birth
it lists).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from collections.abc import Iterable

from innocence.knowledge import loader as knowledge

from .fast import ascii_lower
from .types import ExtractedMention, Kind

#: years outside this range are misreadings or dates of birth of the very old
FIRST_YEAR = 1900
_SMALL = frozenset({"of", "the", "and", "for"})


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str], frozenset[str]]:
    data = knowledge.load("people/titles.yaml").get("agency_kinds", {}) or {}
    kinds = {_bare(str(form)): str(acronym) for form, acronym in (data.get("forms") or {}).items()}
    not_acronyms = frozenset(str(w).upper() for w in data.get("not_acronyms", []) or [])
    alternation = "|".join(
        r"[ \t]+".join(
            re.escape(w[:-1]) + "['’]?s" if w.endswith("s") else re.escape(w) for w in form.split()
        )
        for form in sorted(kinds, key=len, reverse=True)
    )
    # two words at most before the kind ("New Orleans", "Rowan County"): a longer run would
    # take in the name before it ("Det. Roe Rowan County Sheriff's Office")
    place = r"(?:(?:[A-Z][a-z]+|[A-Z]{2,})[ \t]+){1,2}"
    named = re.compile(rf"(?<![A-Za-z])(?P<place>{place})(?P<kind>(?i:{alternation}))(?![A-Za-z])")
    acronym = re.compile(
        r"(?<![A-Za-z.])(?P<letters>(?:[A-Z]\.){1,4}(?:P\.[ \t]?D|S\.[ \t]?O)\.?|[A-Z]{1,3}PD|[A-Z]{2,3}SO)(?![A-Za-z])"
    )
    return named, acronym, kinds, not_acronyms


def _bare(form: str) -> str:
    return " ".join(re.sub(r"['’]", "", form.lower()).split())


_GUARD_WORDS = r"police|sheriff|constab|marshal|trooper|pd\b|s\.?o\b"
_GUARD = re.compile(rf"(?i){_GUARD_WORDS}")
#: _GUARD for a plain-ASCII page in lower case (fast.ascii_lower), same answer: without
#: IGNORECASE the engine skips ahead to the words' first letters instead of trying seven
#: case-folded words at every character of a page that names no agency
_GUARD_LOWER = re.compile(_GUARD_WORDS)


def agencies_named(text: str) -> Counter[str]:
    """The agencies a page names, by acronym, with how often."""
    found: Counter[str] = Counter()
    low = ascii_lower(text)
    if not (_GUARD.search(text) if low is None else _GUARD_LOWER.search(low)):
        return found
    named, acronym, kinds, not_acronyms = _patterns()
    for match in named.finditer(text):
        words = [w for w in match.group("place").split() if w.lower() not in _SMALL]
        kind = kinds[_bare(match.group("kind"))]
        found["".join(w[0].upper() for w in words) + kind] += 1
    for match in acronym.finditer(text):
        letters = re.sub(r"[^A-Z]", "", match.group("letters"))
        if letters not in not_acronyms:
            found[letters] += 1
    return found


def page_year(mentions: Iterable[ExtractedMention], today: dt.date | None = None) -> int:
    """The latest plausible year of the page's dates (0 when it has none)."""
    last = (today or dt.date.today()).year
    years = []
    for mention in mentions:
        if mention.kind == Kind.DATE and mention.normalized[:4].isdigit():
            year = int(mention.normalized[:4])
            if FIRST_YEAR <= year <= last:
                years.append(year)
    return max(years) if years else 0


def annotate(text: str, mentions: list[ExtractedMention], *, dates_read: bool = True) -> None:
    """Put the page's agency (the one it names most) and year on its person mentions.
    ``dates_read=False``: the mentions are not the whole page's (the known-name pass), so the
    page's dates are read here."""
    persons = [m for m in mentions if m.kind == Kind.PERSON]
    if not persons:
        return
    agencies = agencies_named(text)
    agency = agencies.most_common(1)[0][0] if agencies else ""
    if dates_read:
        year = page_year(mentions)
    else:
        from .dates import extract_dates

        year = page_year(extract_dates(text))
    for mention in persons:
        if agency:
            mention.attrs["agency"] = agency
        if year:
            mention.attrs["year"] = year
