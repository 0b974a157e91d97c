"""Second pass over a case's pages: once a person is known from cued mentions ("Detective
Kessler", "Sergeant Alan Brisco"), their bare name ("Brisco was notified", "BRISCO :") on any
page of the same case is a mention too. Pure functions."""

from __future__ import annotations

import dataclasses
import functools
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick
from rapidfuzz.distance import Levenshtein

from .extraction.agencies import annotate
from .extraction.persons import officer_functions
from .extraction.types import ExtractedMention, Kind, context_of
from .extraction.vocabulary import title_for, vocabulary
from .resolution import ResolvedPerson, given_compatible, surname_key

#: A person becomes "known" after this many cued mentions in the case.
MIN_CUED_MENTIONS = 2
#: A word-like surname counts only this close (characters) to another name.
NEAR = 12


@dataclass(frozen=True, slots=True)
class KnownName:
    surname: str  # as written
    given_names: frozenset[str]  # lower-case first names of the person
    #: also an everyday word ("Bird", "Rich"): only taken right next to another known name
    #: ("Brisco, Hale or Tennant"), never alone
    word_like: bool = False
    #: taken only with one of ``given_names`` right before it ("Rudyard Pellow", never a bare
    #: "Pellow"): the surname is shared in the case, is also a first name, or the person was
    #: named only once with a cue
    needs_given: bool = False
    #: first names of the other persons of this surname, who have no bare-surname search of their
    #: own ("Timothy Roe" beside the much-named Mary Roe): with one of these before it, the
    #: surname is written as that person's full name, found for resolution to attach by first name
    others_given: frozenset[str] = frozenset()


def known_names_of(persons: Iterable[ResolvedPerson]) -> dict[str, KnownName]:
    """Spellings (as written) of the surnames worth searching for, with the person's first names.

    A bare surname is searched for a person named at least MIN_CUED_MENTIONS times with a cue
    whose surname no one else in the case has; otherwise, for a person with a first name, the
    full name only ("Rudyard Pellow" among several Pellows, "Orwin Thomas" though Thomas is
    also a first name, a defendant named once in a caption): a first name and a surname together
    say who it is where the surname alone does not."""
    not_names = vocabulary().not_names
    ambiguous = vocabulary().ambiguous_surnames
    first_names = vocabulary().nicknames
    known: dict[str, KnownName] = {}
    full: dict[str, set[str]] = {}
    taken: dict[str, int] = {}
    persons = list(persons)
    sizes: dict[str, list[int]] = {}
    for p in persons:
        sizes.setdefault(surname_key(p.surname), []).append(len(p.attachments))
    for person in persons:
        givens = frozenset(k.split("|", 1)[1] for k in person.variants if len(k.split("|", 1)[1]) > 1)
        if _shared(person, sizes[surname_key(person.surname)]) or len(person.attachments) < MIN_CUED_MENTIONS:
            # two people share the surname (a bare surname could be either), or one cue only
            for variant in person.variants:
                skey = variant.split("|", 1)[0]
                if givens and len(skey) >= 3 and skey not in not_names:
                    full.setdefault(skey, set()).update(givens)
            continue
        # how often each spelling is seen, with any first name or none
        spellings: Counter[str] = Counter()
        for variant, count in person.variants.items():
            spellings[variant.split("|", 1)[0]] += count
        for variant in person.variants:
            skey = variant.split("|", 1)[0]
            count = spellings[skey]
            if len(skey) < 4 or skey in not_names or skey in first_names:
                continue
            # the same spelling claimed by two persons is ambiguous: search for neither
            if skey in taken and taken[skey] != id(person):
                known.pop(skey, None)
                continue
            taken[skey] = id(person)
            if skey == surname_key(person.surname) or count >= 2:
                known[skey] = KnownName(surname=skey, given_names=givens, word_like=skey in ambiguous)
        if givens:
            for variant in person.variants:
                skey = variant.split("|", 1)[0]
                if skey not in known and len(skey) >= 3 and skey not in not_names:
                    full.setdefault(skey, set()).update(givens)  # a surname that is also a first name
    for skey, names in full.items():
        if skey not in known:
            known[skey] = KnownName(surname=skey, given_names=frozenset(names), needs_given=True)
        elif names - known[skey].given_names:
            # the surname is searched bare for its dominant person; the others keep their full names
            info = known[skey]
            known[skey] = dataclasses.replace(
                info, others_given=info.others_given | frozenset(names - info.given_names)
            )
    return known


