"""People in page text: titled names ("Det. R. Kessler"), transcript structure (speaker
labels, "BY MR. SMITH:", witnesses called and sworn, appearances), police-report fields
("REPORTING OFFICER:", "VICTIM:", "NAME (Victim)") and self-identification ("My name is ...").

Precision first: a name must come with a title, a label or a transcript cue. Names without
any cue are found later, per case, by :mod:`innocence.people.known_names` once a person is
known from a cued mention.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from operator import itemgetter
from typing import Any

from .fast import AfterClass, MatchLike, Searcher, SearchTwin, Twin, ascii_lower
from .types import ExtractedMention, Kind, context_of
from .vocabulary import Title, ocr_title_for, title_for, vocabulary

#: a name starts with an ASCII capital; accented letters may follow ("PEÑALOSA", "Chávez"): a
#: name cut at its first non-ASCII letter ("PE" for "PEÑALOSA") is a different, wrong name
_LETTER = "a-zA-ZÀ-ÖØ-öø-ÿ"
#: (the capital first, then the rest: a pattern that starts with a name part then starts with a
#: character class, which the regex engine skips ahead to — see fast.py — where "[A-Z]\.|[A-Z]..."
#: is tried at every character)
_NAME_PART = rf"(?:[A-Z](?:\.|[{_LETTER}'’\-]*[{_LETTER}](?![{_LETTER}0-9])))"
#: between two parts of a name: blanks, or nothing after an initial ("R.KESSLER")
_SEP = r"(?:[ \t]+|(?<=\.))"
#: between a title and the name: blanks, nothing after a period ("SGT.J.SMITH"), or one line
#: break ("Front Desk Officer" at a line end, the name on the next line) — in a transcript with
#: a line number on a line of its own in between ("Sergeant / 14 / Roe")
_TITLE_SEP = r"(?:[ \t]+|(?<=\.)|[ \t]*\r?\n(?:[ \t]*\d{1,2}[ \t]*\r?\n)?[ \t]*)"
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
_VOWEL = re.compile(r"[aeiouyAEIOUY]")


@functools.cache
def _titled_regex() -> SearchTwin:
    forms = vocabulary().title_pattern
    # "OFFICER(S) ROE AND DOE": a plural written with "(S)"
    # a letter may follow the title's period at once: "DET.JOHN ROE", "SGT.J.ROE", "P.O.J.ROE"
    title = rf"(?:{forms})(?:[ \t]?\.)?(?:[ \t]?\((?i:s)\))?(?:(?<=\.)|(?![A-Za-z]))"
    # the name never starts with another title: "REPORTING OFFICER" at a line end and "DET. ROE"
    # on the next line is Det. Roe, not a person called "Det" (which would also hide Det. Roe)
    rest = (
        rf"(?:[ \t]+(?:{title}))*)(?:[ \t]+(?i:assigned)[ \t]*:?)?{_TITLE_SEP}"
        rf"(?!(?:{title}))(?P<name>{_NAME_PART}(?:{_SEP}{_NAME_PART}){{0,3}})"
    )
    pattern = re.compile(rf"(?<![A-Za-z])(?P<titles>(?:{title}){rest}")
    cased, first_chars = vocabulary().title_pattern_cased, vocabulary().title_first_chars
    if not cased:
        return SearchTwin(pattern, re.compile(pattern.pattern, re.ASCII))
    # On an ASCII page the engine reads only the characters after a non-letter (AfterClass),
    # checks the next is one a title starts with, and then tries only the branches led by
    # it: a third of the CPU of the look-behind first, tried at every character.
    first = title.replace(f"(?:{forms})", f"(?:{cased})", 1)
    # (at the start of a plain-ASCII page the Unicode pattern finds what the ASCII one would:
    # one big pattern fewer to compile in every process)
    searcher = AfterClass("[^A-Za-z]", rf"(?=[{first_chars}])(?P<titles>(?:{first}){rest}", re.ASCII, at_start=pattern)
    return SearchTwin(pattern, searcher)


#: a short word, a period, a name: a title misread by OCR ("Sat. Kessler", "SOT.R.KESSLER")
_OCR_TITLED = Twin(
    re.compile(
        rf"(?P<titles>[A-Z](?<![A-Za-z].)(?:[a-z]{{2,3}}|[A-Z]{{2,3}}))[ \t]?\.[ \t]*"
        rf"(?P<name>{_NAME_PART}(?:{_SEP}{_NAME_PART}){{0,3}})"
    )
)


@functools.cache
def _continuation_regexes() -> tuple[re.Pattern[str], re.Pattern[str], str]:
    """ "and" / "&" / a comma between the members of a list after a title; "&" also as OCR
    misreads it (titles.yaml ``ocr_ampersands``: "ROE È DOE")."""
    amps = "".join(re.escape(a) for a in ["&", *vocabulary().ocr_ampersands] if len(a) == 1)
    # a badge number may follow each member ("DETS. ROE #1234 AND DOE #5678", "ROE (1234) AND DOE")
    badge = r"(?:[ \t]*,?[ \t]*(?:\(#?[ \t]*\d{1,5}\)|#[ \t]*\d{1,5}))?"
    sep = rf"(?P<sep>{badge}[ \t]*(?:,|,?[ \t]+(?i:and)|,?[ \t]+[{amps}])[ \t]+)"
    single = re.compile(rf"^{sep}(?P<name>[A-Z][a-zA-Z'\-]+[a-zA-Z])\b")
    #: after a plural title, the next member may be a full name: "Dets. Kessler and Marcus Hale"
    full = re.compile(rf"^{sep}(?P<name>{_NAME_PART}(?:{_SEP}{_NAME_PART}){{0,2}})")
    return single, full, amps


_HYPHENATED = re.compile(r"-[ \t]*\r?\n[ \t]*(?P<rest>[a-z]{2,})\b")
_WRAPPED_SURNAME = re.compile(r"[ \t]*\r?\n[ \t]*(?P<name>[A-Z][a-zA-Z'\-]+[a-zA-Z])\b")
_SWORN_PHRASES = (
    r"being[ \t]+(?:first[ \t]+)?duly[ \t]+sworn|called[ \t]+as[ \t]+a[ \t]+witness|"
    r"was[ \t]+examined[ \t]+and[ \t]+testified|having[ \t]+been[ \t]+(?:first[ \t]+)?duly[ \t]+sworn|"
    r"after[ \t]+having[ \t]+been[ \t]+sworn"
)
_SWORN = re.compile(rf"(?i:{_SWORN_PHRASES})")
#: _SWORN for a plain-ASCII page in lower case (fast.ascii_lower), same offsets: without
#: IGNORECASE the engine skips ahead to the phrases' first letters instead of trying all five
#: phrases at every character of the page
_SWORN_LOWER = re.compile(_SWORN_PHRASES)
_NAME_LINE = re.compile(
    rf"^[ \t]*(?:(?P<titles>(?i:[A-Za-z.]+))[ \t]+)?(?P<name>{_NAME_PART}(?:{_SEP}{_NAME_PART}){{1,3}})[ \t]*[,.;:_\-]*[ \t]*$"
)
_SELF_ID = re.compile(rf"[mM](?i:y[ \t]+name[ \t]+is)[ \t]+(?P<name>{_NAME_PART}(?:[ \t]+{_NAME_PART}){{1,3}})")
#: (``(?m)^...`` searched as AfterClass: the engine skips from line break to line break instead
#: of asking at every character whether a line starts there)
_EXAMINER = AfterClass(
    r"\n",
    r"[ \t]*(?P<cue>(?i:(?:(?:re)?direct|(?:re)?cross|further)?[ \t\-]*(?:examination[ \t]+)?by))[ \t]+"
    r"(?P<title>(?i:mr|mrs|ms|miss))\.?[ \t]+(?P<name>[A-Z][A-Za-z'\-]+[A-Za-z])",
)
_SPEAKER = AfterClass(
    r"\n", r"[ \t]*(?P<title>(?i:mr|mrs|ms|miss))\.?[ \t]+(?P<name>[A-Z][A-Za-z'\-]+[A-Za-z])[ \t]*[:;]"
)
_PAREN_ROLE = re.compile(
    rf"(?P<name>{_NAME_PART}(?:[ \t]+{_NAME_PART}){{1,3}})[ \t]*\((?P<role>(?i:victim|suspect|witness|defendant|arrestee|"
    r"complainant|informant|officer|detective))\)"
)


def _clean_tokens(raw: str, *, max_tokens: int = 3) -> list[str]:
    """Name tokens up to the first word that cannot be part of a name."""
    vocab = vocabulary()
    not_names = vocab.not_names
    tokens: list[str] = []
    raw = _GLUED_INITIAL.sub(r"\1. ", raw)
    words = raw.split()
    if _is_boilerplate(words):
        return []
    for token in words:
        bare = token.rstrip(".,;:").replace("’", "'")
        low = bare.lower().rstrip("'s") if bare.lower().endswith("'s") else bare.lower()
        if not bare:
            break
        if re.search(r"-[a-z]", bare) and not bare.islower():
            break  # "Son-in-law", "Ex-wife": a hyphenated word, not a double-barrelled name
        if low in vocab.place_words:
            return []  # "Officer ... Elm Drive": a place, not a person
        initial = bool(tokens) and len(bare) == 1 and token.startswith(bare + ".")
        if not initial and (low in not_names or low in vocab.name_enders or title_for(bare) is not None):
            break  # (but "Edwin A. Marrow": a middle initial "A." is no article)
        if len(bare) == 2 and bare.isupper() and bare[1] in "IL" and len(words) > len(tokens) + 1:
            bare = bare[0] + "."  # "DET. LI SMITH": the initial's period read as I or L
        if tokens and "." in bare:
            break  # "TENNANT C.I.B.": an abbreviation after the name
        if tokens and len(bare) > 1 and _looks_like_a_word(bare):
            break  # "BRISCO CANVASSED": a verb after the name
        if len(bare.rstrip(".")) > 1 and not _VOWEL.search(bare):
            break
        if len(bare) > 1 and re.search(r"(.)\1\1", bare):
            break
        tokens.append(bare)
        if token.endswith((",", ";", ":")) or (token.endswith(".") and len(bare) > 1):
            break  # end of a phrase, or the sentence ("Kessler." — but not the initial "R.")
        if len(tokens) == max_tokens:
            break
    while tokens and tokens[-1].lower() in _SUFFIXES:
        tokens.pop()
    while tokens and len(tokens[-1].rstrip(".")) == 1:
        tokens.pop()  # a trailing initial is not a surname
    return tokens


_GLUED_INITIAL = re.compile(r"\b([A-Z])\.(?=[A-Z][a-zA-Z])")


def _is_boilerplate(words: list[str]) -> bool:
    low = [w.strip(".,;:").lower() for w in words]
    for n, phrases in _boilerplate_by_length():
        if any(tuple(low[i : i + n]) in phrases for i in range(max(0, len(low) - n) + 1)):
            return True
    return False


@functools.cache
def _boilerplate_by_length() -> tuple[tuple[int, frozenset[tuple[str, ...]]], ...]:
    """The boilerplate phrases grouped by their number of words: one set lookup per window of
    the name instead of one comparison per phrase."""
    by_length: dict[int, set[tuple[str, ...]]] = {}
    for phrase in vocabulary().boilerplate:
        by_length.setdefault(len(phrase), set()).add(phrase)
    return tuple((n, frozenset(phrases)) for n, phrases in by_length.items())


def _looks_like_a_word(token: str) -> bool:
    low = token.lower()
    return len(low) >= 6 and low.endswith(vocabulary().not_surname_endings)


def _possessive(token: str) -> str:
    return token[:-2] if token.lower().endswith("'s") else token


def name_parts(tokens: list[str]) -> dict[str, str]:
    """given / middle / surname / initials from name tokens, in display case."""
    tokens = [_possessive(t) for t in tokens]
    shown = [_display(t) for t in tokens]
    surname = shown[-1]
    given = shown[0] if len(shown) > 1 else ""
    middle = " ".join(shown[1:-1]) if len(shown) > 2 else ""
    return {
        "given": given.rstrip("."),
        "middle": middle,
        "surname": surname,
        "initials": "".join(t[0] for t in shown[:-1]).upper(),
    }


def _display(token: str) -> str:
    if len(token) == 2 and token.endswith("."):
        return token.upper()
    if token.isupper() or token.islower():
        return "-".join(p[:1].upper() + p[1:].lower() for p in token.split("-"))
    return token


def _person(
    text: str,
    start: int,
    tokens: list[str],
    raw_end: int,
    *,
    title: Title | None,
    role: str,
    cue: str,
    extra_titles: list[Title] | None = None,
) -> ExtractedMention | None:
    if not tokens:
        return None
    # offsets: from the title (or name) start through the last kept token
    span_text = text[start:raw_end]
    last = tokens[-1]
    idx = span_text.rfind(last)
    end = start + idx + len(last) if idx != -1 else raw_end
    parts = name_parts(tokens)
    if len(parts["surname"]) < 2:
        return None
    display = " ".join(
        p
        for p in (
            parts["given"] + ("." if len(parts["given"]) == 1 else ""),
            parts["middle"],
            parts["surname"],
        )
        if p
    )
    attrs: dict[str, object] = {**parts, "cue": cue}
    if title is not None:
        attrs["title"] = title.rank
        attrs["title_key"] = title.key
        attrs["law_enforcement"] = title.law_enforcement
        if title.gender:
            attrs["gender"] = title.gender
    ranks = [t.rank for t in (extra_titles or []) if t.rank]
    if ranks:
        attrs["ranks"] = ranks
    return ExtractedMention(
        kind=Kind.PERSON,
        text=text[start:end],
        normalized=display,
        start=start,
        end=end,
        context=context_of(text, start, end),
        role_hint=role,
        attrs=attrs,
    )


def _role_from_titles(titles: list[Title]) -> tuple[Title | None, str]:
    best: Title | None = None
    for title in titles:
        if best is None or (title.role == "detective") or (not best.role and title.role):
            best = title
    return best, (best.role if best else "")


def _split_titles(raw: str) -> list[Title]:
    pattern = re.compile(rf"(?:{vocabulary().title_pattern})\.?")
    found: list[Title] = []
    for match in pattern.finditer(raw):
        title = title_for(match.group(0))
        if title is not None:
            found.append(title)
    return found


def _titled_matches(text: str) -> Iterator[tuple[MatchLike, list[Title]]]:
    for match in _rescanned(_titled_regex().on(text), text):
        yield match, _split_titles(match.group("titles"))
    for match in _rescanned(_OCR_TITLED.on(text), text):
        title = ocr_title_for(match.group("titles"))
        if title is not None:
            yield match, [title]


def _rescanned(pattern: Searcher, text: str) -> Iterator[MatchLike]:
    """The pattern's matches, each search resumed right after the title rather than after the
    name: in capitals a name's words run on into the next title ("DET. JOHN ROE AND SGT. JANE
    DOE" reads "JOHN ROE AND SGT" as the name) and the second title would be skipped. The name
    kept is cut at "AND" later; overlapping spans are resolved by _dedupe."""
    pos = 0
    while True:
        match = pattern.search(text, pos)
        if match is None:
            return
        yield match
        pos = max(match.end("titles"), match.start() + 1)


def _wrapped_title_ok(text: str, match: MatchLike) -> bool:
    """A title at a line end with the name on the next line: only in running prose ("... by Front
    Desk Officer" / "Tennant that ..."), never in a form's column of labels in capitals."""
    between = text[match.end("titles") : match.start("name")]
    if "\n" not in between:
        return True
    titles = match.group("titles")
    if titles.islower():
        # a title in lower case at a line end is a common noun ("later the detectives", a
        # church's "officers" in an obituary column): the capitalised word starting the next line
        # is that line's (or the next column's) first word, not a name
        return False
    line_start = text.rfind("\n", 0, match.start()) + 1
    before = text[line_start : match.start()]
    return not titles.isupper() and bool(re.search(r"[a-z]{2,}", before))


def _sentence_end_title(text: str, match: MatchLike) -> bool:
    """A title written out in lower case and followed by a period ends a sentence ("the dog
    barked at the detectives. Mr. Roe said", "never shown to be an agent. Roe v. State"): the
    capitalised word after it starts the next sentence. An abbreviation keeps its period ("by
    det. Roe"), and a capitalised title before a stray period is still a title ("call
    Detective. Roe", an OCR speck)."""
    # every title word with a period after it, in the titles and up to the name ("detectives.
    # Mr. Roe": the period may end a title before another one)
    raw = text[match.start("titles") : match.start("name")]
    for word in re.finditer(r"(?P<word>[A-Za-z]+)[ \t]*\.", raw):
        written = word.group("word")
        if written.islower() and title_for(written) is not None and not _abbreviated(written):
            return True
    return False


@functools.cache
def _abbreviations() -> frozenset[str]:
    """Title forms that are abbreviations: four letters or fewer ("det", "sgt", "capt"), or the
    start of a longer form of the same title other than its plural ("lieut" of "lieutenant")."""
    titles = vocabulary().titles
    out = set()
    for form, title in titles.items():
        if len(form) <= 4:
            out.add(form)
            continue
        for other, same in titles.items():
            if same.key == title.key and other.startswith(form) and other not in (form, form + "s"):
                out.add(form)
                break
    return frozenset(out)


def _abbreviated(word: str) -> bool:
    return re.sub(r"[\s.]+", "", word).lower() in _abbreviations()


def _lowercase_short_title(raw: str) -> bool:
    """A short title form written in lower case without its period ("off", "dep", "inv") is an
    ordinary word ("three houses off Mirabeau"), not an abbreviated title ("Off. Mirabeau")."""
    bare = raw.strip(" \t")
    return bare.islower() and not bare.endswith(".") and len(bare) <= 3


#: a house number and a street's name right before "Dr." on its line ("4821 ELM DR.", "12 Old
#: Mill Dr."): the abbreviation is Drive
_STREET_BEFORE = re.compile(
    r"(?<![\d\-/:.])\d{1,6}[ \t]+(?:(?!(?i:[ap]\.?m)\b)[A-Z][A-Za-z'’\-]*[ \t]+){1,3}$"
)


def _titled(text: str) -> Iterator[ExtractedMention]:
    for match, titles in _titled_matches(text):
        if not titles or not _wrapped_title_ok(text, match) or _lowercase_short_title(match.group("titles")):
            continue
        if _sentence_end_title(text, match):
            continue
        title, role = _role_from_titles(titles)
        tokens = _clean_tokens(match.group("name"))
        if not tokens or title is None:
            continue
        if match.start("name") == match.end("titles") and not title.law_enforcement and len(tokens[0]) > 2:
            continue  # glued without an initial: an abbreviation ("DA.REF"), not "DA. Ref"
        written = match.group("titles").strip()
        if (
            title.role
            and not title.law_enforcement
            and len(written) == 2
            and written.isupper()
            and len(tokens) == 1
        ):
            continue  # "12 GATE DA LOCK" in a checklist: two capitals and a word, no "DA" and a surname
        if title.key == "doctor" and _STREET_BEFORE.search(text, max(0, match.start() - 60), match.start()):
            continue  # "4821 ELM DR. SPRINGFIELD": the street's Drive, not a doctor
        if len(tokens) == 1 and _looks_like_a_word(tokens[0]):
            continue
        if any(t.needs_full_name for t in titles) and len(tokens) < 2:
            continue
        if (
            re.search(r"\((?i:s)\)[ \t.]*$", match.group("titles"))
            and len(tokens) > 1
            and len(tokens[0].rstrip(".")) > 1
            and tokens[0].lower() not in vocabulary().first_names
        ):
            continue  # "DID INVESTIGATING OFFICER (S) REQUEST ADDITIONAL SERVICES": a form's question
        # "Mr." alone says nothing; "BY MR. X" is handled by _examiners
        mention = _person(
            text, match.start(), tokens, match.end(), title=title, role=role, cue="title", extra_titles=titles
        )
        if mention is None:
            continue
        hyphen = _HYPHENATED.match(text, mention.end)
        if hyphen:  # "Sergeant Dun-" at a line end, "more" on the next line
            joined = [*tokens[:-1], tokens[-1] + hyphen.group("rest")]
            mention = (
                _person(
                    text,
                    match.start(),
                    joined,
                    hyphen.end("rest"),
                    title=title,
                    role=role,
                    cue="title",
                    extra_titles=titles,
                )
                or mention
            )
            mention.attrs["surname"] = _display(joined[-1])
        if len(tokens) == 1 and tokens[0].lower() in vocabulary().first_names:
            wrapped = _WRAPPED_SURNAME.match(text, mention.end)
            if wrapped:  # "Sgt. William" at a line end, "Larkwend" on the next line
                more = _clean_tokens(wrapped.group("name"), max_tokens=1)
                # written alike: "OFFICER WILSON" over "Place of Arrest" is a form's next label
                alike = more and more[0].isupper() == tokens[0].isupper()
                if more and alike and more[0].lower() not in vocabulary().first_names:
                    mention = (
                        _person(
                            text,
                            match.start(),
                            [*tokens, *more],
                            wrapped.end("name"),
                            title=title,
                            role=role,
                            cue="title",
                            extra_titles=titles,
                        )
                        or mention
                    )
        if mention.attrs.get("surname", "").lower() in vocabulary().nicknames and not mention.attrs.get(
            "given"
        ):
            continue  # "Sergeant Paula": a first name alone is not a surname
        if title.key == "doctor":
            mention.role_hint = _doctor_role(text, mention.start, mention.end)
        yield mention
        raw_titles = match.group("titles").rstrip(". \t").lower()
        plural = raw_titles.endswith("(s)") or (raw_titles.endswith("s") and len(raw_titles) > 3) or raw_titles == "drs"
        badged = bool(_BADGE_AFTER.match(text, mention.end))
        if title.law_enforcement and (len(tokens) == 1 or plural or badged):
            for member in _continuations(text, mention.end, title, role, plural=plural, badged=badged):
                if len(tokens) == 1:
                    member.attrs["partner"] = mention.attrs["surname"]  # named together: usually partners
                yield member
        elif title.key == "doctor" and plural:  # "Drs. Roe and Doe": two doctors, one role
            for member in _continuations(text, mention.end, title, role, plural=True):
                member.role_hint = mention.role_hint
                yield member


#: a badge number right after an officer's name ("P.O. J. ROE #5521", "J. ROE (5521)")
_BADGE_AFTER = re.compile(r"[ \t]*,?[ \t]*(?:#[ \t]*\d{1,5}|\([ \t]*#?[ \t]*\d{1,5}[ \t]*\))")


def _continuations(
    text: str, pos: int, title: Title, role: str, *, plural: bool, badged: bool = False
) -> Iterator[ExtractedMention]:
    """ "Detectives Kessler and Lindqvist", "Officers Marsh, Toller and Quince". After a singular
    title only "and" continues ("by Detective Kessler, Tennant stated" is not a list) — and a
    full name only when both names carry a badge number ("P.O. J. ROE #5521 AND K. DOE #6034":
    a pair of officers, the title written once)."""
    for _ in range(6):
        window = text[pos : pos + 80]
        single_re, full_re, amps = _continuation_regexes()
        full = full_re.match(window) if plural or badged else None
        if full and not plural and not _BADGE_AFTER.match(window, full.end()):
            full = None
        match = full or single_re.match(window)
        if not match:
            return
        sep = match.group("sep")
        if not plural and "and" not in sep.lower() and not any(a in sep for a in amps):
            return
        tokens = _clean_tokens(match.group("name"), max_tokens=3 if full else 1)
        while tokens and len(tokens[-1].rstrip(".")) == 1:
            tokens.pop()
        if not tokens:
            return
        if (
            full
            and len(tokens) == 1
            and len(match.group("name").split()) > 1
            and tokens[0].lower() in vocabulary().first_names
        ):
            return  # "and Agatha Gentle" cut at a stop word: a first name alone is no surname
        start = pos + match.start("name")
        after = text[start + len(match.group("name")) : start + len(match.group("name")) + 2]
        if not full and (after[:1] == "-" or (after[:1] == " " and after[1:2].isupper())):
            # "and Marcus Hale": a full name, not another surname of the same rank — unless the
            # next word ends a name ("P/O ROE & DOE UNIT 302")
            following = text[start + len(match.group("name")) :].split(None, 1)
            ender = following[0].strip(".,;:").lower() if following else ""
            if ender not in vocabulary().name_enders and ender not in vocabulary().not_names:
                return
        if len(tokens) > 1 and not _looks_like_person(" ".join(tokens)):
            return
        mention = _person(
            text, start, tokens, start + len(match.group("name")), title=title, role=role, cue="title-list"
        )
        if mention is None:
            return
        yield mention
        pos = mention.end


_LIST_PART = rf"(?!(?i:and|or)\b){_NAME_PART}"
#: a middle initial without its period after the first name, in capitals ("JANE L ROE"); never
#: "A" or "I", which are words ("DOE A WHITE MALE")
_BARE_INITIAL = r"(?:[ \t]+[B-HJ-Z](?=[ \t]+[A-Z]{2}))?"
_FULL_NAME = rf"{_LIST_PART}{_BARE_INITIAL}(?:{_SEP}{_LIST_PART}){{1,2}}"
#: a police unit (car) number and the officers manning it: "Unit 312, C. Roe and R.Doe",
#: "Unit #3347 manned by ...", "Jane Roe, Unit 331"
_UNIT_THEN_NAMES = re.compile(
    rf"(?<![A-Za-z])(?i:unit|car)[ \t]*#?[ \t]*\d{{2,5}}[ \t]*[,:]?[ \t]*(?:(?i:manned[ \t]+by)[ \t]+)?"
    rf"(?P<names>{_FULL_NAME}(?:[ \t]*(?:,|(?i:and)|&)[ \t]*{_FULL_NAME}){{0,3}})"
)
_NAME_THEN_UNIT = re.compile(
    rf"(?<![A-Za-z])(?P<names>{_FULL_NAME})[ \t]*,[ \t]*(?i:unit|car)[ \t]*#?[ \t]*\d{{2,5}}\b"
)
_LIST_SPLIT = re.compile(r"[ \t]*(?:,|\b(?i:and)\b|&)[ \t]*")


def _unit_members(text: str) -> Iterator[ExtractedMention]:
    """Officers named by the unit (car) they man, with no title: a police unit number says the
    names beside it are officers (a roster, a list of units on the scene)."""
    for pattern in (_UNIT_THEN_NAMES, _NAME_THEN_UNIT):
        for match in pattern.finditer(text):
            pos = match.start("names")
            for part in _LIST_SPLIT.split(match.group("names")):
                start = text.find(part, pos)
                if not part or start == -1:
                    continue
                pos = start + len(part)
                tokens = _clean_tokens(part)
                if len(tokens) < 2 or title_for(part.split()[0]) is not None:
                    continue
                if len(tokens[0].rstrip(".")) > 1 and not _looks_like_person(" ".join(tokens)):
                    continue
                mention = _person(text, start, tokens, pos, title=None, role="officer", cue="unit")
                if mention is not None:
                    mention.attrs["title_role"] = "officer"
                    yield mention


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        spans.append((pos, pos + len(line.rstrip("\r\n"))))
        pos += len(line)
    return spans


@functools.lru_cache(maxsize=4096)
def _looks_like_person(name: str) -> bool:
    import probablepeople  # ~0.25 CPU-s to import: only once a page has a name to check

    try:
        _, kind = probablepeople.tag(name)
    except probablepeople.RepeatedLabelError:
        return False
    return kind == "Person"


def _sworn_witnesses(text: str, lines: list[tuple[int, int]]) -> Iterator[ExtractedMention]:
    """A name alone on a line, followed within two lines by "being duly sworn", "called as a witness"."""
    # only the lines of a sworn phrase and the two above it are read (one scan of the page)
    low = ascii_lower(text)
    sworn = _SWORN.finditer(text) if low is None else _SWORN_LOWER.finditer(low)
    starts = [s for s, _ in lines]
    sworn_lines = {bisect.bisect_right(starts, m.start()) - 1 for m in sworn}
    candidates_at = sorted({i for line in sworn_lines for i in (line - 2, line - 1, line) if i >= 0})
    for index in candidates_at:
        start, end = lines[index]
        line = text[start:end]
        inline = re.match(rf"^[ \t]*(?P<name>{_NAME_PART}(?:[ \t]+{_NAME_PART}){{1,3}})[ \t]*,", line)
        candidates: list[tuple[int, str, list[Title]]] = []
        if inline and _SWORN.search(line):
            candidates.append((start + inline.start("name"), inline.group("name"), []))
        else:
            match = _NAME_LINE.match(line)
            if match:
                titles = _split_titles(match.group("titles") or "")
                name = match.group("name")
                name_start = start + match.start("name")
                if match.group("titles") and not titles:
                    name = f"{match.group('titles')} {name}"
                    name_start = start + match.start("titles")
                candidates.append((name_start, name, titles))
        for name_start, name, titles in candidates:
            tokens = _clean_tokens(name)
            if len(tokens) < 2 or not _looks_like_person(" ".join(tokens)):
                continue
            title, _ = _role_from_titles(titles)
            mention = _person(
                text,
                name_start,
                tokens,
                name_start + len(name),
                title=title,
                role="witness",
                cue="sworn",
                extra_titles=titles,
            )
            if mention is not None:
                if title is not None and title.role:
                    mention.attrs["title_role"] = title.role
                yield mention


#: A transcript page's running head: the witness on the stand and the examination ("Roe - Direct",
#: "JOHN ROE - CROSS EXAMINATION (Continued)"), on one of the page's first lines (after a speck
#: OCR reads as a dot).
_RUNNING_HEAD = re.compile(
    rf"(?m)^[ \t]*(?:[.,'`·•*]+[ \t]*)?(?:\d{{1,4}}[ \t]+)?(?P<name>{_NAME_PART}(?:[ \t]+{_NAME_PART}){{0,3}})[ \t]*[-–—~][ \t]*"
    r"(?i:(?:re-?)?(?:direct|cross)|voir[ \t]+dire)(?:[ \t]+(?i:examination))?"
    r"(?:[ \t]*\((?i:cont(?:inued|'d|\.)?)\)?)?[ \t]*[.,:;]?[ \t]*(?:\d{1,4})?[ \t]*$"
)
#: how far down a page its running head may stand (OCR puts the page number first, or a blank line)
_RUNNING_HEAD_LINES = 3


def _running_head(text: str, lines: list[tuple[int, int]]) -> Iterator[ExtractedMention]:
    """The witness a transcript page's running head names ("Roe - Direct"): a witness there, often
    by surname alone (resolution attaches it to the full name the case gives)."""
    seen = 0
    for start, end in lines:
        if start == end or text[start:end].isspace():
            continue
        seen += 1
        if seen > _RUNNING_HEAD_LINES:
            return
        match = _RUNNING_HEAD.match(text, start, end)
        if match is None:
            continue
        tokens = _clean_tokens(match.group("name"))
        if not tokens or (len(tokens) > 1 and not _looks_like_person(" ".join(tokens))):
            continue
        mention = _person(
            text, match.start("name"), tokens, match.end("name"), title=None, role="witness", cue="running-head"
        )
        if mention is not None:
            yield mention
        return


#: A name alone on its line right above "Direct Examination by Mr. Roe": the witness examined (a
#: transcript's index of witnesses, or the head of an examination)
_EXAMINED_WITNESS = AfterClass(
    r"\n",
    rf"[ \t]*(?P<name>{_NAME_PART}(?:{_SEP}{_NAME_PART}){{1,3}})[ \t]*[,.]?[ \t]*\r?\n[ \t]*"
    r"(?i:(?:re-?)?(?:direct|cross)[ \t]*-?[ \t]*examination[ \t]+by)\b",
)


def _examined_witnesses(text: str) -> Iterator[ExtractedMention]:
    for match in _EXAMINED_WITNESS.finditer(text):
        tokens = _clean_tokens(match.group("name"))
        if len(tokens) < 2 or not _looks_like_person(" ".join(tokens)):
            continue
        mention = _person(
            text, match.start("name"), tokens, match.end("name"), title=None, role="witness", cue="examined"
        )
        if mention is not None:
            yield mention


def _examiners(text: str) -> Iterator[ExtractedMention]:
    for match in _EXAMINER.finditer(text):
        tokens = _clean_tokens(match.group("name"), max_tokens=1)
        title = title_for(match.group("title"))
        mention = _person(
            text,
            match.start("title"),
            tokens,
            match.end("name"),
            title=title,
            role="attorney",
            cue="examiner",
        )
        if mention is not None:
            yield mention


def _speakers(text: str) -> Iterator[ExtractedMention]:
    """ "MR. HALE:" — in a transcript, a named speaker other than the witness is counsel."""
    for match in _SPEAKER.finditer(text):
        tokens = _clean_tokens(match.group("name"), max_tokens=1)
        title = title_for(match.group("title"))
        mention = _person(
            text, match.start("title"), tokens, match.end("name"), title=title, role="attorney", cue="speaker"
        )
        if mention is not None:
            yield mention


def _self_identified(text: str, low: str | None = None) -> Iterator[ExtractedMention]:
    if low is not None and "name" not in low:
        return  # every match holds "name" (in any case): on an ASCII page, lowered, ``in`` says
    for match in _SELF_ID.finditer(text):
        tokens = _clean_tokens(match.group("name"))
        if len(tokens) < 2 or not _looks_like_person(" ".join(tokens)):
            continue
        mention = _person(
            text, match.start("name"), tokens, match.end("name"), title=None, role="", cue="self"
        )
        if mention is not None:
            after = text[mention.end : mention.end + 100].lower()
            mention.role_hint = _cue_role(after)
            yield mention


def _cue_role(window: str) -> str:
    for cue, role in vocabulary().role_cues:
        if re.search(rf"\b{re.escape(cue)}\b", window):
            return role
    return ""


def _labelled(text: str, lines: list[tuple[int, int]], low: str | None = None) -> Iterator[ExtractedMention]:
    """Form fields and front matter: "VICTIM: Jane Doe", "REPORTING OFFICER: ...", a list of
    names followed by "For the State", "Jane Doe (Victim)". ``low``: the page lowered, when
    it is ASCII."""
    labels = vocabulary().field_labels
    label_words = _label_first_words(tuple(labels))
    label_vocabulary = _label_vocabulary(tuple(labels))
    line_words = _line_words(low, len(lines))
    for index, (start, end) in enumerate(lines):
        line = text[start:end]
        # A label starts its line (after a box number, "4.", "A)" or "NAME OF") or, in capitals,
        # ends it: a line with no label's first word in either place is none, and most lines of
        # a transcript or narrative are none — the label parsing below is costly.
        words = line_words[index].split() if line_words is not None else _LOWER_WORD.findall(line.lower())
        if label_words.isdisjoint(words[:3]) and not (line.isupper() and not label_words.isdisjoint(words)):
            continue
        if not line.isupper() and _VALUE_MARK.search(line) is None and not _may_be_label(words, label_vocabulary):
            # no "LABEL: value" (it needs a colon, a dash or a number) and the line is not a
            # label by itself: one of its words is in no label
            continue
        stripped = _label_key(line)  # "4. TECHNICIAN", "DEFENDANT #2", "VICTIM NAME"
        enumeration = _ENUMERATION.match(line) or _LEADING_BOX.match(line)  # "4. ", "14 "
        body = enumeration.end() if enumeration else 0
        label_match = _SAME_LINE_LABEL.match(line, body)
        if label_match and re.fullmatch(r"[\d\W]+", label_match.group("value")):
            label_match = None  # "DEFENDANT #1" alone: the name is below
        if label_match and _label_key(label_match.group("label")) in labels:
            role = labels[_label_key(label_match.group("label"))]
            value = label_match.group("value")
            offset = start + label_match.start("value")
            yield from _names_in_value(text, offset, value, role)
        elif stripped in labels and stripped.startswith("for the"):
            # appearances: the names are on the lines just above
            role = labels[stripped]
            for s, e in reversed(lines[max(0, index - 3) : index]):
                value = text[s:e]
                if not value.strip() or re.search(r"(?i)for the|\d", value):
                    break
                yield from _names_in_value(text, s, value, role, whole_line=True)
        elif stripped in labels or (line.isupper() and _line_end_label(line, labels)):
            # a form: the value is on one of the next lines, below other field labels (in capitals);
            # the label may end a line of other fields ("DATE 06/01/02 ARRESTING OFFICER")
            role = (
                labels[stripped] if stripped in labels else labels[str(_line_end_label(line, labels)).lower()]
            )
            for s, e in lines[index + 1 : index + 1 + FORM_VALUE_LINES]:
                value = text[s:e].strip()
                if not value or re.fullmatch(r"[\d\W]+", value):
                    continue
                prefix = _NAME_PREFIX.match(text, s, e)
                if prefix is not None:  # "NAME: ROE, JANE" under an "ARRESTING OFFICER" heading
                    s = prefix.end()
                    value = text[s:e].strip()
                split = _split_name(text, lines, s, e, role, labels)
                if split is not None:
                    yield split
                    break
                if value.isupper() and not _capitals_name(value, labels):
                    continue  # another label of the form
                yield from _names_in_value(text, s, text[s:e], role, whole_line=not value.isupper())
                break
    if "(" not in text:
        return  # every "Jane Doe (Victim)" holds its bracket
    for match in _PAREN_ROLE.finditer(text):
        tokens = _clean_tokens(match.group("name"))
        if len(tokens) < 2 or not _looks_like_person(" ".join(tokens)):
            continue
        role = match.group("role").lower()
        role = {"suspect": "defendant", "arrestee": "defendant", "complainant": "victim"}.get(role, role)
        mention = _person(
            text, match.start("name"), tokens, match.end("name"), title=None, role=role, cue="label"
        )
        if mention is not None:
            yield mention


#: "LABEL: value", "07. LABEL: value", and a label followed by a badge number then the name
#: ("REPORTING OFFICER 1496 MICHAEL ROE")
_SAME_LINE_LABEL = re.compile(
    r"[ \t]*(?P<label>[A-Za-z][A-Za-z /'’()]*?(?:[ \t]*#[ \t]*\d{1,2})?)[ \t]*(?:[:\-]|(?=[ \t]+#?[ \t]*\d))"
    r"[ \t]*(?P<value>\S.*)$"
)
#: a badge or ID number before the name in a form box ("1496 MICHAEL ROE", "#4411 J. ROE",
#: the "#1:" of "DEFENDANT #1: ...")
_LEADING_NUMBER = re.compile(r"^[ \t]*#?[ \t]*\d{1,6}[ \t]*[:.)]?[ \t]+(?=[A-Z])")
#: what a form adds to a label: a number ("DEFENDANT #2", "VICTIM 1"), a plural "(S)", "NAME"
#: before or after it ("VICTIM NAME", "NAME OF OFFICER", "OFFICER'S NAME"), "(PRINT)"
_LABEL_NUMBER = re.compile(r"[ \t]*#?[ \t]*\d{1,2}$")
_LABEL_EXTRAS = re.compile(r"[ \t]*\((?:s|print|printed)\)|['’]s\b|^name[ \t]+of[ \t]+|[ \t]+name$")
#: a form's instructions after the label ("OFFICER'S NAME (PRINT) / (SIGNATURE)"), taken off
#: before _LABEL_EXTRAS so that its "NAME" is then the label's last word
_LABEL_INSTRUCTIONS = re.compile(r"(?:[ \t]*/)?[ \t]*\((?:print|printed|signature|sign|please print)\)")


_BOX_NUMBER = re.compile(r"^\d{1,3}[ \t]+")
_LEADING_BOX = re.compile(r"[ \t]*\d{1,3}[ \t]+(?=[A-Za-z])")


_LOWER_WORD = re.compile(r"[a-z]+")
#: splitlines' line breaks kept, lower-case letters kept, every other ASCII character a blank:
#: a lowered ASCII page's lines with their runs of [a-z] split by blanks
_LINE_LETTERS = str.maketrans(
    {chr(c): chr(c) if chr(c) in "\n\r\x0b\x0c\x1c\x1d\x1e" or "a" <= chr(c) <= "z" else " " for c in range(128)}
)


def _line_words(low: str | None, count: int) -> list[str] | None:
    """Each line of a lowered ASCII page with what is not a lower-case letter blanked: its
    ``split()`` is ``_LOWER_WORD.findall`` of the line, lowered (one translation of the page
    instead of a scan per line). None when there is no such page or the lines do not match."""
    if low is None:
        return None
    lines = low.translate(_LINE_LETTERS).splitlines()
    return lines if len(lines) == count else None


@functools.lru_cache(maxsize=4)
def _label_first_words(labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(words[0] for words in map(_LOWER_WORD.findall, labels) if words)


#: what _SAME_LINE_LABEL needs after a label: a colon, a dash or a number
_VALUE_MARK = re.compile(r"[:\-]|\d")
#: the words _label_key takes off a line besides the label's ("OFFICER'S NAME (PRINT)")
_LABEL_EXTRA_WORDS = frozenset(["name", "of", "s", "print", "printed", "signature", "sign", "please"])


@functools.lru_cache(maxsize=4)
def _label_vocabulary(labels: tuple[str, ...]) -> frozenset[str]:
    return frozenset(word for label in labels for word in _LOWER_WORD.findall(label)) | _LABEL_EXTRA_WORDS


def _may_be_label(words: list[str], vocabulary_words: frozenset[str]) -> bool:
    """Whether a line whose runs of letters (lower case) are ``words`` may be a label once
    _label_key has taken off its extras: every word is a label's or an extra, but the first,
    which may be an enumeration's letter ("A. VICTIM")."""
    if not words:
        return True
    return (len(words[0]) == 1 or words[0] in vocabulary_words) and vocabulary_words.issuperset(words[1:])


def _label_key(raw: str) -> str:
    """A form label as field_labels lists it: "4. DEFENDANT #2:" -> "defendant", "OFFICER'S
    NAME" -> "officer", "REPORTING OFFICER(S)" -> "reporting officer"."""
    label = _ENUMERATION.sub("", raw).strip().rstrip(":;,. ").lower()
    if label in vocabulary().field_labels:
        return label
    label = _BOX_NUMBER.sub("", label)  # "14 VICTIM", "112 ARRESTING OFFICER": a numbered box
    label = _LABEL_INSTRUCTIONS.sub("", label)
    return _LABEL_EXTRAS.sub("", _LABEL_NUMBER.sub("", label)).strip()


#: a form's LAST, FIRST order: "VARNE, WILBUR", "Varne, Wilbur J.", then nothing, a number or a
#: comma (the next field)
_LAST_FIRST = re.compile(
    rf"^[ \t]*(?P<surname>[A-Z][{_LETTER}'’\-]*[{_LETTER}])[ \t]*,[ \t]*"
    rf"(?P<given>[A-Z][{_LETTER}'’\-]*[{_LETTER}](?:[ \t]+[A-Z]\.?)?|[A-Z]\.(?:[ \t]?[A-Z]\.)?|[A-Z](?=[ \t]*$))"
    # then the next box: a comma, a number, the line end, a column gap, or race/sex ("W/M", "N/F")
    rf"(?![{_LETTER}.])[ \t]*(?:[,;(]|#?\d|$|[ \t]{{2,}}|[A-Z]{{1,2}}/[A-Z]{{1,2}}\b)"
)


#: a printout's "VARNE W" or "VARNE W J": a surname in capitals and initials without periods
_SURNAME_INITIALS = re.compile(
    r"^[ \t]*(?P<surname>[A-Z][A-Z'’\-]*[A-Z])[ \t]+(?P<given>[A-Z](?:[ \t]+[A-Z])?)(?![A-Za-z.])"
    r"[ \t]*(?:$|#?\d|[ \t]{2,}|[,;(])"
)


def _inverted_name(value: str) -> re.Match[str] | None:
    """ "VARNE, WILBUR J." in a form box: a surname, a comma, a first name from the name lists
    (and an initial). Two words of a form ("DATE, TIME") are no name: the first name must be one
    and the surname no form word or title."""
    match = _LAST_FIRST.match(value) or _SURNAME_INITIALS.match(value)
    if match is None:
        return None
    vocab = vocabulary()
    surname = match.group("surname").lower()
    given = match.group("given").split()[0].lower().rstrip(".")
    initial = len(given) == 1  # "VARNE, W." — a surname and an initial
    if given in vocab.not_names or given in vocab.field_labels or title_for(given) is not None:
        return None
    if (
        surname in vocab.not_names
        or surname in vocab.name_enders  # "RACE W", "SEX M", "PLATOON B": a box and its code
        or surname in vocab.field_labels
        or title_for(surname) is not None
    ):
        return None
    if len(surname) < 2:
        return None
    if initial or given in vocab.first_names:
        return match
    # a first name the lists do not know ("QUENBY, TARVISH"): the name tagger decides
    return (
        match
        if _looks_like_person(f"{match.group('given').split()[0]} {match.group('surname')}".title())
        else None
    )


def _split_name(
    text: str, lines: list[tuple[int, int]], s: int, e: int, role: str, labels: dict[str, str]
) -> ExtractedMention | None:
    """A name broken over two lines of a form box: a first name alone on its line ("AMBROSE" or
    "Ambrose J."), the surname alone on the next ("QUENBY")."""
    value = text[s:e].strip()
    first = re.fullmatch(
        rf"(?P<given>[A-Z][{_LETTER}'’\-]*[{_LETTER}])(?:[ \t]+(?P<initial>[A-Z])\.?)?", value
    )
    vocab = vocabulary()
    if first is None or first.group("given").lower() not in vocab.first_names:
        return None
    index = bisect.bisect_left([a for a, _ in lines], s)
    if index + 1 >= len(lines):
        return None
    ns, ne = lines[index + 1]
    below = text[ns:ne].strip()
    surname = re.fullmatch(rf"[A-Z][{_LETTER}'’\-]*[{_LETTER}]", below)
    if surname is None or (value.isupper() != below.isupper()):
        return None
    low = below.lower()
    if low in vocab.not_names or low in labels or title_for(below) is not None or low in vocab.first_names:
        return None
    tokens = (
        [first.group("given")] + ([first.group("initial") + "."] if first.group("initial") else []) + [below]
    )
    start = s + text[s:e].index(first.group("given"))
    end = ns + text[ns:ne].index(below) + len(below)
    mention = _person(text, start, tokens, end, title=None, role=role, cue="label")
    if mention is not None:
        mention.attrs["split_lines"] = True
    return mention


#: what may come before the name at the start of a form box's line: a badge number, "NAME:"
_BOX_START = re.compile(r"[ \t:#\d\-]*(?:(?i:(?:full|printed|print)[ \t]+)?(?i:name)[ \t]*[:\-][ \t]*)?")
#: "NAME:" before the value in a box under a person's heading ("ARRESTING OFFICER / NAME: ROE, JANE")
_NAME_PREFIX = re.compile(r"[ \t]*(?i:(?:full|printed|print)[ \t]+)?(?i:name)[ \t]*[:\-][ \t]*(?=[A-Z])")


#: a form field's value may sit this many lines below its label, under other labels (in
#: capitals), checkboxes and badge numbers ("4. TECHNICIAN / O WITNESS / BADGE / 650 / P. ROE")
FORM_VALUE_LINES = 5


def _capitals_name(value: str, labels: dict[str, str]) -> bool:
    """A value in capitals under a form label is a name, not the next label, when it starts
    with an initial or a first name ("J. QUENBY", "HOLLIS VARNE 4411") and is no label."""
    number = _LEADING_NUMBER.match(value)
    if number:
        value = value[number.end() :]  # "1496 MICHAEL ROE": a badge number before the name
    if value.rstrip(": ").lower() in labels or value.rstrip().endswith(":"):
        return False
    if _inverted_name(value) is not None:
        return True  # "VARNE, WILBUR J."
    words = value.replace(".", ". ").split()
    if len(words) < 2:
        return False
    first = words[0].rstrip(".,").lower()
    vocab = vocabulary()
    if title_for(words[0]) is not None:
        return True  # "DET. HOLLIS VARNE" (found by the title scan as well)
    if words[1].strip(".,").lower() in vocab.not_names:
        return False  # "O WITNESS": a checkbox and its label
    initial = len(first) == 1 and words[0].endswith(".")
    return (initial or first in vocab.first_names) and first not in vocab.not_names


#: the party a side word names -> the counsel who appears for it (knowledge/people/roles.yaml)
_SIDE = vocabulary().counsel_sides
_SIDE_WORDS = "|".join(_SIDE)
#: "Present and Representing the State:", "Appearing for the Defendants", "(Attorney for Defendant X)"
_APPEARANCE = re.compile(
    rf"(?i:(?:representing|appearing[ \t]+for|appearing[ \t]+on[ \t]+behalf[ \t]+of|on[ \t]+behalf[ \t]+of|"
    rf"attorneys?[ \t]+for|counsel[ \t]+for|for)[ \t]+(?:the[ \t]+)?(?P<side>{_SIDE_WORDS})\b)"
)
#: "Mr. Roe on behalf of the State", "BY MR. DOE ON BEHALF OF DEFENDANT"
_ON_BEHALF = re.compile(
    rf"(?P<title>(?i:mr|mrs|ms|miss))\.?[ \t]+(?P<name>[A-Z][A-Za-z'\-]+[A-Za-z])[,]?[ \t]+"
    rf"(?i:on[ \t]+behalf[ \t]+of|representing)[ \t]+(?:the[ \t]+)?(?P<side>(?i:{_SIDE_WORDS}))\b"
)
#: a full name, with or without its courtesy title, then its side: "Jane Roe on behalf of the
#: State of X", "John Doe for the defendant", "Jane Roe, Esq., representing the defense"
#: blanks, or one line break (with a transcript's line number on a line of its own between)
_WRAP = r"(?:[ \t]+|[ \t]*\r?\n(?:[ \t]*\d{1,2}[ \t]*\r?\n)?[ \t]*)"
_NAME_ON_BEHALF = re.compile(
    rf"(?<![A-Za-z.])(?:(?P<title>(?i:mr|mrs|ms|miss))\.?[ \t]+)?(?P<name>{_FULL_NAME})[ \t]*,?[ \t]*"
    rf"(?:(?i:esq)\.?[ \t]*,?[ \t]*)?(?:{_WRAP})?"
    rf"(?i:on{_WRAP}behalf{_WRAP}of|representing|(?:(?:attorneys?|counsel){_WRAP})?for){_WRAP}(?:(?i:the){_WRAP})?"
    rf"(?P<side>(?i:{_SIDE_WORDS}))\b(?!['’])"
    # the side ends the phrase ("for the defense file" is a file)
    r"(?![ \t]+(?!(?:of|in|who|and|at|here|is|was|will)\b)[a-z])"
)
#: a minute entry's counsel: "Court appointed Jane Roe, Esq. to represent the Defendant", "The
#: defendant Doe attended by Mr. John Roe", "defendant appeared represented by Jane Roe",
#: "Defendant Doe appeared with Counsel, J. Roe"
_APPOINTED = re.compile(
    rf"(?i:appointed){_WRAP}(?:(?P<title>(?i:mr|mrs|ms|miss))\.?[ \t]+)?(?P<name>{_FULL_NAME})[ \t]*,?[ \t]*"
    rf"(?:(?i:esq\.?|attorney(?:[ \t]+at[ \t]+law)?)[ \t]*,?[ \t]*)?(?i:to{_WRAP}represent){_WRAP}(?:(?i:the){_WRAP})?"
    rf"(?P<side>(?i:{_SIDE_WORDS}))\b"
)
_ATTENDED_BY = re.compile(
    rf"(?i:defendants?)\b[^.\n]{{0,40}}?(?i:(?:attended|represented)[ \t]+by|with[ \t]+counsel[ \t]*,?)[ \t]+"
    rf"(?:(?i:counsel|attorney),?[ \t]+)?(?:(?P<title>(?i:mr|mrs|ms|miss))\.?[ \t]+)?"
    rf"(?P<name>{_FULL_NAME}|[A-Z][A-Za-z'\-]+[A-Za-z])"
)
_APPEARANCE_NAME = re.compile(
    rf"^[ \t]*(?:(?P<title>(?i:honorable|hon\.?|mr\.?|mrs\.?|ms\.?|miss))[ \t]+)?"
    rf"(?P<name>{_NAME_PART}(?:{_SEP}{_NAME_PART}){{1,3}})[ \t]*,?[ \t]*(?i:esq\.?|jr\.?)?[ \t]*$"
)


#: an office alone on its line under a name in the appearances ("JANE ROE, ESQ." over "ASSISTANT
#: DISTRICT ATTORNEY"): the line says the side
_OFFICE_LINE = re.compile(
    r"^[ \t]*(?P<office>(?i:(?:(?:first|chief|senior)[ \t]+)?(?:assistant[ \t]+)?(?:"
    + "|".join(
        r"[ \t]+".join(re.escape(word) for word in office.split())
        for office in sorted(vocabulary().counsel_offices, key=len, reverse=True)
    )
    + r")))[ \t]*[,.]?[ \t]*$"
)
_LINE_NUMBER_ONLY = re.compile(r"^[ \t]*\d{1,3}[ \t]*$")


def _appearances(text: str, lines: list[tuple[int, int]]) -> Iterator[ExtractedMention]:
    """Counsel and their side from the appearances of a transcript ("Representing the State:"
    and the names below it, "(Attorney for Defendant X)" under a name) and from "Mr. Roe on
    behalf of the State" anywhere."""
    for index, (start, end) in enumerate(lines):
        line = text[start:end]
        cue = _APPEARANCE.search(line)
        office = _OFFICE_LINE.match(line) if cue is None else None
        if office is not None:
            said = re.sub(r"^(?:(?:first|chief|senior)\s+)?(?:assistant\s+)?", "", office.group("office").lower())
            role = vocabulary().counsel_offices[" ".join(said.split())]
            window = [
                (s, e)
                for s, e in reversed(lines[max(0, index - 4) : index])
                if text[s:e].strip(" \t-_.") and not _LINE_NUMBER_ONLY.match(text[s:e])
            ][:1]
        elif cue is None or len(line.strip()) > 60 or re.search(r"(?i)witness|evidence|exhibit|rests", line):
            continue  # "WITNESSES FOR THE STATE:" lists witnesses, not counsel
        elif not line.rstrip().endswith(":"):
            role = _SIDE[cue.group("side").lower()]
            # "For the State" / "(Attorney for Defendant X)" under a name: the name is just above
            # (a signature block: above the firm, its address and telephone; blank lines skipped)
            window = [
                (s, e) for s, e in reversed(lines[max(0, index - 12) : index]) if text[s:e].strip(" \t-_.")
            ][:6]
        else:  # "Representing the State:" — the names follow
            role = _SIDE[cue.group("side").lower()]
            window = lines[index + 1 : index + 9]
        for s, e in window:
            value = text[s:e]
            if _APPEARANCE.search(value):
                break
            match = _APPEARANCE_NAME.match(value)
            if match is None:
                continue
            tokens = _clean_tokens(match.group("name"))
            if len(tokens) < 2 or not _looks_like_person(" ".join(tokens)):
                continue
            name_start = s + match.start("name")
            mention = _person(
                text, name_start, tokens, s + match.end("name"), title=None, role=role, cue="appearance"
            )
            if mention is not None:
                mention.attrs["title_role"] = role
                yield mention
                if window[0][0] < start:
                    break  # the block above: only its nearest name
    yield from _counsel_by_phrase(text)
    for match in _ON_BEHALF.finditer(text):
        tokens = _clean_tokens(match.group("name"), max_tokens=1)
        role = _SIDE[match.group("side").lower()]
        mention = _person(
            text,
            match.start("title"),
            tokens,
            match.end("name"),
            title=title_for(match.group("title")),
            role=role,
            cue="appearance",
        )
        if mention is not None:
            mention.attrs["title_role"] = role
            yield mention


def _counsel_by_phrase(text: str) -> Iterator[ExtractedMention]:
    """Counsel named in a sentence with their side: an attorney's own appearance ("Jane Roe on
    behalf of the State"), an appointment or attendance in a docket's minute entry."""
    for pattern, side in ((_NAME_ON_BEHALF, ""), (_APPOINTED, ""), (_ATTENDED_BY, "defense_counsel")):
        for match in pattern.finditer(text):
            tokens = _clean_tokens(match.group("name"))
            titled = match.group("title") is not None
            if not tokens or (len(tokens) < 2 and not titled):
                continue
            if len(tokens) > 1 and not _looks_like_person(" ".join(tokens)):
                continue
            role = side or _SIDE[match.group("side").lower()]
            start = match.start("title") if titled else match.start("name")
            mention = _person(
                text,
                start,
                tokens,
                match.end("name"),
                title=title_for(match.group("title")) if titled else None,
                role=role,
                cue="appearance",
            )
            if mention is not None:
                mention.attrs["title_role"] = role
                yield mention


_SOVEREIGN = r"(?i:(?:the[ \t]+)?(?:state[ \t]+of[ \t]+[A-Za-z]+(?:[ \t]+[A-Za-z]+)?|people(?:[ \t]+of[ \t]+the[ \t]+state[ \t]+of[ \t]+[A-Za-z]+)?|commonwealth(?:[ \t]+of[ \t]+[A-Za-z]+)?|united[ \t]+states(?:[ \t]+of[ \t]+america)?))"
_VERSUS = r"(?i:v\.|vs\.?|versus)"
_CAPTION_INLINE = re.compile(
    rf"{_SOVEREIGN}[ \t,]+{_VERSUS}[ \t]+(?P<names>{_FULL_NAME}(?:[ \t]*(?:,|(?i:and)|&)[ \t]*{_FULL_NAME}){{0,3}})"
)
_SOVEREIGN_LINE = re.compile(rf"^[\W_]*{_SOVEREIGN}[\W_]*$")
_VERSUS_LINE = re.compile(rf"^[\W_]*{_VERSUS}[\W_]*$")


def _captions(text: str, lines: list[tuple[int, int]]) -> Iterator[ExtractedMention]:
    """Defendants from a case caption: "State of X versus Jane Roe and John Doe", on one line or
    set out as a caption block (the State, "VS.", the names, a "DEFENDANT(S)" label)."""
    for match in _CAPTION_INLINE.finditer(text):
        yield from _defendants(text, match.start("names"), match.group("names"))
    for index, (start, end) in enumerate(lines):
        if not _SOVEREIGN_LINE.match(text[start:end]):
            continue
        following = lines[index + 1 : index + 5]
        versus = next((i for i, (s, e) in enumerate(following) if _VERSUS_LINE.match(text[s:e])), None)
        if versus is None:
            continue
        for s, e in lines[index + 2 + versus : index + 6 + versus]:
            value = text[s:e]
            if re.fullmatch(
                r"[\W\d_]*(?i:defendants?|accused|petitioners?|respondents?|no\.?.*)?[\W\d_]*", value
            ):
                continue
            found = list(_defendants(text, s, value))
            yield from found
            if found:
                break


def _defendants(text: str, offset: int, value: str) -> Iterator[ExtractedMention]:
    pos = offset
    for part in _LIST_SPLIT.split(value):
        start = text.find(part, pos) if part else -1
        if start == -1:
            continue
        pos = start + len(part)
        tokens = _clean_tokens(part)
        if len(tokens) < 2 or not _looks_like_person(" ".join(tokens)):
            continue
        mention = _person(text, start, tokens, pos, title=None, role="defendant", cue="caption")
        if mention is not None:
            mention.attrs["title_role"] = "defendant"
            yield mention


#: "his attorney, Jane Roe", "the defendant's lawyer John Doe", "the prosecutor, Jane Roe": counsel
#: named by an appositive
#: (found from the office word, which is rare, rather than from "the", which is not)
_COUNSEL_WORD = re.compile(r"(?i:\b(?P<what>attorney|lawyer|counsel|prosecutor))[ \t]*,?[ \t]+(?=[A-Z])")
_COUNSEL_WHOSE = re.compile(
    r"(?i:\b(?P<whose>his|her|their|the[ \t]+defendant'?s|defense|the[ \t]+defense|the[ \t]+state'?s|the))[ \t]+$"
)
_COUNSEL_NAME = re.compile(rf"(?P<name>{_FULL_NAME})")


def _counsel_named(text: str) -> Iterator[ExtractedMention]:
    for word in _COUNSEL_WORD.finditer(text):
        owner = _COUNSEL_WHOSE.search(text, max(0, word.start() - 24), word.start())
        match = _COUNSEL_NAME.match(text, word.end()) if owner else None
        if owner is None or match is None:
            continue
        whose = owner.group("whose").lower()
        what = word.group("what").lower()
        if what == "prosecutor" or "state" in whose:
            role = "prosecutor"
        elif whose == "the":
            continue  # "the attorney, Jane Roe": which side is not said
        else:
            role = "defense_counsel"
        tokens = _clean_tokens(match.group("name"))
        if len(tokens) < 2 or not _looks_like_person(" ".join(tokens)):
            continue
        mention = _person(
            text, match.start("name"), tokens, match.end("name"), title=None, role=role, cue="appearance"
        )
        if mention is not None:
            mention.attrs["title_role"] = role
            yield mention


#: "JANE ROE, CIRCUIT JUDGE", "JOHN DOE, M.D., CORONER": the office after the name
_NAME_THEN_OFFICE = re.compile(
    rf"(?<![A-Za-z])(?P<name>{_FULL_NAME})[ \t]*,[ \t]*(?P<md>(?i:m\.[ \t]?d\.)[ \t]*,?[ \t]*)?"
    rf"(?P<office>(?i:(?:[A-Za-z]+[ \t]+)?judge|coroner|medical[ \t]+examiner|pathologist))?(?![A-Za-z'’])"
)
# ("on Jane Roe, Coroner's Pathologist, Dr. ...": a possessive office names the next person)

#: "the murder of Jane Roe", "the autopsy performed on John Doe", "the victim, Jane Roe": the
#: victim named by the offense or the examination of the body
_VICTIM_PHRASE = re.compile(
    rf"(?i:\b(?:murder|homicide|killing|death|shooting|stabbing|rape|beating)[ \t]+of|autopsy[ \t]+(?:performed[ \t]+)?on|"
    rf"the[ \t]+(?:victim|decedent|deceased)[ \t]*,?)[ \t]+(?:(?P<courtesy>(?i:mrs?|ms|miss))\.?[ \t]+)?(?P<name>{_FULL_NAME}|[A-Z][a-z]+[A-Za-z'’\-]*)"
)


def _participle_first(tokens: list[str]) -> bool:
    """ "THE VICTIM RUNNING EAST": a name with no title does not start with a verb's -ing form
    (a first name ending so, "Irving", is on the name lists)."""
    first = tokens[0].lower()
    return len(first) >= 6 and first.endswith("ing") and first not in vocabulary().first_names


def _victims_named(text: str) -> Iterator[ExtractedMention]:
    for match in _VICTIM_PHRASE.finditer(text):
        tokens = _clean_tokens(match.group("name"))
        if not tokens or (len(tokens) < 2 and not match.group("courtesy")):
            continue  # a bare capitalised word after "murder of" needs "Mrs." to be a name
        if _participle_first(tokens):
            continue
        if (
            len(tokens) >= 2
            and tokens[0].lower() not in vocabulary().first_names
            and not _looks_like_person(" ".join(tokens))
        ):
            continue
        mention = _person(
            text, match.start("name"), tokens, match.end("name"), title=None, role="victim", cue="victim"
        )
        if mention is not None:
            mention.attrs["title_role"] = "victim"
            yield mention


#: "the arrestee named above, John Doe", "SUSPECT (JOHN DOE)", "charging one John Doe": the
#: person the record arrests or charges, named right after the word
_SUSPECT_PHRASE = re.compile(
    r"(?i:\b(?:arrestee|suspect|defendant|accused|arrested[ \t]+subject|charging[ \t]+one))"
    rf"[ \t]*(?:(?P<colon>:)[ \t]*|[(,][ \t]*)?(?P<name>{_FULL_NAME})"
)
#: race and sex after a name in a printout's field ("ROE JOHN BLACK MALE", "ROE JOHN W/M")
_RACE_SEX = re.compile(
    r"[ \t]*,?[ \t]*(?i:negro|black|white|hispanic|latino|asian|indian|[BWNHA])[ \t]*/?[ \t]*(?i:male|female|[MF])\b"
)


#: the same after a name's last letter, with a blank or a comma first ("WILLIAM" holds no "A M")
_RACE_SEX_AFTER = re.compile(
    r"(?<=[A-Za-z])(?=(?:[ \t]*,[ \t]*|[ \t]+)(?i:negro|black|white|hispanic|latino|asian|indian|[BWNHA])"
    r"[ \t]*/?[ \t]*(?i:male|female|[MF])\b)"
)


def _suspects_named(text: str) -> Iterator[ExtractedMention]:
    first_names = vocabulary().first_names
    for match in _SUSPECT_PHRASE.finditer(text):
        raw = match.group("name")
        race = _RACE_SEX_AFTER.search(text, match.start("name"), match.end("name") + 12)
        if race is not None and race.start() < match.end("name"):
            raw = text[match.start("name") : race.start()]  # "ROE JOHN BLACK MALE": race is no name
        tokens = _clean_tokens(raw)
        if len(tokens) < 2 or _participle_first(tokens):
            continue
        first, last = tokens[0].lower(), tokens[-1].lower()
        end = text.find(tokens[-1], match.start("name")) + len(tokens[-1])
        # a printout's field in capitals gives the surname first, without the comma, before race
        # and sex ("ARRESTED SUBJECT : ROE JOHN W/M"), where both may be first names
        printout = bool(match.group("colon")) and match.group("name").isupper()
        if printout and last in first_names and (first not in first_names or _RACE_SEX.match(text, end)):
            tokens = [tokens[-1], *tokens[:-1]]
        elif first in first_names and last not in first_names:
            pass
        elif printout or not _looks_like_person(" ".join(tokens)):
            continue
        mention = _person(
            text, match.start("name"), tokens, match.end("name"), title=None, role="defendant", cue="label"
        )
        if mention is not None:
            if mention.end < end:  # surname first: the span is the name as written
                mention.end = end
                mention.text = text[mention.start : end]
                mention.context = context_of(text, mention.start, end)
            mention.attrs["title_role"] = "defendant"
            yield mention


def _name_then_office(text: str) -> Iterator[ExtractedMention]:
    for match in _NAME_THEN_OFFICE.finditer(text):
        office = (match.group("office") or "").lower()
        if not office and not match.group("md"):
            continue
        role = "judge" if office.endswith("judge") else ("medical_examiner" if office else "expert")
        tokens = _clean_tokens(match.group("name"))
        if len(tokens) < 2 or not _looks_like_person(" ".join(tokens)):
            continue
        mention = _person(
            text, match.start("name"), tokens, match.end("name"), title=None, role=role, cue="office"
        )
        if mention is not None:
            mention.attrs["title_role"] = role
            yield mention


@functools.cache
def _appositive_regex() -> re.Pattern[str]:
    """ "Jane Roe, who is an investigator with the police department", "John Doe, deputy sheriff
    with ...", "Jane Roe, also an officer of ...": the law-enforcement office said after the
    name. The office words are the full-word law-enforcement titles of titles.yaml (not the
    abbreviations, and not the titles that need a full name because they are also words)."""
    forms = sorted(
        {
            form.lower()
            for key, title in vocabulary().titles.items()
            for form in [key]
            if title.law_enforcement and not title.needs_full_name and len(form) >= 5 and form.isalpha()
        },
        key=len,
        reverse=True,
    )
    office = "|".join(re.escape(f) for f in forms)
    # the appositive may run over a line break ("Jane Roe, who is / an investigator with")
    gap = r"[ \t]*\r?\n?[ \t]*"
    # the office is said, not listed: an article or "who is" before it, or "with / of / on ..."
    # after it ("Jane Roe, Sergeant / Jack Doe" is a list of names, not an appositive)
    return re.compile(
        # or the person says it, right after their name: "A. Jane Roe. I am an investigator with"
        rf"(?:,{gap}(?P<article>(?i:who){gap}(?i:is|was){gap})?|\.{gap}I(?:['’]m|[ \t]+am){gap})"
        rf"(?:(?i:also){gap})?(?:(?i:an?|the){gap})?(?:(?i:also){gap})?"
        rf"(?:(?i:criminal|chief|police|special|senior|lead|patrol|auxiliary|state|uniformed){gap})?"
        rf"(?P<office>(?i:{office}))(?:[ \t]+(?i:sheriff))?"
        rf"(?:(?={gap}(?i:with|of|for|on|in|at|from|assigned)\b)|(?<=[A-Za-z])(?(article)(?=[ \t]*[,;.])|(?!)))"
    )


#: the name right before a comma (the name an appositive or a badge describes), which a line
#: break may split ("Jane / Roe, who was an officer")
_NAME_BEFORE = re.compile(
    rf"(?<![A-Za-z])(?P<name>{_LIST_PART}(?:(?:{_SEP}|[ \t]*\r?\n[ \t]*){_LIST_PART}){{1,2}})[ \t]*$"
)
#: "Jane Roe, B.C.S.O. 17", "John Doe, NOPD #1234", "Jane Roe, Badge 4411": the agency (an
#: acronym ending like a police department's or a sheriff's office's) or the word badge, and a
#: number, right after a name
_AGENCY_BADGE = re.compile(
    r",[ \t]*(?:(?P<agency>(?:[A-Z][ \t]?\.?[ \t]?){2,6})|(?i:badge)(?:[ \t]*(?i:no|number|#)\.?)?)"
    r"[ \t]*#?[ \t]*\d{1,5}(?![\d/\-])"
)
_POLICE_ACRONYM_ENDINGS = ("PD", "SO", "SD", "SP", "HP")


@functools.cache
def _title_after_regex() -> re.Pattern[str]:
    """ "JANE ROE, P.O., STATED", "ROE, JANE, DET. 1234": an abbreviated title after the name,
    closed by a comma, a badge number or the line end (never followed by another name)."""
    title = rf"(?:{vocabulary().title_pattern})"
    return re.compile(
        rf",[ \t]*(?P<office>{title})(?P<period>[ \t]?\.)?(?![A-Za-z])"
        # a line end closes it only after a period ("ROE, P.O." / ...): "ROE, Sergeant / Doe" is
        # a list running over the line break; a transcript's line number is no badge
        rf"(?=[ \t]*(?:[,;)]|#?[ \t]*\d{{1,5}}(?![\d])|(?(period)(?:\r?\n|$)|(?!))))"
    )


#: "ROE, JANE" right before a title after the name
_INVERTED_BEFORE = re.compile(
    rf"(?<![A-Za-z])(?P<surname>[A-Z][{_LETTER}'’\-]*[{_LETTER}])[ \t]*,[ \t]*(?P<given>[A-Z][{_LETTER}]+)[ \t]*$"
)


def _described_officers(text: str) -> Iterator[ExtractedMention]:
    """Officers named with no title before the name, but with their office or badge after it."""
    for match in _title_after_regex().finditer(text):
        title = title_for(match.group("office"))
        if title is None or not title.law_enforcement or title.needs_full_name:
            continue
        inverted = _INVERTED_BEFORE.search(text, max(0, match.start() - 40), match.start())
        if inverted is None or inverted.group("given").lower() not in vocabulary().first_names:
            continue
        for inverted_mention in _inverted_mention(text, 0, inverted, title.role or "officer"):
            inverted_mention.attrs["title_role"] = title.role or "officer"
            inverted_mention.attrs["law_enforcement"] = True
            inverted_mention.attrs["cue"] = "title-after"
            yield inverted_mention
    for pattern, cue in (
        (_appositive_regex(), "appositive"),
        (_AGENCY_BADGE, "badge"),
        (_title_after_regex(), "title-after"),
    ):
        for match in pattern.finditer(text):
            if cue == "title-after":
                after = title_for(match.group("office"))
                if after is None or not after.law_enforcement or after.needs_full_name:
                    continue
            if cue == "badge" and match.group("agency"):
                letters = re.sub(r"[^A-Z]", "", match.group("agency"))
                if len(letters) < 3 or not letters.endswith(_POLICE_ACRONYM_ENDINGS):
                    continue
            before = _NAME_BEFORE.search(text, max(0, match.start() - 48), match.start())
            if before is None:
                continue
            vocab = vocabulary()
            words = before.group("name").split()
            if any(title_for(w) is not None for w in words):
                continue  # "Detective Jane Roe, Badge 12": the title scan has it
            skipped = 0
            while words and words[0].strip(".,").lower() in vocab.not_names:
                skipped += 1  # "... department. Also / Jane Roe, an officer": the name is after "Also"
                words = words[1:]
            tokens = _clean_tokens(" ".join(words))
            if len(tokens) < 2:
                continue
            name_start = before.start("name")
            if skipped:
                name_start = text.index(words[0], name_start)
            # after a badge number or an agency, two or three capitalised words are a name even
            # when the tagger does not know the first name ("Tarvish Quenby, R.C.S.O. 17")
            shaped = (
                cue == "badge"
                and len(tokens) <= 3
                and all(len(t.rstrip(".")) == 1 or t[1:].islower() for t in tokens)
            )
            if (
                not shaped
                and tokens[0].lower() not in vocab.first_names
                and not _looks_like_person(" ".join(tokens))
            ):
                continue
            if cue in ("appositive", "title-after"):
                title = title_for(match.group("office"))
                role = title.role if title is not None and title.role else "officer"
            else:
                title, role = None, "officer"
            mention = _person(text, name_start, tokens, before.end("name"), title=title, role=role, cue=cue)
            if mention is not None:
                mention.attrs["title_role"] = role
                mention.attrs["law_enforcement"] = True
                yield mention


def _doctor_role(text: str, start: int, end: int) -> str:
    """A "Dr." beside "coroner", "medical examiner", "pathologist", "autopsy" is the coroner or
    medical examiner; otherwise an expert (a treating physician, a psychologist)."""
    window = text[max(0, start - 60) : end + 60].lower()
    for cue in vocabulary().roles.get("medical_examiner", {}).get("cues", []):
        if str(cue).lower() in window:
            return "medical_examiner"
    return "expert"


#: "the statement of Jane Roe", "A. Denotes answers given by Jane Roe", "STATEMENT OF JANE ROE"
_STATEMENT = re.compile(
    rf"(?i:statement[ \t]+of|answers[ \t]+given[ \t]+by|interview[ \t]+of)[ \t]+(?P<name>{_FULL_NAME})"
)


#: a police narrative's interviews: "Detectives Roe and Doe interviewed Jane Roe, John Doe, and
#: re-interviewed Miss Poe", "A statement was taken from Mr. John Roe"
_INTERVIEWED = re.compile(
    r"(?i:\b(?:re-?)?interviewed|\bstatements?[ \t]+(?:was[ \t]+|were[ \t]+)?(?:taken|obtained)[ \t]+from|"
    r"\btook[ \t]+(?:a[ \t]+)?(?:written[ \t]+|typewritten[ \t]+|recorded[ \t]+)?statements?[ \t]+from)"
    rf"{_WRAP}(?:(?i:the[ \t]+)?(?i:witness(?:es)?)[ \t]+)?"
)
#: "interviewed Jane Roe, the suspect": the apposition says what she is
_SUSPECT_APPOSITION = re.compile(r"[ \t]*,[ \t]*(?i:the[ \t]+|a[ \t]+)?(?i:suspect|defendant|accused|arrestee|perpetrator)")
_INTERVIEWEE = re.compile(
    rf"(?:(?P<title>(?i:mr|mrs|ms|miss))\.?[ \t]+)?(?P<name>{_FULL_NAME}|[A-Z][A-Za-z'’\-]+[A-Za-z])"
)
_INTERVIEWEE_SEP = re.compile(r"[ \t]*(?:,[ \t]*(?:(?i:and)[ \t]+)?|[ \t]+(?i:and)[ \t]+)(?:(?i:re-?interviewed)[ \t]+)?")


def _statements(text: str) -> Iterator[ExtractedMention]:
    for match in _STATEMENT.finditer(text):
        tokens = _clean_tokens(match.group("name"))
        if len(tokens) < 2 or not _looks_like_person(" ".join(tokens)):
            continue
        mention = _person(
            text, match.start("name"), tokens, match.end("name"), title=None, role="witness", cue="statement"
        )
        if mention is not None:
            yield mention
    for match in _INTERVIEWED.finditer(text):
        pos = match.end()
        for _ in range(6):  # a list of the persons interviewed
            item = _INTERVIEWEE.match(text, pos)
            if item is None:
                break
            titled = item.group("title") is not None
            tokens = _clean_tokens(item.group("name"))
            if not tokens or (len(tokens) < 2 and not titled):
                break  # "interviewed Officer Roe", "interviewed him": a title of rank or no name
            if len(tokens) > 1 and not _looks_like_person(" ".join(tokens)):
                break
            if _SUSPECT_APPOSITION.match(text, item.end("name")):
                break
            mention = _person(
                text,
                item.start("title") if titled else item.start("name"),
                tokens,
                item.end("name"),
                title=title_for(item.group("title")) if titled else None,
                role="witness",
                cue="statement",
            )
            if mention is None:
                break
            yield mention
            sep = _INTERVIEWEE_SEP.match(text, item.end("name"))
            if sep is None:
                break
            pos = sep.end()


def _names_in_value(
    text: str, offset: int, value: str, role: str, *, whole_line: bool = False
) -> Iterator[ExtractedMention]:
    number = _LEADING_NUMBER.match(value)
    if number:  # "1496 MICHAEL ROE": the badge number before the name
        offset += number.end()
        value = value[number.end() :]
    inverted = _inverted_name(value)
    if inverted is not None:
        yield from _inverted_mention(text, offset, inverted, role)
        return
    pattern = rf"^[ \t]*(?P<name>{_NAME_PART}(?:[ \t]+{_NAME_PART}){{1,3}})[ \t]*[,.;]?[ \t]*" + (
        "$" if whole_line else ""
    )
    match = re.match(pattern, value)
    if not match:
        return
    tokens = _clean_tokens(match.group("name"))
    if len(tokens) < 2:
        return
    # a form field's value: "J. QUENBY" (an initial and a surname) is a name though the
    # name tagger wants a first name; so is a first name from the name lists and a surname
    # that is none ("AMBROSE QUENBY"): the label says a person's name follows
    vocab = vocabulary()
    initial = len(tokens) == 2 and len(tokens[0].rstrip(".")) == 1 and len(tokens[1]) > 2
    given = tokens[0].lower() in vocab.first_names and tokens[-1].lower() not in vocab.first_names
    if not initial and not given and not _looks_like_person(" ".join(tokens)):
        return
    start = offset + match.start("name")
    titles = _split_titles(value[: match.start("name")])
    title, _ = _role_from_titles(titles)
    mention = _person(text, start, tokens, offset + match.end("name"), title=title, role=role, cue="label")
    if mention is not None:
        yield mention


def _inverted_mention(text: str, offset: int, match: re.Match[str], role: str) -> Iterator[ExtractedMention]:
    raw_given = match.group("given")
    if len(raw_given.split()[0].rstrip(".")) == 1:
        given = [raw_given[0] + "."]  # "VARNE, W.", "VARNE W J": the first initial
    else:
        given = [t for t in _clean_tokens(raw_given) if len(t.rstrip(".")) > 1] or []
    surname = _clean_tokens(match.group("surname"), max_tokens=1)
    if not given or not surname:
        return
    start, end = offset + match.start("surname"), offset + match.end("given")
    mention = _person(text, start, [*given, *surname], end, title=None, role=role, cue="label")
    if mention is None:
        return
    # the span is "VARNE, WILBUR" as written; the name is shown first name first
    mention.end = end
    mention.text = text[start:end]
    mention.context = context_of(text, start, end)
    mention.attrs["inverted"] = True
    yield mention


_GUARDS = {
    "unit": re.compile(r"(?i)\b(?:unit|car)\b"),
    "appearance": re.compile(
        r"(?i)\b(?:behalf|represent|representing|represented|appearing|for the|attended by|with counsel|attorneys? for|"
        r"counsel for|attorney$|prosecutor$|defender$|attorney general$)\b",
        re.M,
    ),
    "caption": re.compile(r"(?i)\b(?:v|vs|versus)\b"),
    "statement": re.compile(r"(?i)\b(?:statement|answers|interview) (?:of|given)\b|interviewed|statements? |statement$"),
    "victim": re.compile(r"(?i)\b(?:of|autopsy|victim|decedent|deceased)\b"),
    "office": re.compile(r"(?i)judge|coroner|m\.[ \t]?d\.|examiner|pathologist"),
    "counsel": re.compile(r"(?i)attorney|lawyer|counsel|prosecutor"),
    "suspect": re.compile(r"(?i)arrest|suspect|defendant|accused|charging"),
    "examined": re.compile(r"(?i)examination[ \t]+by"),
    "described": re.compile(
        r"(?i),[^,]{0,24}(?:officer|investigator|detective|deputy|sergeant|lieutenant|trooper|agent|"
        r"patrol|constable|marshal|captain|corporal|badge)|,[ \t]*(?:[A-Z][ \t]?\.?[ \t]?){2,6}[ \t]*#?[ \t]*\d|"
        r"\.\s*I(?:'m|’m|\s+am)\s"
    ),
}


#: a word each guard's every match contains (lower case): on an ASCII page, lowered once,
#: ``in`` rules most guards out without their (case-insensitive, unanchored) scan
_GUARD_NEEDLES: dict[str, tuple[str, ...]] = {
    "unit": ("unit", "car"),
    "appearance": (
        "behalf", "represent", "appearing", "for the", "attended by", "with counsel", "for ", "attorney",
        "prosecutor", "defender",
    ),
    "statement": ("statement", "answers", "interview"),  # (also "interviewed")
    "victim": (
        "murder",
        "homicide",
        "killing",
        "death",
        "shooting",
        "stabbing",
        "rape",
        "beating",
        "autopsy",
        "victim",
        "decedent",
        "deceased",
    ),
    "office": ("judge", "coroner", "m.", "examiner", "pathologist"),
    "counsel": ("attorney", "lawyer", "counsel", "prosecutor"),
    "suspect": ("arrest", "suspect", "defendant", "accused", "charging"),
    "examined": ("examination",),
    "described": (",", "i am ", "i'm ", "i’m "),
    "function": ("reporting", "arrest", "investigat", "supervis", "lead", "case ", "assigned"),
}


def _lowered_ascii(text: str) -> str | None:
    """The page lowered, if that keeps every character where it was (ASCII), else None."""
    return text.lower() if text.isascii() else None


@functools.cache
def _needle_automaton() -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for needle in {n for needles in _GUARD_NEEDLES.values() for n in needles}:
        automaton.add_word(needle, needle)
    automaton.make_automaton()
    return automaton


def needles_on(low: str | None) -> frozenset[str] | None:
    """Which guard needles the lowered ASCII page holds, in one Aho-Corasick pass (the guards
    asked ``needle in low`` some sixty times a page); None for a page that is not ASCII."""
    if low is None:
        return None
    return frozenset(map(itemgetter(1), _needle_automaton().iter(low)))


def _guard(name: str, text: str, low: str | None, present: frozenset[str] | None = None) -> bool:
    needles = _GUARD_NEEDLES.get(name)
    if low is not None and needles is not None:
        if present is None:
            present = needles_on(low)
        if present is not None and present.isdisjoint(needles):
            return False
    pattern = _FUNCTION_GUARD if name == "function" else _GUARDS[name]
    if name == "described" and _title_after_regex().search(text) is not None:
        return True  # "JANE ROE, P.O., STATED": no office word, a title after the name
    return pattern.search(text) is not None


def _cheap_guarded(
    text: str, lines: list[tuple[int, int]], low: str | None = None, present: frozenset[str] | None = None
) -> list[Iterator[ExtractedMention]]:
    """The cue-specific scanners, each only on pages that contain its cue word (one fast search
    instead of a name-shaped scan of every capitalised word)."""
    scanners: list[Iterator[ExtractedMention]] = []
    if present is None:
        present = needles_on(low)
    if _guard("unit", text, low, present):
        scanners.append(_unit_members(text))
    if _guard("appearance", text, low, present):
        scanners.append(_appearances(text, lines))
    if _guard("caption", text, low, present):
        scanners.append(_captions(text, lines))
    if _guard("statement", text, low, present):
        scanners.append(_statements(text))
    if _guard("office", text, low, present):
        scanners.append(_name_then_office(text))
    if _guard("counsel", text, low, present):
        scanners.append(_counsel_named(text))
    if _guard("described", text, low, present):
        scanners.append(_described_officers(text))
    if _guard("victim", text, low, present):
        scanners.append(_victims_named(text))
    if _guard("suspect", text, low, present):
        scanners.append(_suspects_named(text))
    if _guard("examined", text, low, present):
        scanners.append(_examined_witnesses(text))
    return scanners


#: "Mr. and Mrs. Roe": the husband is named too, by the title the couple's surname follows
_COUPLE = re.compile(
    rf"(?P<his>M(?<!\w.)[Rr]\.?)[ \t]+(?:and|&)[ \t]+(?:M[Rr][Ss]|M[Ss])\.?{_TITLE_SEP}(?P<name>{_NAME_PART})"
)


def _couples(text: str) -> Iterator[ExtractedMention]:
    for match in _COUPLE.finditer(text):
        tokens = _clean_tokens(match.group("name"), max_tokens=1)
        if not tokens or _looks_like_a_word(tokens[0]):
            continue
        mention = _person(text, match.start(), tokens, match.end(), title=title_for(match.group("his")),
                          role="", cue="title")
        if mention is None:
            continue
        # the span is the husband's own title: the wife's "Mrs. Roe" is a mention of its own
        mention.end = match.end("his")
        mention.text = text[mention.start : mention.end]
        yield mention


def extract_persons(text: str) -> list[ExtractedMention]:
    lines = _line_spans(text)
    low = _lowered_ascii(text)
    present = needles_on(low)
    found: list[ExtractedMention] = []
    for source in (
        _speakers(text),
        _examiners(text),
        _titled(text),
        _couples(text),
        _sworn_witnesses(text, lines),
        _running_head(text, lines),
        _labelled(text, lines, low),
        *_cheap_guarded(text, lines, low, present),
        _self_identified(text, low),
    ):
        found.extend(source)
    kept = _dedupe(found)
    if _guard("function", text, low, present):
        _officer_functions(text, lines, kept)
    return kept


_FUNCTION_GUARD = re.compile(
    r"(?i)reporting|arrest|investigat|supervis|lead|case (?:officer|detective)|assigned"
)


@functools.cache
def _function_regexes() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """The officer-function phrases (roles.yaml officer_functions) right before a name
    (titles in between allowed), and right after one."""
    functions = dict(vocabulary().officer_functions)
    phrases = "|".join(_form_regex_loose(p) for p in functions)
    # "arrested by NAME" names the arresting officer; "NAME was arrested by" does not
    trailing = "|".join(_form_regex_loose(p) for p in functions if not p.endswith(" by"))
    title = rf"(?:{vocabulary().title_pattern})(?:[ \t]?\.)?"
    before = re.compile(
        rf"(?i:\b(?P<phrase>{phrases}))[ \t]*(?:[:#\-–,][ \t]*)?(?:#?\d{{1,6}}[ \t]+)?(?:(?i:was|is|were|by)[ \t]+)?"
        rf"(?:{title}[ \t]*)*$"
    )
    after = re.compile(
        rf"^[ \t]*[,(\-–]?[ \t]*(?:(?i:who)[ \t]+)?(?:(?i:was|is)[ \t]+)?(?:(?i:the|an?)[ \t]+)?"
        rf"(?i:(?P<phrase>{trailing}))\b"
    )
    return before, after, functions


def _form_regex_loose(phrase: str) -> str:
    return r"[ \t]+".join(re.escape(word) for word in phrase.split())


#: a form: the function label may sit this many lines above the name, over other labels
#: (capitals), badge numbers and blanks ("REPORTING OFFICER / BADGE / 1475 / Martin Roe")
FORM_LABEL_LINES = 6
_ENUMERATION = re.compile(r"^[ \t]*(?:\d{1,2}|[A-Z])[.)][ \t]*")
#: phrases that say by themselves that the person is an officer ("REPORTING OFFICER"); the
#: others ("supervisor", "arrested by") count only for a person already known as one
_STATES_OFFICER = re.compile(r"(?i)\b(?:officer|detective|deputy|investigator|sergeant)s?\b")


def officer_functions(text: str, mentions: list[ExtractedMention]) -> None:
    """:func:`_officer_functions` for mentions found elsewhere (the known-name pass)."""
    if mentions and _guard("function", text, _lowered_ascii(text)):
        _officer_functions(text, _line_spans(text), mentions)


def _officer_functions(text: str, lines: list[tuple[int, int]], mentions: list[ExtractedMention]) -> None:
    """An officer's function (reporting, arresting, investigating, supervising) where the
    record states it next to the name: ``attrs["function"]``, with the verbatim passage that
    says so (``function_quote``) and its offsets on the page (``function_at``)."""
    before, after, functions = _function_regexes()
    starts = [s for s, _ in lines]
    named_lines = {
        max(0, bisect.bisect_right(starts, m.start) - 1) for m in mentions if m.kind == Kind.PERSON
    }
    for mention in mentions:
        if mention.kind != Kind.PERSON:
            continue
        officer = _is_officer(mention)
        index = max(0, bisect.bisect_right(starts, mention.start) - 1)
        line_start, line_end = lines[index] if lines else (0, len(text))
        found: tuple[str, int, int] | None = None
        hit = before.search(text, max(line_start, mention.start - 80), mention.start)
        if hit is not None:
            found = (hit.group("phrase"), hit.start("phrase"), mention.end)
        if found is None:
            hit = after.match(text[mention.end : min(line_end, mention.end + 60)])
            if hit is not None:
                found = (hit.group("phrase"), mention.start, mention.end + hit.end("phrase"))
        if found is None and _BOX_START.fullmatch(text, line_start, mention.start):
            found = _form_label_above(text, lines, index, named_lines, functions)
            if found is not None:
                found = (found[0], found[1], mention.end)
        if found is None:
            continue
        phrase, quote_start, quote_end = found
        function = functions.get(re.sub(r"\s+", " ", phrase.lower()))
        if function and (officer or _STATES_OFFICER.search(phrase)):
            mention.attrs["function"] = function
            mention.attrs["function_quote"] = text[quote_start:quote_end]
            mention.attrs["function_at"] = [quote_start, quote_end]


def _form_label_above(
    text: str, lines: list[tuple[int, int]], index: int, named_lines: set[int], functions: dict[str, str]
) -> tuple[str, int, int] | None:
    """The function label of a form field whose value (the name) is on a line below it, with
    only other labels, numbers or blanks between — never another person's name."""
    for above in range(index - 1, max(-1, index - 1 - FORM_LABEL_LINES), -1):
        if above in named_lines:
            return None
        start, end = lines[above]
        line = text[start:end]
        label = _ENUMERATION.sub("", line).strip().rstrip(":").strip()
        if label.lower() in functions:
            offset = text.index(label, start)
            return (label, offset, offset + len(label))
        ending = _line_end_label(label, functions) if label.isupper() else None
        if ending is not None:  # "ITEM NO. 12-3456   REPORTING OFFICER", the name below
            offset = start + line.rindex(ending)
            return (ending, offset, offset + len(ending))
        if label and not (label.isupper() or re.fullmatch(r"[\d\W]+", label)):
            return None  # running text: not a form
    return None


def _line_end_label(line: str, labels: dict[str, str]) -> str | None:
    """The field label a form line ends with, after other fields ("DATE 06/01/02 ARRESTING
    OFFICER"): the words as written, or None. Labels of one word count only alone on a line."""
    words = line.rstrip(" :\t").split()
    for size in (3, 2):
        if len(words) > size and " ".join(words[-size:]).lower() in labels:
            return " ".join(words[-size:])
    return None


def _is_officer(mention: ExtractedMention) -> bool:
    roles = {mention.role_hint, str(mention.attrs.get("title_role", ""))}
    return bool(mention.attrs.get("law_enforcement")) or bool(roles & {"detective", "officer"})


_STATED_ROLE_CUES = ("appearance", "caption", "office")


def _dedupe(mentions: list[ExtractedMention]) -> list[ExtractedMention]:
    """Overlapping spans: keep the longer one, but carry over a role the other one knew."""
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[ExtractedMention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            previous = kept[-1]
            if mention.attrs.get("cue") in _STATED_ROLE_CUES:
                # "HONORABLE JANE ROE" under "Representing the State": a prosecutor, not a judge
                previous.role_hint = mention.role_hint
                previous.attrs["title_role"] = mention.role_hint
                continue
            if not previous.role_hint and mention.role_hint:
                previous.role_hint = mention.role_hint
            elif previous.role_hint == "witness" and mention.role_hint and mention.role_hint != "witness":
                previous.attrs.setdefault("title_role", mention.role_hint)
            if "witness" in (previous.role_hint, mention.role_hint) and mention.attrs.get("cue") == "sworn":
                previous.attrs["testified"] = True
            if "title" not in previous.attrs and "title" in mention.attrs:
                for key in ("title", "title_key", "law_enforcement"):
                    previous.attrs[key] = mention.attrs[key]
            continue
        kept.append(mention)
    return kept
