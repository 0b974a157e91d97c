"""Resolution: which mentions are the same human being.

Pure functions over plain records, no database: :func:`resolve_case` clusters the person
mentions of one case into persons (links between persons live in :mod:`.linking`: the same actor
in two cases, garbled names worth a review). Every attachment carries a confidence and the
reasons for it, so that a reviewer can see why.

Built to be fast (100,000 mentions in seconds): the work is done on *distinct* name
variants, not on mentions, and fuzzy comparisons run only inside blocks (first letter,
last two letters) with rapidfuzz.

Human decisions win: split / merge constraints (from
:class:`~innocence.people.models.ResolutionDecision`) are applied after the machine's
clustering on every run, so a re-run never undoes them.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from nameparser import HumanName
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .extraction.vocabulary import vocabulary

#: A variant whose best fuzzy match is below this (0-100) starts its own person.
SURNAME_MATCH = 80
#: Two well-attested spellings (each seen this often) are only merged above STRONG_MATCH.
WELL_ATTESTED = 3
STRONG_MATCH = 90
#: A rare spelling (one tenth as frequent or less) of a dominant law-enforcement surname is
#: an OCR variant down to this similarity ("Kesslcr" for "Kessler").
OCR_MATCH = 70
#: ... or when the two spellings have the same *shape* under OCR confusions ("Hcsstcn" for "Kessler").
SHAPE_MATCH = 80
_SHAPES = str.maketrans("aeocnmruvwiltfjszbhkgqypd", "oooonnnnnniiiiissbbbggggd")


def ocr_shape(key: str) -> str:
    """Letters that OCR confuses (r/n/m/u/v, e/c/o/a, i/l/t/f, s/z, ...) mapped to one class."""
    return key.translate(_SHAPES)


#: Cross-case links at or above this confidence attach to the same Person automatically.
AUTO_LINK = 0.9
#: Cross-case links at or above this are proposed for review.
PROPOSE_LINK = 0.6

LAW = "law"
COURT = "court"
CIVILIAN = "civilian"
ROLE_FAMILY = {
    "detective": LAW,
    "officer": LAW,
    "forensic_analyst": LAW,
    "prosecutor": COURT,
    "defense_counsel": COURT,
    "attorney": COURT,
    "judge": COURT,
    "court_reporter": COURT,
    "victim": CIVILIAN,
    "defendant": CIVILIAN,
    "informant": CIVILIAN,
}
# witness and expert say nothing about family: a detective testifies as a witness.

#: How much a role says, when one person's mentions give several: "prosecutor" (from the
#: appearances) says more than "attorney" (a speaker label), a coroner more than "Dr."; a
#: bare "witness" least. Roles not listed are specific (3).
_ROLE_SPECIFICITY = {"": 0, "witness": 1, "attorney": 2, "expert": 2}


@dataclass(slots=True)
class NameMention:
    """What resolution needs to know about one person mention."""

    id: int
    case_id: int
    given: str
    surname: str
    role: str = ""
    title_role: str = ""  # role implied by a title ("Detective ...")
    page_id: int = 0
    gender: str = ""  # from a courtesy title: "F" (Miss, Mrs., Ms.) or "M" (Mr.)
    middle: str = ""  # a middle name or initial as written ("B" of "Wendell B. Roe")
    cue: str = ""  # what found the mention (extraction's cue: "title", "sworn", "running-head" ...)
    given_from: str = ""  # why a first name the page does not write was given to the mention
    partner: str = ""  # surname named first in the same list ("Detectives Kessler and Lindqvist")
    agency: str = ""  # the agency the page names (acronym key, extraction/agencies.py)
    year: int = 0  # the year the page speaks of (0: none)

    @property
    def family(self) -> str:
        return ROLE_FAMILY.get(self.title_role or self.role, "")


@dataclass(slots=True)
class Attachment:
    mention_id: int
    confidence: float
    reasons: list[str]
    variant: str = ""


@dataclass(slots=True)
class ResolvedPerson:
    case_id: int
    key: str  # stable within a run: "surname|given"
    display_name: str
    given: str
    surname: str
    middle: str = ""  # the middle initial the full-name mentions carry most ("" when none)
    variants: Counter[str] = field(default_factory=Counter)  # name keys -> mentions
    attachments: list[Attachment] = field(default_factory=list)
    roles: Counter[str] = field(default_factory=Counter)
    agencies: Counter[str] = field(default_factory=Counter)  # agency key -> mentions
    years: Counter[int] = field(default_factory=Counter)  # year -> mentions

    @property
    def agency(self) -> str:
        """The agency the pages that name the person name most ("" when none)."""
        return self.agencies.most_common(1)[0][0] if self.agencies else ""

    @property
    def era(self) -> int:
        """The median year of the pages that name the person (0 when none)."""
        if not self.years:
            return 0
        ordered = sorted(self.years.elements())
        return ordered[len(ordered) // 2]

    @property
    def mention_ids(self) -> list[int]:
        return [a.mention_id for a in self.attachments]

    @property
    def role(self) -> str:
        """The most specific role the record gives: a title role beats a bare 'witness'."""
        if not self.roles:
            return ""
        ranked = sorted(
            self.roles.items(), key=lambda kv: (_ROLE_SPECIFICITY.get(kv[0], 3), kv[1]), reverse=True
        )
        return ranked[0][0]

    @property
    def is_law_enforcement(self) -> bool:
        law = sum(n for r, n in self.roles.items() if r in ("detective", "officer"))
        other = sum(
            n
            for r, n in self.roles.items()
            if ROLE_FAMILY.get(r) in (COURT, CIVILIAN) or r == "forensic_analyst"
        )
        return law > 0 and law >= other

    @property
    def confidence(self) -> float:
        if not self.attachments:
            return 0.0
        return min(a.confidence for a in self.attachments)


@dataclass(slots=True)
class Constraints:
    """Human decisions, by name key ("surname|given"), valid for one case (or all)."""

    splits: list[tuple[frozenset[str], frozenset[str]]] = field(default_factory=list)  # (keep, move)
    merges: list[tuple[str, str]] = field(default_factory=list)


@dataclass(slots=True)
class CrossLink:
    a: tuple[int, str]  # (case_id, person key)
    b: tuple[int, str]
    confidence: float
    reasons: list[str]


def _fold(value: str) -> str:
    """Accents dropped ("Peñalosa" -> "Penalosa"): one typist writes the tilde, another does not, and
    dropping the letter instead would make two spellings of one name."""
    if value.isascii():
        return value
    return unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()


# Pure functions of a string, called for every mention each time a case is clustered (hundreds
# of thousands of calls over a few thousand distinct names): cached.
@functools.lru_cache(maxsize=1 << 16)
def surname_key(surname: str) -> str:
    value = _fold(surname.lower().replace("’", "'"))
    if value.endswith("'s"):
        value = value[:-2]
    return re.sub(r"[^a-z]", "", value)


@functools.lru_cache(maxsize=1 << 16)
def given_key(given: str) -> str:
    return re.sub(r"[^a-z]", "", _fold(given.lower()))


def name_key(given: str, surname: str) -> str:
    return f"{surname_key(surname)}|{given_key(given)}"


def surname_blocks(key: str) -> tuple[str, str]:
    """The two blocking keys of a surname key, stored (indexed) with every resolved name so
    that the same actor in another case is looked up without reading the organization:
    first letter + length ("k7" for "kessler") and last two letters + length ("er7")."""
    return (f"{key[:1]}{len(key)}", f"{key[-2:]}{len(key)}")


def nearby_blocks(key: str) -> tuple[list[str], list[str]]:
    """The blocks to look in for surnames one letter away from ``key``: a substitution,
    insertion or deletion keeps either the first letter or the last two letters, and the
    length within one — so every such surname is in one of these six blocks."""
    lengths = (len(key) - 1, len(key), len(key) + 1)
    return [f"{key[:1]}{n}" for n in lengths], [f"{key[-2:]}{n}" for n in lengths]


@functools.lru_cache(maxsize=65536)
def split_name(full_name: str) -> tuple[str, str]:
    """(given, surname) of a free-text name, e.g. a Person's full_name, using nameparser."""
    parsed = HumanName(full_name)
    surname = parsed.last or parsed.first
    given = parsed.first if parsed.last else ""
    return given, surname


