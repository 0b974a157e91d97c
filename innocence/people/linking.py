"""Links between persons: the same actor in two cases of an organization
(:func:`link_across_cases`, :func:`score_pair`), and garbled names within a case worth a
reviewer's look (:func:`rare_variant_links`). Each link has a confidence and its reasons."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .extraction.vocabulary import is_law_enforcement
from .resolution import (
    LAW,
    PROPOSE_LINK,
    ROLE_FAMILY,
    STRONG_MATCH,
    CrossLink,
    ResolvedPerson,
    given_compatible,
    given_key,
    nearby_blocks,
    ocr_shape,
    surname_blocks,
    surname_key,
)

#: Two persons named this many years apart (median year of their pages) are not linked
#: automatically: a namesake a generation later, not the same officer.
ERA_APART = 15
#: ... and named within this many years in the same agency: the same era.
ERA_SAME = 10


def rare_variant_links(persons: Sequence[ResolvedPerson], *, floor: float = 70.0) -> list[CrossLink]:
    """Within one case: a law-enforcement person seen once or twice whose surname is shaped
    like that of a dominant one ("Detectives Kcsslor and Lindqvlst" next to hundreds of "Kessler"
    and "Lindqvist") — too garbled to merge automatically, worth a reviewer's look."""
    big = [p for p in persons if p.is_law_enforcement and len(p.attachments) >= 10]
    links: list[CrossLink] = []
    if not big:
        return links
    shapes = {ocr_shape(surname_key(p.surname)): p for p in big}
    for small in persons:
        if not small.is_law_enforcement or len(small.attachments) > 2:
            continue
        key = ocr_shape(surname_key(small.surname))
        hit = process.extractOne(key, list(shapes), scorer=fuzz.ratio, score_cutoff=floor)
        if hit is None or shapes[hit[0]] is small:
            continue
        target = shapes[hit[0]]
        if not given_compatible(small.given, target.given)[0]:
            continue
        if fuzz.ratio(surname_key(small.surname), surname_key(target.surname)) < 50:
            continue  # same shape, but too few letters in common
        links.append(
            CrossLink(
                a=(target.case_id, target.key),
                b=(small.case_id, small.key),
                confidence=round(min(0.59, hit[1] / 100 * 0.7), 2),
                reasons=[
                    f"'{small.display_name}' appears {len(small.attachments)}× with a law-enforcement title",
                    f"its letters are shaped like '{target.surname}' under OCR errors ({hit[1]:.0f}%)",
                    f"'{target.display_name}' is named {len(target.attachments)}× in this case",
                ],
            )
        )
    return links


def link_across_cases(persons: Sequence[ResolvedPerson]) -> list[CrossLink]:
    """Pairs of persons in *different* cases that may be the same actor, best first.

    Blocked by surname key and, for spellings one letter apart or nearly alike
    (:func:`surname_similarity`), by the same blocking keys the database lookup uses
    (:func:`~.resolution.nearby_blocks`); then scored on first names, initials, nicknames
    and role family (:func:`score_pair`)."""
    by_surname: dict[str, list[ResolvedPerson]] = defaultdict(list)
    for person in persons:
        key = surname_key(person.surname)
        if len(key) >= 2:
            by_surname[key].append(person)
    keys = sorted(by_surname)
    heads: dict[str, list[str]] = defaultdict(list)
    tails: dict[str, list[str]] = defaultdict(list)
    for key in keys:
        head, tail = surname_blocks(key)
        heads[head].append(key)
        tails[tail].append(key)
    links: list[CrossLink] = []
    seen: set[tuple[tuple[int, str], tuple[int, str]]] = set()
    for key in keys:
        near_heads, near_tails = nearby_blocks(key)
        nearby = {k for block in near_heads for k in heads.get(block, ())} | {
            k for block in near_tails for k in tails.get(block, ())
        }
        similar = [(key, 100.0)]
        for other in sorted(nearby - {key}):
            score = surname_similarity(key, other)
            if score is not None:
                similar.append((other, score))
        for other, score in similar:
            for a in by_surname[key]:
                for b in by_surname[other]:
                    if a.case_id == b.case_id:
                        continue
                    pair = tuple(sorted([(a.case_id, a.key), (b.case_id, b.key)]))
                    if pair in seen:
                        continue
                    seen.add(pair)  # type: ignore[arg-type]
                    link = score_pair(a, b, score)
                    if link is not None:
                        links.append(link)
    links.sort(key=lambda link: -link.confidence)
    return links