#: A surname stays the person's own, for the bare-name search, when every other person of that
#: surname in the case is named this many times less often (and the person at least this often):
#: one stray "Mr. Roe" (a misread speaker label) beside fifty mentions of Officer Roe does not
#: make "Roe" ambiguous.
DOMINANT = 10


def _shared(person: ResolvedPerson, sizes: list[int]) -> bool:
    """Does someone else in the case share the person's surname, as far as a bare surname goes?"""
    own = len(person.attachments)
    others = list(sizes)
    others.remove(own)
    if not others:
        return False
    return own < DOMINANT or any(n * DOMINANT > own for n in others)


def _is_other_first_name(given: str, info: KnownName) -> bool:
    """A first name (from the name lists) right before the surname that cannot be the known
    person's: the occurrence is someone else with the same surname."""
    low = given.lower()
    vocab = vocabulary()
    if low not in vocab.first_names or low in vocab.not_names:
        return False
    return (
        not any(given_compatible(low, known)[0] for known in info.given_names) if info.given_names else False
    )


#: a speaker label of a transcribed statement ("ROE:", "DOE ;")
_SPEAKER_LABEL = re.compile(r"(?m)^[ \t]*[A-Z][A-Z'’\-]+[ \t]*[:;][ \t]*$")
_PROSE_LINE = re.compile(r"[a-z]{3,}[ \t,]+[a-z]{2,}")