def given_compatible(a: str, b: str) -> tuple[bool, str]:
    """Can two first names be the same person's? With the reason."""
    a, b = given_key(a), given_key(b)
    if not a or not b:
        return True, "one side has no first name"
    if a == b:
        return True, "same first name"
    if len(a) == 1 or len(b) == 1:
        return (a[0] == b[0]), ("initial matches first name" if a[0] == b[0] else "different initials")
    nick = vocabulary().nicknames
    if b in nick.get(a, frozenset()):
        return True, f"'{a}' and '{b}' are the same first name"
    score = fuzz.ratio(a, b)
    if score >= 80 and (a[0] == b[0] or (len(a) == len(b) and ocr_shape(a) == ocr_shape(b))):
        return True, f"first names differ by OCR-like errors ({score:.0f}%)"
    if (
        # four letters too ("Cona"/"Cora": r read as n): the first letter and the shape agree
        len(a) == len(b) >= 4
        and a[0] == b[0]
        and ocr_shape(a) == ocr_shape(b)
        and not (a in vocabulary().first_names and b in vocabulary().first_names)
    ):
        # "Sanmy"/"Sammy": letters OCR reads one for another (m/n, i/l, e/c), same length, same
        # first letter, and one of them no first name at all — a misreading, not another name
        # ("Terry"/"Tommy" are shaped alike too, but both are names: two people)
        return True, "first names differ only by letters OCR confuses"
    if min(len(a), len(b)) >= 5 and Levenshtein.distance(a, b) == 1:
        # "Budyard"/"Rudyard" under the same surname: one misread letter in a long name.
        return True, "first names differ by one letter (an OCR misreading)"
    return False, "different first names"