def surname_similarity(a: str, b: str) -> float | None:
    """How alike two surname keys are (0-100) when they may be one actor's across cases: the
    same (100), or five letters or more and either one letter apart or at least
    STRONG_MATCH alike; None otherwise. The in-memory linking and the database lookup of
    the app (extraction_service) both ask this."""
    if a == b:
        return 100.0
    if min(len(a), len(b)) < 5:
        return None
    score = fuzz.ratio(a, b)
    if score >= STRONG_MATCH or one_letter_apart(a, b) or ocr_variants(a, b):
        return float(score)
    return None


#: Two spellings with the same letter shapes under OCR confusions are one surname misread when
#: they share at least this share of their letters too ("kessler" / "kcsslcr": 71%).
OCR_VARIANT_LETTERS = 60


def ocr_variants(a: str, b: str) -> bool:
    """Two surname keys of five letters or more, of one length, whose letters have the same
    shapes under OCR confusions (e/c/o, r/n, l/i/t, ...): one name misread, not two names."""
    return (
        len(a) == len(b) >= 5
        and a != b
        and ocr_shape(a) == ocr_shape(b)
        and fuzz.ratio(a, b) >= OCR_VARIANT_LETTERS
    )


def one_letter_apart(a: str, b: str) -> bool:
    """Two surname keys of five letters or more that differ by one letter (a typist's or OCR's
    slip between two reports: "Kessler" / "Kesler", "Prater" / "Prator")."""
    return min(len(a), len(b)) >= 5 and Levenshtein.distance(a, b) == 1


def score_pair(a: ResolvedPerson, b: ResolvedPerson, surname_score: float) -> CrossLink | None:
    """How likely two persons of different cases are one actor, with the reasons; None when
    something rules it out (different first names, roles of different kinds)."""
    variant = surname_score < 100 and one_letter_apart(surname_key(a.surname), surname_key(b.surname))
    shaped = surname_score < 100 and ocr_variants(surname_key(a.surname), surname_key(b.surname))
    if surname_score >= 100:
        reasons, confidence = ["same surname"], 0.55
    elif variant:
        reasons = [f"surnames differ by one letter ('{a.surname}' / '{b.surname}')"]
        confidence = 0.5
    elif shaped:
        reasons = [f"surnames shaped alike under OCR errors ('{a.surname}' / '{b.surname}')"]
        confidence = 0.5
    else:
        reasons, confidence = [f"surnames {surname_score:.0f}% alike"], 0.45
    ok, why = given_compatible(a.given, b.given)
    if not ok:
        return None
    if a.given and b.given:
        reasons.append(why)
        if given_key(a.given) == given_key(b.given) and len(given_key(a.given)) > 1:
            confidence += 0.3
        elif len(given_key(a.given)) > 1 and len(given_key(b.given)) > 1:
            confidence += 0.25  # nicknames of one first name ("Jerry" / "Gerald")
        elif len(given_key(a.given)) == 1 or len(given_key(b.given)) == 1:
            confidence += 0.15
        else:
            confidence += 0.2
    else:
        reasons.append("first name missing on one side")
    fam_a = ROLE_FAMILY.get(a.role, "")
    fam_b = ROLE_FAMILY.get(b.role, "")
    if fam_a and fam_b:
        if fam_a != fam_b:
            return None
        reasons.append(f"same kind of role ({a.role or '?'} / {b.role or '?'})")
        confidence += 0.1
    if a.role and a.role == b.role and is_law_enforcement(a.role):
        confidence += 0.05
        reasons.append("both law enforcement")
    law = fam_a == fam_b == LAW
    era_a, era_b = a.era, b.era
    if era_a and era_b and abs(era_a - era_b) >= ERA_APART:
        # a namesake a generation later: never linked without a reviewer
        reasons.append(f"named in {min(era_a, era_b)} and {max(era_a, era_b)}: decades apart")
        confidence = min(confidence, PROPOSE_LINK + 0.1)
    elif law and a.agency and a.agency == b.agency and era_a and era_b and abs(era_a - era_b) <= ERA_SAME:
        # one police department, the same years: the same name and role is the same officer
        reasons.append(f"same agency ({a.agency}) and era ({era_a} / {era_b})")
        confidence += 0.2
    elif law and a.agency and b.agency and a.agency != b.agency:
        reasons.append(f"different agencies ({a.agency} / {b.agency})")
    if surname_score < 100 and not (a.given and b.given and fam_a and fam_a == fam_b):
        # a different spelling links only with a full first name and a role of the same kind on
        # both sides; otherwise it is at most a proposal for a reviewer
        confidence = min(confidence, PROPOSE_LINK + 0.1)
    confidence = round(min(confidence, 0.99), 2)
    if confidence < PROPOSE_LINK:
        return None
    return CrossLink(a=(a.case_id, a.key), b=(b.case_id, b.key), confidence=confidence, reasons=reasons)