def _heading_in_prose(text: str, start: int, end: int) -> bool:
    """A surname in capitals alone on its line, between lines of running prose, is a heading (a
    column of obituaries, "ROE" over a notice) — not the person — unless the page is a statement
    set out by speaker labels, where "ROE." is a label whose colon OCR misread. Between lines in
    capitals (a form's boxes) it stays a value."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    if text[line_start:start].strip() or text[end:line_end].strip(" \t.,"):
        return False
    before = text[text.rfind("\n", 0, max(0, line_start - 1)) + 1 : max(0, line_start - 1)]
    after_end = text.find("\n", line_end + 1)
    after = text[line_end + 1 : len(text) if after_end == -1 else after_end]
    if not (_PROSE_LINE.search(before) and _PROSE_LINE.search(after)):
        return False
    return len(_SPEAKER_LABEL.findall(text)) < 2


def _other_given_with_initial(given: str, info: KnownName) -> bool:
    """A word, a middle initial, the surname ("TAMSIN Q. VARNE" in a jury list): the shape of a
    full name, so the word is a first name even when the name lists do not know it — someone
    else's, unless it could be the known person's. A title or a form word there ("OFFICER J.
    VARNE", "BY J. VARNE") is no first name."""
    low = given.lower()
    vocab = vocabulary()
    if len(low) < 3 or low in vocab.not_names or low in vocab.name_enders or title_for(given) is not None:
        return False
    if not info.given_names:
        return False
    return not any(given_compatible(low, known)[0] for known in info.given_names)


@functools.lru_cache(maxsize=64)
def _known_regex(spellings: tuple[str, ...]) -> re.Pattern[str]:
    """One case's pattern, built once for all its pages rather than per page."""
    alternation = "|".join(sorted((re.escape(k) for k in spellings), key=len, reverse=True))
    # a middle initial may stand between the first name and the surname: "JANE Q. ROE" names Jane,
    # and must be read as her first name, not as a bare "ROE"
    return re.compile(
        rf"(?:(?P<given>[A-Z][a-z]+|[A-Z]+)[ \t]+(?P<middle>[A-Z]\.?[ \t]+)?)?(?P<surname>(?i:{alternation}))(?:'s|’s)?(?![A-Za-z])"
    )


@functools.lru_cache(maxsize=64)
def _known_wrapped_regex(spellings: tuple[str, ...]) -> re.Pattern[str]:
    """The same, where a line ends between the first name and the surname ("... told Rudyard /
    Roe"): taken only with the person's own first name (see find_known_names)."""
    alternation = "|".join(sorted((re.escape(k) for k in spellings), key=len, reverse=True))
    return re.compile(
        rf"(?:(?P<given>[A-Z][a-z]+|[A-Z]+)(?:[ \t]+|[ \t]*\r?\n[ \t]*)(?P<middle>[A-Z]\.?[ \t]+)?)?"
        rf"(?P<surname>(?i:{alternation}))(?:'s|’s)?(?![A-Za-z])"
    )


@functools.lru_cache(maxsize=64)
def _known_bare_regex(spellings: tuple[str, ...]) -> re.Pattern[str]:
    """Only the surname part of the two patterns above: where the next match can be."""
    alternation = "|".join(sorted((re.escape(k) for k in spellings), key=len, reverse=True))
    return re.compile(rf"(?i:{alternation})(?:'s|’s)?(?![A-Za-z])")


_NAME_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")
_NAME_BLANKS = frozenset(" \t\r\n")


@functools.lru_cache(maxsize=128)
def _automaton(words: tuple[str, ...]) -> ahocorasick.Automaton | None:
    """The lower-cased spellings in one Aho-Corasick automaton; None when one is not ASCII
    (case-insensitive matching pairs some non-ASCII letters with ASCII ones, which lower()
    does not reproduce) or there are none."""
    spellings = {word.lower() for word in words if word}
    if not spellings or not all(word.isascii() for word in spellings):
        return None
    automaton = ahocorasick.Automaton()
    for word in spellings:
        automaton.add_word(word, len(word))
    automaton.make_automaton()
    return automaton


def _starts(words: tuple[str, ...], text: str) -> list[int] | None:
    """Every place of ``text`` where one of ``words`` begins, in any letter case, ascending —
    the only places where a case-insensitive alternation of them can match. One pass of an
    automaton in C instead of the regex engine trying the alternation at every character
    (most of the known-name scan's cost). None when that does not hold: a page or a spelling
    that is not ASCII (the regex alone then)."""
    if not text.isascii():
        return None
    automaton = _automaton(words)
    if automaton is None:
        return None
    return sorted({end - length + 1 for end, length in automaton.iter(text.lower())})


def _first_at(pattern: re.Pattern[str], text: str, pos: int, starts: list[int] | None) -> re.Match[str] | None:
    """``pattern.search(text, pos)`` for a pattern that can match only where one of ``starts``
    is (see :func:`_starts`): the leftmost of those where it matches."""
    if starts is None:
        return pattern.search(text, pos)
    for index in range(bisect_left(starts, pos), len(starts)):
        if (match := pattern.match(text, starts[index])) is not None:
            return match
    return None


def _search(
    pattern: re.Pattern[str], bare: re.Pattern[str], text: str, pos: int, starts: list[int] | None = None
) -> re.Match[str] | None:
    """``pattern.search(text, pos)`` at a fraction of the cost: the optional first name in front
    makes the regex engine try both branches at every position of the page, where the bare
    surname is found quickly (from ``starts``, the places a surname begins, when given).
    Exact: a match of ``pattern`` holds a surname, so none starts
    after the first bare surname ``s``; one that starts before ``s`` has, between its start and
    ``s``, part of "first name, blanks, initial, blanks" — at most four runs of letters (or
    an initial's period) and blanks — so none starts before the four such runs that end at ``s``."""
    first = _first_at(bare, text, pos, starts)
    if first is None:
        return None
    start, runs, kind = first.start(), 0, 0
    while start > pos:
        char = text[start - 1]
        this = 1 if char in _NAME_LETTERS else 2 if char in _NAME_BLANKS else 0
        if this == 0:
            break
        if this != kind:
            runs, kind = runs + 1, this
            if runs > 4:
                break
        start -= 1
    return pattern.search(text, start)


#: the first name after a surname and a comma (a form's LAST, FIRST order)
_INVERTED_GIVEN = re.compile(r"[ \t]*,[ \t]*(?P<given>[A-Z][a-z]+|[A-Z]{2,})(?![A-Za-z])")
#: ... closing the entry (a line end, ";", ")", a middle initial first): "Cc: Roe, Jane" in an
#: e-mail header, "ROE, JANE Q." in a list — not "Roe, Jane Doe and ..." (a list of names)
_INVERTED_CLOSED = re.compile(r"(?:[ \t]+[A-Z]\.?)?[ \t]*(?:$|[;)\r\n])", re.MULTILINE)


#: the word right after a surname (a street word there makes it a place)
_PLACE_AFTER = re.compile(r"[ \t]+(?P<word>[A-Z][A-Za-z]*)")


@functools.cache
def _place_words() -> frozenset[str]:
    return vocabulary().place_words


def _glued_initial(text: str, start: int, surname: str, info: KnownName) -> str:
    """The initial glued to a surname in capitals ("L.ARBOR" read as "LARBOR" or "LIARBOR",
    the period lost or read as I or L): the one or two letters before the surname, when the
    first is the initial of the person's first name. "" when it is not (a word that merely ends
    in the surname, "HARBOR")."""
    word_start = start
    while word_start > 0 and text[word_start - 1].isalpha():
        word_start -= 1
    prefix = text[word_start:start]
    if not (surname.isupper() and prefix.isupper() and len(surname) >= 5):
        return ""
    if not (len(prefix) == 1 or (len(prefix) == 2 and prefix[1] in "IL")):
        return ""
    initials = {g[0] for g in info.given_names if g}
    return prefix if prefix[0].lower() in initials else ""


def _matched_key(known: dict[str, KnownName], written: str) -> KnownName:
    for key, info in known.items():
        if re.fullmatch(re.escape(key), written, re.IGNORECASE):
            return info
    raise LookupError(written)  # the pattern is built from these keys: unreachable


@functools.lru_cache(maxsize=64)
def _given_then_word(given_names: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(sorted((re.escape(g) for g in given_names), key=len, reverse=True))
    return re.compile(
        rf"(?<![A-Za-z])(?P<given>(?i:{alternation}))[ \t]+(?P<surname>[A-Z][a-z]+(?:['’][a-z]+)?|[A-Z]{{4,}})(?![A-Za-z])"
    )


def _given_matches(given_names: tuple[str, ...], text: str) -> Iterator[re.Match[str]]:
    """``_given_then_word(given_names).finditer(text)``, tried only where a first name begins."""
    pattern = _given_then_word(given_names)
    starts = _starts(given_names, text)
    if starts is None:
        yield from pattern.finditer(text)
        return
    after = 0
    for start in starts:
        if start >= after and (match := pattern.match(text, start)) is not None:
            after = match.end()
            yield match


def _misread_surnames(
    text: str, known: dict[str, KnownName], taken: list[tuple[int, int]]
) -> list[ExtractedMention]:
    """A known person's full name with one letter of the surname misread ("Tamsin Pellow" written
    "Tamsin Pellaw"): their own first name, then a word of five or more letters one letter away
    from the surname, with the same first letter. Resolution attaches it by the OCR-alike surname."""
    owners: dict[str, list[KnownName]] = {}
    for info in known.values():
        if len(info.surname) >= 5 and not info.word_like:
            for given in info.given_names | info.others_given:
                if len(given) > 1:
                    owners.setdefault(given, []).append(info)
    if not owners:
        return []
    out: list[ExtractedMention] = []
    for match in _given_matches(tuple(owners), text):
        given, written = match.group("given"), match.group("surname")
        if not given[:1].isupper():
            continue
        word = written.lower().replace("’", "'")
        word = word[:-2] if word.endswith("'s") else word
        if len(word) < 5 or (word in known and given.lower() in known[word].given_names | known[word].others_given):
            continue  # the person's known spelling: the main search has it
        if not any(
            info.surname[0] == word[0] and Levenshtein.distance(info.surname, word) == 1
            for info in owners[given.lower()]
        ):
            continue
        start, end = match.start("given"), match.start("surname") + len(word)
        if any(s < end and start < e for s, e in taken):
            continue
        out.append(_known_mention(text, start, end, given, text[match.start("surname") : end]))
    return out


def _known_mention(text: str, start: int, end: int, given: str, surname: str) -> ExtractedMention:
    return ExtractedMention(
        kind=Kind.PERSON,
        text=text[start:end],
        normalized=f"{given.title()} {surname.title()}".strip(),
        start=start,
        end=end,
        context=context_of(text, start, end),
        role_hint="",
        attrs={"given": given.title(), "surname": surname.title(), "cue": "known-name"},
    )


def find_known_names(
    text: str, known: dict[str, KnownName], taken: list[tuple[int, int]]
) -> list[ExtractedMention]:
    """Bare occurrences of known surnames (Capitalised or UPPER CASE), not inside ``taken`` spans."""
    if not known or not text:
        return []
    plain, pattern = _known_regex(tuple(known)), _known_wrapped_regex(tuple(known))
    bare = _known_bare_regex(tuple(known))
    found: list[ExtractedMention] = []
    word_like: list[ExtractedMention] = []
    pos = 0
    starts = _starts(tuple(known), text)
    while (match := _search(pattern, bare, text, pos, starts)) is not None:
        if match.group("given") and "\n" in text[match.end("given") : match.start("surname")]:
            wrapped = known.get(match.group("surname").lower()) or _matched_key(known, match.group("surname"))
            if match.group("given").lower() not in wrapped.given_names | wrapped.others_given:
                # the last word of the line above is not the surname's first name ("SIGNATURE /
                # Quarrel / Pellow": two names on two lines): read on without the line break
                retry = plain.search(text, match.start())
                if retry is None:
                    break
                match = retry
        pos = match.end()
        surname = match.group("surname")
        info = known.get(surname.lower())
        if info is None:
            # Case-insensitive matching also pairs "ı", "İ", "ſ" and "K" (Kelvin) with ASCII
            # letters, which lower() does not map back: the spelling the pattern matched
            info = _matched_key(known, surname)
            surname = info.surname.title() if surname[1:].islower() else info.surname.upper()
        given = match.group("given") or ""
        if not (surname[:1].isupper() and (surname[1:].islower() or surname.isupper())):
            # OCR (or a typist) lower-cased the surname: taken only right after the person's
            # own first name ("Officer Frank pellow"), and never a surname that is also a word
            lowered = surname.islower() and len(surname) >= 5 and not info.word_like
            if not (lowered and given[:1].isupper() and given.lower() in info.given_names):
                continue
        start, end = match.start("surname"), match.end("surname")
        if not given and surname.isupper() and _heading_in_prose(text, start, end):
            continue
        glued = ""
        if start > 0 and text[start - 1].isalpha():
            glued = _glued_initial(text, start, surname, info)
            if not glued:
                continue
            given = ""
        inverted = None if glued else _INVERTED_GIVEN.match(text, end)
        if inverted is not None and inverted.group("given").lower() in info.given_names:
            # "VARNE, WILBUR" in a form box: the surname first, then the person's first name
            given, end = inverted.group("given"), inverted.end("given")
        elif (
            inverted is not None
            and _INVERTED_CLOSED.match(text, inverted.end("given"))
            and _is_other_first_name(inverted.group("given"), info)
        ):
            continue  # "Cc: Varne, Orla": someone else of the surname, written surname first
        else:
            inverted = None
        place = _PLACE_AFTER.match(text, end)
        if place is not None and place.group("word").lower() in _place_words():
            continue  # "the house on Varne Road": a street named like the person
        if info.needs_given and given.lower() not in info.given_names:
            continue
        if glued:
            start -= len(glued)
            given = glued[0]
        elif inverted is not None:
            pass
        elif given and given.lower() in info.given_names:
            start = match.start("given")
        elif given and given.lower() in info.others_given:
            start = match.start("given")  # another known person of the surname, by full name
        elif given and _is_other_first_name(given, info):
            continue  # "AMBROSE MARSH" is not Det. Lucius Marsh: another person of that surname
        elif given and match.group("middle") and _other_given_with_initial(given, info):
            continue  # "TAMSIN Q. VARNE": a first name and a middle initial, not the known person's
        else:
            given = ""
        if any(s < end and start < e for s, e in taken):
            continue
        (word_like if info.word_like else found).append(_known_mention(text, start, end, given, surname))
    found.extend(_misread_surnames(text, known, [(m.start, m.end) for m in found] + list(taken)))
    anchors = [(m.start, m.end) for m in found] + list(taken)
    for candidate in word_like:
        if any(abs(candidate.start - e) <= NEAR or abs(s - candidate.end) <= NEAR for s, e in anchors):
            found.append(candidate)
    found.sort(key=lambda m: m.start)
    annotate(text, found, dates_read=False)  # the page's agency and year, as extraction does
    officer_functions(text, found)  # "REPORTING OFFICER / BADGE / 1475 / Martin Roe"
    return found