def _families_compatible(a: str, b: str) -> bool:
    return not a or not b or a == b


def _blocks(key: str) -> tuple[str, str]:
    return (f"f:{key[:1]}", f"l:{key[-2:]}")


def _surname_groups(mentions: Sequence[NameMention]) -> dict[str, tuple[str, float, list[str]]]:
    """Map every surname key to its canonical key, with a confidence and reasons."""
    counts: Counter[str] = Counter()
    families: dict[str, Counter[str]] = defaultdict(Counter)
    givens: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        key = surname_key(m.surname)
        if not key:
            continue
        counts[key] += 1
        if m.family:
            families[key][m.family] += 1
        if len(given_key(m.given)) > 1:
            givens[key][given_key(m.given)] += 1
    canonical: dict[str, tuple[str, float, list[str]]] = {}
    blocks: dict[str, list[str]] = defaultdict(list)
    for key, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        candidates: set[str] = set()
        for block in _blocks(key):
            candidates.update(blocks[block])
        target = None
        if len(key) >= 5 and candidates:
            pool = sorted(
                (c for c in candidates if abs(len(c) - len(key)) <= 2), key=lambda c: (-counts[c], c)
            )
            fam_a = families[key].most_common(1)[0][0] if families[key] else ""
            # a rare spelling is read as a misreading of a dominant *law-enforcement* surname
            # only: "Sarton" (a criminalist, once) is not "Santorin" (a civilian, 28 times)
            dominant = [
                c
                for c in pool
                if counts[c] >= 10 * count and families[c] and families[c].most_common(1)[0][0] == LAW
            ]
            best = (
                process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=SURNAME_MATCH) if pool else None
            )
            if best is None and dominant and fam_a == LAW:
                if len(key) >= 6:
                    best = process.extractOne(key, dominant, scorer=fuzz.ratio, score_cutoff=OCR_MATCH)
                if best is None and count <= 2:
                    shapes = {ocr_shape(c): c for c in dominant}
                    hit = process.extractOne(
                        ocr_shape(key), list(shapes), scorer=fuzz.ratio, score_cutoff=SHAPE_MATCH
                    )
                    strong: dict[str, str] = {}
                    if hit is None:
                        # very dominant (20x) surname: same shape at 70% with half the letters in common
                        strong = {ocr_shape(c): c for c in dominant if counts[c] >= 20 * count}
                        loose = process.extractOne(
                            ocr_shape(key), list(strong), scorer=fuzz.ratio, score_cutoff=70
                        )
                        if loose is not None and fuzz.ratio(key, strong[loose[0]]) >= 55:
                            hit = loose
                    if hit is not None:
                        best = (shapes.get(hit[0]) or strong[hit[0]], min(hit[1], float(OCR_MATCH)) - 10, 0)
            if best is not None:
                cand, score, _ = best
                fam_b = families[cand].most_common(1)[0][0] if families[cand] else ""
                given_a = givens[key].most_common(1)[0][0] if givens[key] else ""
                given_b = givens[cand].most_common(1)[0][0] if givens[cand] else ""
                # the spelling's first name fits the surname's most named person, or is in full
                # the first name of another of its people ("Rudyard Pellaw" beside Tamsin and Rudyard Pellow)
                if (
                    _families_compatible(fam_a, fam_b)
                    and (given_compatible(given_a, given_b)[0] or (len(given_a) > 1 and given_a in givens[cand]))
                    and (count < WELL_ATTESTED or score >= STRONG_MATCH or counts[cand] >= 10 * count)
                ):
                    target = (cand, score)
        if target is None:
            canonical[key] = (key, 1.0, [])
            for block in _blocks(key):
                blocks[block].append(key)
        else:
            cand, score = target
            root = canonical[cand][0]
            canonical[key] = (
                root,
                round(min(0.95, score / 100), 2),
                [f"spelling '{key}' is {score:.0f}% like '{root}' (OCR variant), seen {count}×"],
            )
    return canonical


def _display(given: str, surname: str) -> str:
    return f"{given} {surname}".strip()


def resolve_case(
    mentions: Sequence[NameMention], constraints: Constraints | None = None
) -> list[ResolvedPerson]:
    """Cluster one case's person mentions into persons."""
    if not mentions:
        return []
    mentions = _name_running_heads(mentions)
    canonical = _surname_groups(mentions)
    by_root: dict[str, list[NameMention]] = defaultdict(list)
    for m in mentions:
        key = surname_key(m.surname)
        if key:
            by_root[canonical[key][0]].append(m)
    persons: list[ResolvedPerson] = []
    for root, group in by_root.items():
        persons.extend(_split_by_given(root, group, canonical))
    _drop_outlying_years(persons, mentions)
    persons = _merge_garbled_partners(persons, mentions, canonical)
    persons = _merge_garbled_singletons(persons)
    if constraints:
        persons = _apply_constraints(persons, constraints)
    return persons


#: cues of a witness taking the stand with a full name ("JANE ROE, upon being called ... sworn",
#: "DIRECT EXAMINATION OF JANE ROE")
_SWORN_CUES = frozenset({"sworn", "examined"})


def _name_running_heads(mentions: Sequence[NameMention]) -> Sequence[NameMention]:
    """A transcript's running head names the witness on the stand by surname ("Roe - Cross"):
    it is the witness of that surname sworn most recently before it, in page order, even where
    the case has other people of the surname (the witness's family, who testify too)."""
    if not any(m.cue == "running-head" and not given_key(m.given) for m in mentions):
        return mentions
    sworn: dict[str, str] = {}
    named: dict[int, NameMention] = {}
    for m in sorted(mentions, key=lambda m: (m.page_id, m.id)):
        key = surname_key(m.surname)
        if m.cue in _SWORN_CUES and len(given_key(m.given)) > 1:
            sworn[key] = m.given
        elif m.cue == "running-head" and not given_key(m.given) and key in sworn:
            named[m.id] = dataclasses.replace(
                m,
                given=sworn[key],
                given_from=f"the running head continues the testimony of {sworn[key]} {m.surname}, sworn before it",
            )
    return [named.get(m.id, m) for m in mentions] if named else mentions


#: A page year this far from the case's median year is a stamp or a misreading (a fax header
#: of a later decade on a 1990s report), not the era the person is named in.
YEAR_OUTLIER = 15


def _drop_outlying_years(persons: list[ResolvedPerson], mentions: Sequence[NameMention]) -> None:
    years = sorted(m.year for m in mentions if m.year)
    if not years:
        return
    median = years[len(years) // 2]
    for person in persons:
        for year in [y for y in person.years if abs(y - median) > YEAR_OUTLIER]:
            del person.years[year]


#: A garbled officer's name seen once or twice joins the one better-attested officer of the
#: case whose surname it resembles this much, letter shapes and letters (see below).
GARBLED_SHAPE_MATCH = 75
GARBLED_LETTER_MATCH = 55
#: ... and this much when the rare spelling carries the officer's first name in full ("Det. Ivor
#: Trawl" once beside Det. Ivor Quarl): the first name is evidence the letters are not
GARBLED_NAMED_SHAPE_MATCH = 60
GARBLED_NAMED_LETTER_MATCH = 40


def _merge_garbled_singletons(persons: list[ResolvedPerson]) -> list[ResolvedPerson]:
    """A rare spelling ("Pat Caltcr" once, beside three mentions of "Pat Colter") of a
    law-enforcement name joins the only officer of the case it can be: same first name (or
    none given), surname shaped alike — with a low confidence, so that it shows as uncertain
    and a reviewer can split it. Two equally rare spellings are left apart: there is no way
    to tell which is right."""
    officers = [p for p in persons if p.is_law_enforcement]
    keys = [surname_key(p.surname) for p in officers]
    # Blocking: a misread letter keeps a surname's length ("Kastiller" is not "Quiller"); a
    # first name, when the rare spelling has one, must be the same.
    blocks: dict[tuple[str, int], list[int]] = defaultdict(list)
    for index, person in enumerate(officers):
        if len(person.attachments) > 1:
            for given in {given_key(person.given) if person.given else "", ""}:
                blocks[(given, len(keys[index]))].append(index)
    block_shapes = {block: [ocr_shape(keys[i]) for i in members] for block, members in blocks.items()}
    merged: set[int] = set()
    for small_index in sorted(range(len(officers)), key=lambda i: len(officers[i].attachments)):
        small = officers[small_index]
        if len(small.attachments) > 2:
            break
        small_key = keys[small_index]
        small_given = given_key(small.given) if small.given else ""
        named = len(small_given) >= 3
        shape_cutoff = GARBLED_NAMED_SHAPE_MATCH if named else GARBLED_SHAPE_MATCH
        letter_cutoff = GARBLED_NAMED_LETTER_MATCH if named else GARBLED_LETTER_MATCH
        candidates: list[tuple[int, float]] = []
        for length in (len(small_key) - 1, len(small_key), len(small_key) + 1):
            block = (small_given, length)
            if block not in blocks:
                continue
            for _, shape, position in process.extract(
                ocr_shape(small_key),
                block_shapes[block],
                scorer=fuzz.ratio,
                score_cutoff=shape_cutoff,
                limit=None,
            ):
                index = blocks[block][position]
                other = officers[index]
                if index in merged or len(other.attachments) <= len(small.attachments):
                    continue
                if fuzz.ratio(small_key, keys[index]) >= letter_cutoff:
                    candidates.append((index, shape))
        if len({index for index, _ in candidates}) != 1:
            continue
        target_index, shape = candidates[0]
        target = officers[target_index]
        reason = (
            f"'{small.display_name}' is seen {len(small.attachments)}× and resembles "
            f"{target.display_name} (letters shaped alike, {shape:.0f}%), the only such officer in the case"
        )
        for attachment in small.attachments:
            target.attachments.append(
                Attachment(attachment.mention_id, 0.5, [*attachment.reasons, reason], attachment.variant)
            )
        target.variants.update(small.variants)
        target.roles.update(small.roles)
        target.agencies.update(small.agencies)
        target.years.update(small.years)
        merged.add(small_index)
    gone = {id(officers[i]) for i in merged}
    return [p for p in persons if id(p) not in gone]


def _merge_garbled_partners(
    persons: list[ResolvedPerson],
    mentions: Sequence[NameMention],
    canonical: dict[str, tuple[str, float, list[str]]],
) -> list[ResolvedPerson]:
    """Detectives work in pairs and are named together ("Detectives Kessler and Lindqvist"). A
    garbled name seen once or twice beside X ("Detectives Kessler and Lindqvst") is X's usual
    partner when its letters are shaped like the partner's name."""
    root_of = {k: v[0] for k, v in canonical.items()}
    pairs: Counter[tuple[str, str]] = Counter()
    for m in mentions:
        if m.partner:
            a, b = root_of.get(surname_key(m.partner), ""), root_of.get(surname_key(m.surname), "")
            if a and b and a != b:
                pairs[(a, b)] += 1
                pairs[(b, a)] += 1
    if not pairs:
        return persons
    by_root: dict[str, list[ResolvedPerson]] = defaultdict(list)
    for person in persons:
        by_root[surname_key(person.surname)].append(person)
    partner_of_mention = {m.id: root_of.get(surname_key(m.partner), "") for m in mentions if m.partner}
    result = list(persons)
    for small in persons:
        if len(small.attachments) > 2 or not small.is_law_enforcement:
            continue
        heads = {partner_of_mention.get(a.mention_id, "") for a in small.attachments} - {""}
        for head in heads:
            usual = [(b, n) for (a, b), n in pairs.items() if a == head and n >= 3]
            best = None
            for candidate, n in sorted(usual, key=lambda x: -x[1]):
                shape = fuzz.ratio(ocr_shape(surname_key(small.surname)), ocr_shape(candidate))
                if shape >= 60 and fuzz.ratio(surname_key(small.surname), candidate) >= 40:
                    best = (candidate, n, shape)
                    break
            targets = [p for p in by_root.get(best[0], []) if p.is_law_enforcement] if best else []
            if best is None or len(targets) != 1 or targets[0] is small:
                continue
            target = targets[0]
            reason = (
                f"named beside {head.title()} as '{small.surname}', and {head.title()} is named with "
                f"{target.surname} {best[1]}× elsewhere; letters shaped alike ({best[2]:.0f}%)"
            )
            for attachment in small.attachments:
                target.attachments.append(
                    Attachment(attachment.mention_id, 0.55, [*attachment.reasons, reason], attachment.variant)
                )
            target.variants.update(small.variants)
            target.roles.update(small.roles)
            target.agencies.update(small.agencies)
            target.years.update(small.years)
            result.remove(small)
            break
    return result


def _split_by_given(
    root: str, group: list[NameMention], canonical: dict[str, tuple[str, float, list[str]]]
) -> list[ResolvedPerson]:
    case_id = group[0].case_id
    surname_display = Counter(m.surname for m in group if surname_key(m.surname) == root).most_common(1)
    surname_shown = surname_display[0][0] if surname_display else group[0].surname
    # first-name clusters (full names first, initials after)
    given_counts = Counter(given_key(m.given) for m in group if given_key(m.given))
    # the middle initials written with each full first name ("Wendell B. Roe" -> wendell: b)
    middles: dict[str, Counter[str]] = defaultdict(Counter)
    for m in group:
        g, mid = given_key(m.given), given_key(m.middle)[:1]
        if len(g) > 1 and mid:
            middles[g][mid] += 1
    clusters: list[dict[str, object]] = []  # {"given": key, "names": set, "family": Counter}
    by_middle: dict[str, str] = {}  # an initial -> the full first name it is the middle initial of
    for given, _ in sorted(given_counts.items(), key=lambda kv: (len(kv[0]) == 1, -kv[1])):
        home = None
        for cluster in clusters:
            ok, _ = given_compatible(given, str(cluster["given"]))
            if ok:
                home = cluster
                break
        if home is None and len(given) == 1:
            # "B. Roe" beside "Wendell B. Roe" and no first name in B: a man called by his middle
            # name, when exactly one of the case's Roes has that middle initial
            carriers = [c for c in clusters if any(middles[n].get(given) for n in c["names"])]  # type: ignore[attr-defined]
            if len(carriers) == 1:
                home = carriers[0]
                by_middle[given] = str(home["given"])
        if home is None:
            clusters.append({"given": given, "names": {given}})
        else:
            home["names"].add(given)  # type: ignore[attr-defined]
    people: dict[int, ResolvedPerson] = {}
    unnamed_family: dict[str, ResolvedPerson] = {}

    def person_for(index: int) -> ResolvedPerson:
        if index not in people:
            given_shown = _best_given(group, clusters[index]["names"])  # type: ignore[arg-type]
            middle = Counter[str]()
            for name in clusters[index]["names"]:  # type: ignore[attr-defined]
                middle.update(middles.get(name, Counter()))
            people[index] = ResolvedPerson(
                case_id=case_id,
                key=f"{root}|{clusters[index]['given']}",
                display_name=_display(given_shown, surname_shown),
                given=given_shown,
                surname=surname_shown,
                middle=middle.most_common(1)[0][0].upper() if middle else "",
            )
        return people[index]

    family_of_cluster: dict[int, Counter[str]] = defaultdict(Counter)
    gender_of_cluster: dict[int, Counter[str]] = defaultdict(Counter)
    size_of_cluster: Counter[int] = Counter()
    cluster_of_given: dict[str, int] = {}
    for index, cluster in enumerate(clusters):
        for name in cluster["names"]:  # type: ignore[attr-defined]
            cluster_of_given[name] = index
    for m in group:
        g = given_key(m.given)
        if g:
            family_of_cluster[cluster_of_given[g]][m.family or "-"] += 1
            gender_of_cluster[cluster_of_given[g]][m.gender or "-"] += 1
            size_of_cluster[cluster_of_given[g]] += 1

    def compatible_with(m: NameMention) -> list[int]:
        return [
            i
            for i in range(len(clusters))
            if (
                not m.family
                or family_of_cluster[i].get(m.family)
                or not (set(family_of_cluster[i]) - {"-"})
            )
            and _gender_fits(m.gender, gender_of_cluster[i], family_of_cluster[i])
        ]

    # A courtesy title that can only be one of the named people ("Mrs. Ferrow" beside Tamsin and
    # Officer Lusk Ferrow) tells that person's gender, so a later "Mr. Ferrow" is not attached to
    # her because she is named more often.
    if len(clusters) > 1:
        for m in group:
            if m.gender and not given_key(m.given):
                only = compatible_with(m)
                if len(only) == 1:
                    gender_of_cluster[only[0]][m.gender] += 1

    for m in group:
        _root, s_conf, s_reasons = canonical[surname_key(m.surname)]
        reasons = list(s_reasons)
        confidence = s_conf
        g = given_key(m.given)
        if g:
            index = cluster_of_given[g]
            target = person_for(index)
            anchor = str(clusters[index]["given"])
            if m.given_from:
                reasons.append(m.given_from)
                confidence = min(confidence, 0.8)
            elif by_middle.get(g) == anchor:
                reasons.append(f"initial is the middle initial of {anchor.title()} {surname_shown}")
                confidence = min(confidence, 0.75)
            elif g != anchor:
                _, why = given_compatible(g, anchor)
                reasons.append(why)
                confidence = min(confidence, 0.85 if len(g) == 1 else 0.8)
            else:
                reasons.append("same name")
        else:
            compatible = compatible_with(m)
            # "Officer Ferrow" beside Lusk Ferrow (named as an officer) and Tamsin Ferrow (named
            # with no role): the person of that surname already named in that kind of role
            stated = [i for i in compatible if m.family and family_of_cluster[i].get(m.family)]
            if len(compatible) > 1 and len(stated) == 1:
                target = person_for(stated[0])
                reasons.append(f"surname only; the one person of that name named in a {m.family} role")
                confidence = min(confidence, 0.75)
            elif len(stated) > 1:
                # "Officer Ferrow" beside two officers and a civilian Ferrow: one of the officers
                # (the most frequent), never the civilian
                best = max(stated, key=lambda i: size_of_cluster[i])
                target = person_for(best)
                reasons.append(
                    f"surname only; {len(stated)} people of that name named in a {m.family} role, "
                    "attached to the most frequent"
                )
                confidence = min(confidence, 0.5)
            elif len(compatible) == 1:
                target = person_for(compatible[0])
                reasons.append("surname only; one person of that name in the case")
                confidence = min(confidence, 0.9 if len(clusters) == 1 else 0.75)
            elif compatible:
                best = max(compatible, key=lambda i: size_of_cluster[i])
                target = person_for(best)
                reasons.append(
                    f"surname only; {len(compatible)} people of that name, attached to the most frequent"
                )
                confidence = min(confidence, 0.5)
            else:
                family = m.family or ("civilian" if m.gender == "F" else "-")
                if family not in unnamed_family:
                    unnamed_family[family] = ResolvedPerson(
                        case_id=case_id,
                        key=f"{root}|~{family}",
                        display_name=surname_shown,
                        given="",
                        surname=surname_shown,
                    )
                target = unnamed_family[family]
                reasons.append("surname only; role differs from the named people of that surname")
                confidence = min(confidence, 0.7)
        variant = name_key(m.given, m.surname)
        target.attachments.append(Attachment(m.id, round(confidence, 2), reasons, variant))
        target.variants[variant] += 1
        if m.agency:
            target.agencies[m.agency] += 1
        if m.year:
            target.years[m.year] += 1
        if m.title_role:
            target.roles[m.title_role] += 1
        if m.role and m.role != m.title_role:
            target.roles[m.role] += 1
    if "-" in unnamed_family and len(unnamed_family) > 1:
        # mentions that say nothing about role join the largest unnamed person of that surname
        loose = unnamed_family.pop("-")
        largest = max(unnamed_family.values(), key=lambda p: len(p.attachments))
        largest.attachments.extend(loose.attachments)
        largest.variants.update(loose.variants)
        largest.roles.update(loose.roles)
        largest.agencies.update(loose.agencies)
        largest.years.update(loose.years)
    return [*people.values(), *unnamed_family.values()]


def _gender_fits(gender: str, cluster_genders: Counter[str], cluster_families: Counter[str]) -> bool:
    """A woman's courtesy title ("Miss Tolliver" is not "Officer Rudyard Tolliver") does not attach to a
    named officer whose mentions never carry one."""
    if not gender:
        return True
    if cluster_genders.get(gender):
        return True
    other = "M" if gender == "F" else "F"
    if cluster_genders.get(other):
        return False
    return not (gender == "F" and cluster_families.get(LAW))


def _best_given(group: list[NameMention], names: Iterable[str]) -> str:
    wanted = set(names)
    shown = Counter(m.given for m in group if given_key(m.given) in wanted and len(given_key(m.given)) > 1)
    if shown:
        return shown.most_common(1)[0][0]
    initials = Counter(m.given for m in group if given_key(m.given) in wanted)
    return (initials.most_common(1)[0][0] + ".") if initials else ""


def _apply_constraints(persons: list[ResolvedPerson], constraints: Constraints) -> list[ResolvedPerson]:
    """Splits first (the named variants leave a person that also holds the kept names),
    then merges (persons holding the two names of a merge become one)."""
    result = list(persons)
    for keep, move in constraints.splits:
        for person in list(result):
            if not (keep & set(person.variants)) or not (move & set(person.variants)):
                continue
            moved_attachments = [a for a in person.attachments if a.variant in move]
            person.attachments = [a for a in person.attachments if a.variant not in move]
            moved_variants = Counter({k: n for k, n in person.variants.items() if k in move})
            for k in moved_variants:
                del person.variants[k]
            first = sorted(moved_variants, key=lambda k: -moved_variants[k])[0]
            surname, given = first.split("|", 1)
            moved = ResolvedPerson(
                case_id=person.case_id,
                key=f"{first}#split",
                display_name=_display(given.title(), surname.title()),
                given=given.title(),
                surname=surname.title(),
                variants=moved_variants,
                attachments=[
                    Attachment(a.mention_id, 1.0, ["split off by a reviewer"], a.variant)
                    for a in moved_attachments
                ],
                roles=Counter(person.roles),
            )
            result.append(moved)
    for a, b in constraints.merges:
        holder_a = next((p for p in result if a in p.variants), None)
        holder_b = next((p for p in result if b in p.variants), None)
        if holder_a is None or holder_b is None or holder_a is holder_b:
            continue
        holder_a.variants.update(holder_b.variants)
        holder_a.roles.update(holder_b.roles)
        holder_a.agencies.update(holder_b.agencies)
        holder_a.years.update(holder_b.years)
        holder_a.attachments.extend(
            Attachment(x.mention_id, 1.0, ["merged by a reviewer"], x.variant) for x in holder_b.attachments
        )
        result.remove(holder_b)
    return result
