"""Duplicate and conflict check: is this applicant already known to the organization?

Candidates are earlier applications, cases (through their applicant and inmate number)
and people of the same organization, never of another. Each candidate gets a match
strength (how alike the records are: a record-linkage measure, *not* anything about the
claim) and the reasons in plain words, e.g. "same DOC number", "first name 'Bobby' is a
nickname of 'Robert'".

Adverse-party conflicts: the applicant and every person the application names (victims,
co-defendants, other people named: witnesses, informants...) against every role in the
organization's cases — a client (the applicant role), victim, witness, informant,
co-defendant — and against other applications (prospective clients). Which roles make a
conflict, and why, is data: ``knowledge/intake/conflict_roles.yaml``. Each hit says who
matched whom, in which role and case, and why the names match. An application with a
conflict is accepted only after an admin's recorded decision (:class:`ConflictDecision`).

Candidates in cases the user cannot see are reported without any detail.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from nicknames import NickNamer
from rapidfuzz import fuzz, process

from innocence.cases.models import Case
from innocence.cases.selectors import cases_visible_to
from innocence.knowledge import loader as knowledge
from innocence.people.models import CaseRole, Person, RoleKind

from .models import Application, ConflictDecision, MatchReview

#: Minimum strength to show a duplicate candidate; a name alone seldom reaches it.
SHOW_AT = 35
SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v"}
#: Letters that handwriting and OCR confuse; compared after folding both sides.
_OCR_FOLD = (("rn", "m"), ("vv", "w"), ("0", "o"), ("1", "l"), ("5", "s"), ("8", "b"), ("cl", "d"))
HIDDEN_LABEL = "Possible match in a case you cannot see — ask an admin."


@cache
def _nicknamer() -> NickNamer:
    return NickNamer()


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9 ]", " ", text.lower())


def name_tokens(name: str) -> list[str]:
    tokens = [t for t in _fold(name).split() if t]
    return [t for t in tokens if t not in SUFFIXES] or tokens


def _ocr_fold(token: str) -> str:
    for a, b in _OCR_FOLD:
        token = token.replace(a, b)
    return token


def nickname_reason(a: str, b: str) -> str:
    """Why two first names may be one person's ('Bobby' / 'Robert'), or '' if unrelated."""
    if a == b:
        return ""
    namer = _nicknamer()
    if b in namer.nicknames_of(a):
        return f"first name '{b.title()}' is a nickname of '{a.title()}'"
    if a in namer.nicknames_of(b):
        return f"first name '{a.title()}' is a nickname of '{b.title()}'"
    shared = namer.canonicals_of(a) & namer.canonicals_of(b)
    if shared:
        return f"first names '{a.title()}' and '{b.title()}' are both nicknames of '{sorted(shared)[0].title()}'"
    return ""


def _alike(a: str, b: str) -> bool:
    """Spelling, handwriting or OCR variant of the same word."""
    if a == b or min(len(a), len(b)) < 3:
        return False
    return fuzz.ratio(a, b) >= 80 or _ocr_fold(a) == _ocr_fold(b)


@dataclass
class NameMatch:
    points: int
    reasons: list[str]


def compare_names(a: str, b: str) -> NameMatch:
    """How alike two names are, with the reason in words."""
    ta, tb = name_tokens(a), name_tokens(b)
    if not ta or not tb:
        return NameMatch(0, [])
    if ta == tb:
        return NameMatch(45, [f"same name '{b}'"])
    if sorted(ta) == sorted(tb):
        return NameMatch(40, [f"same name in another order ('{a}' / '{b}')"])
    first_a, last_a, first_b, last_b = ta[0], ta[-1], tb[0], tb[-1]
    if len(ta) == 1 or len(tb) == 1:
        # A single name (a nickname such as 'Dee') matches only exactly.
        single, other = (ta[0], tb) if len(ta) == 1 else (tb[0], ta)
        if single in other and len(single) > 2:
            return NameMatch(15, [f"'{single}' appears in both names"])
        return NameMatch(0, [])
    if last_a == last_b:
        surname_points, surname_reason = 25, ""
    elif _alike(last_a, last_b):
        surname_points, surname_reason = 20, f"surname '{last_b}' looks like '{last_a}' (spelling, handwriting or OCR variant)"
    else:
        return NameMatch(0, [])
    reasons = [surname_reason] if surname_reason else [f"same surname '{last_b}'"]
    if first_a == first_b:
        points = surname_points + 20
        reasons = [f"same first name and surname ('{first_b} … {last_b}')"] if not surname_reason else [
            f"same first name '{first_b}'", surname_reason]
    elif nickname_reason(first_a, first_b):
        points = surname_points + 15
        reasons.append(nickname_reason(first_a, first_b))
    elif _alike(first_a, first_b):
        points = surname_points + 12
        reasons.append(f"first name '{first_b}' looks like '{first_a}' (spelling, handwriting or OCR variant)")
    elif first_a[0] == first_b[0] and (len(first_a) == 1 or len(first_b) == 1):
        points = surname_points + 8
        reasons.append(f"initial '{first_a[0].upper()}' fits '{first_b.title()}'")
    else:
        points = surname_points - 10
        reasons.append(f"different first names ('{first_a}' / '{first_b}')")
    return NameMatch(max(points, 0), reasons)


def best_name_match(names_a: list[str], names_b: list[str]) -> NameMatch:
    best = NameMatch(0, [])
    for i, a in enumerate(names_a):
        for j, b in enumerate(names_b):
            match = compare_names(a, b)
            if match.points > best.points:
                if i or j:
                    match.reasons = [*match.reasons, f"via alias '{a if i else b}'"]
                best = match
    return best


def normalize_inmate_number(number: str) -> str:
    bare = re.sub(r"[^0-9a-z]", "", (number or "").lower())
    return re.sub(r"(?<![0-9])0+(?=[0-9])", "", bare)  # 'Q-055123' and 'q 55123' are one number


def compare_dob(a: dt.date | None, b: dt.date | None) -> tuple[int, str]:
    if a is None or b is None:
        return 0, ""
    if a == b:
        return 30, f"same date of birth ({b.isoformat()})"
    if a.year == b.year and a.month == b.day and a.day == b.month:
        return 20, f"date of birth with day and month swapped ({a.isoformat()} / {b.isoformat()})"
    if a.year == b.year and a.month == b.month:
        return 5, f"date of birth in the same month ({a.isoformat()} / {b.isoformat()})"
    return -25, f"different date of birth ({a.isoformat()} / {b.isoformat()})"


#: Minimum name strength for a conflict: the whole name alike (same name, another order,
#: a nickname or a one-letter variant of a shared surname) — a shared surname alone is not.
CONFLICT_AT = 40


@cache
def conflict_rules() -> dict[str, Any]:
    return knowledge.load("intake/conflict_roles.yaml")


def _why(rule: dict[str, Any]) -> str:
    authorities = conflict_rules()["authorities"]
    cited = "; ".join(authorities[a]["citation"].split(" and its ")[0] for a in rule.get("authorities", []))
    why = " ".join(str(rule["why"]).split())
    return f"why it matters: {why}" + (f" ({cited})" if cited else "")


def named_in(application: Application | Probe) -> list[tuple[str, str]]:
    """Every person the application names, with what it says they were, in words."""
    out = [(n, "victim") for n in application.victims] + [(n, "co-defendant") for n in application.co_defendants]
    for entry in application.named_people:
        role = entry.get("role", "") if isinstance(entry, dict) else ""
        name = entry.get("name", "") if isinstance(entry, dict) else str(entry)
        if name:
            out.append((name, RoleKind(role).label.lower() if role in RoleKind.values else "person"))
    return out


@dataclass
class Probe:
    """What we know about the applicant being checked."""

    organization_id: int
    names: list[str]
    dob: dt.date | None = None
    inmate_number: str = ""
    victims: list[str] = field(default_factory=list)
    co_defendants: list[str] = field(default_factory=list)
    named_people: list[dict[str, str]] = field(default_factory=list)
    exclude_application_id: int | None = None
    #: the case this application became: never a candidate of its own application
    own_case_id: int | None = None

    @classmethod
    def of(cls, application: Application) -> Probe:
        return cls(
            organization_id=application.organization_id,
            names=[application.applicant_name, *application.applicant_aliases],
            dob=application.applicant_dob,
            inmate_number=application.inmate_number,
            victims=list(application.victims),
            co_defendants=list(application.co_defendants),
            named_people=list(application.named_people),
            exclude_application_id=application.pk,
            own_case_id=application.case_id,
        )


@dataclass
class Candidate:
    kind: str  # "duplicate" or "conflict"
    target_kind: str  # "application", "case" or "person"
    target_id: int
    strength: int
    reasons: list[str]
    label: str
    url: str = ""
    hidden: bool = False
    decision: str = ""
    #: conflicts: the case the matched person plays a role in (0: an application)
    case_id: int = 0
    #: conflicts: the latest admin decision that covers it (a ConflictDecision), if any
    ruling: Any = None
    #: conflicts with a person: who of the application matched ("" the applicant, else the
    #: name as the application writes it)
    subjects: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        if self.kind == "conflict":
            return f"conflict:{self.target_kind}:{self.target_id}:{self.case_id}"
        return f"{self.kind}:{self.target_kind}:{self.target_id}"

    @property
    def resolved(self) -> bool:
        """An admin decided: waived, or not the same people (a decline does not clear it)."""
        return self.ruling is not None and self.ruling.outcome in ("waived", "cleared")


def _score(probe: Probe, names: list[str], dob: dt.date | None, inmate_number: str) -> tuple[int, list[str]]:
    reasons: list[str] = []
    points = 0
    probe_number = normalize_inmate_number(probe.inmate_number)
    if probe_number and probe_number == normalize_inmate_number(inmate_number):
        points += 50
        reasons.append(f"same DOC/inmate number ({inmate_number})")
    name = best_name_match(probe.names, names)
    points += name.points
    reasons += name.reasons
    dob_points, dob_reason = compare_dob(probe.dob, dob)
    if name.points or points:
        points += dob_points
        if dob_reason:
            reasons.append(dob_reason)
    return max(0, min(points, 100)), reasons


def _applications(probe: Probe) -> list[Application]:
    qs = Application.objects.filter(organization_id=probe.organization_id)
    if probe.exclude_application_id:
        qs = qs.exclude(pk=probe.exclude_application_id)
    if probe.own_case_id:
        qs = qs.exclude(case_id=probe.own_case_id)
    return list(qs.only(
        "id", "reference", "applicant_name", "applicant_aliases", "applicant_dob", "inmate_number",
        "received_on", "stage", "victims", "co_defendants", "named_people", "organization_id", "case_id",
    ))


def find_candidates(probe: Probe, *, user: Any) -> list[Candidate]:
    """Duplicates and conflicts for `probe`, strongest first, as `user` may see them. The
    caller has already checked that `user` works on intake in `probe`'s organization."""
    visible_case_ids = set(
        cases_visible_to(user).filter(organization_id=probe.organization_id).values_list("pk", flat=True)
    )
    return _find(probe, visible_case_ids)


def _find(probe: Probe, visible_case_ids: set[int]) -> list[Candidate]:
    found: list[Candidate] = []
    applications = _applications(probe)
    for other in applications:
        strength, reasons = _score(probe, [other.applicant_name, *other.applicant_aliases], other.applicant_dob,
                                   other.inmate_number)
        if strength >= SHOW_AT:
            found.append(Candidate(
                "duplicate", "application", other.pk, strength, reasons,
                f"Application {other.reference}: {other.applicant_name}, received {other.received_on.isoformat()} "
                f"({other.get_stage_display().lower()})",
                url=f"/intake/{other.reference}/",
            ))
    people = list(Person.objects.filter(organization_id=probe.organization_id))
    roles_by_person: dict[int, list[CaseRole]] = {}
    own_people: set[int] = set()  # in the application's own case: the people it brought
    for role in CaseRole.objects.filter(case__organization_id=probe.organization_id).select_related("case"):
        if probe.own_case_id and role.case_id == probe.own_case_id:
            own_people.add(role.person_id)
            continue
        roles_by_person.setdefault(role.person_id, []).append(role)
    everyone = people
    probe_number = normalize_inmate_number(probe.inmate_number)
    same_number = {
        r.person_id for rs in roles_by_person.values() for r in rs
        if r.role == RoleKind.APPLICANT and probe_number and normalize_inmate_number(r.case.inmate_number) == probe_number
    }
    people = _could_match(people, [*probe.names, *(n for n, _ in named_in(probe))], keep=same_number)
    cases_seen: set[int] = set()
    for person in people:
        roles = roles_by_person.get(person.pk, [])
        if person.pk in own_people:
            # its own applicant (or a person it named), linked or made on acceptance: not
            # a duplicate of itself; their roles elsewhere are still checked for conflicts
            continue
        applicant_cases = [r.case for r in roles if r.role == RoleKind.APPLICANT]
        numbers = [c.inmate_number for c in applicant_cases if c.inmate_number] or [""]
        strength, reasons = max(
            (_score(probe, [person.full_name, *person.aliases], person.date_of_birth, n) for n in numbers),
            key=lambda pair: pair[0],
        )
        if strength >= SHOW_AT:
            hidden = any(r.case_id not in visible_case_ids for r in roles)
            if applicant_cases:
                case = applicant_cases[0]
                cases_seen.add(case.pk)
                found.append(_case_candidate("duplicate", case, strength, reasons, visible_case_ids))
            elif hidden:
                found.append(Candidate("duplicate", "person", person.pk, strength, [], HIDDEN_LABEL, hidden=True))
            else:
                where = ", ".join(sorted({f"{r.get_role_display().lower()} in {r.case.reference}" for r in roles}))
                found.append(Candidate(
                    "duplicate", "person", person.pk, strength, reasons,
                    f"Person {person.full_name}" + (f" ({where})" if where else ""),
                    url=f"/people/{person.pk}/", hidden=hidden,
                ))
    if probe_number:
        cases = Case.objects.filter(organization_id=probe.organization_id).exclude(inmate_number="")
        if probe.own_case_id:
            cases = cases.exclude(pk=probe.own_case_id)
        for case in cases:
            if case.pk not in cases_seen and normalize_inmate_number(case.inmate_number) == probe_number:
                found.append(_case_candidate(
                    "duplicate", case, 50, [f"same DOC/inmate number ({case.inmate_number})"], visible_case_ids
                ))
    found += _conflicts(probe, applications, people, roles_by_person, visible_case_ids, everyone)
    found = _dedupe(found)
    _attach_decisions(probe, found)
    found.sort(key=lambda c: (c.kind != "conflict", -c.strength, c.label))
    return found


def _near_tokens(wanted: set[str], vocabulary: set[str]) -> set[str]:
    """The words of `vocabulary` equal to a word of `wanted`, or alike as :func:`_alike`
    has it (spelling, handwriting or OCR variants)."""
    near = wanted & vocabulary
    folds: dict[str, set[str]] = {}
    for word in vocabulary:
        folds.setdefault(_ocr_fold(word), set()).add(word)
    choices = sorted(vocabulary)
    for word in wanted:
        near |= folds.get(_ocr_fold(word), set())
        if len(word) >= 3:
            near |= {m for m, _, _ in process.extract(word, choices, scorer=fuzz.ratio, score_cutoff=80, limit=None)}
    return near


def _could_match(people: list[Person], names: list[str], *, keep: set[int]) -> list[Person]:
    """The persons one of whose names ends in a word of `names` or a variant of one (and
    those in `keep`). Every name comparison that scores needs that — a shared or alike
    surname, the same words in another order, or a single name found in the other — so
    this only spares comparing names that cannot match (:func:`compare_names`)."""
    tokens_of = {p.pk: [name_tokens(n) for n in [p.full_name, *p.aliases]] for p in people}
    last_of = {pk: {t[-1] for t in tokens if t} for pk, tokens in tokens_of.items()}
    vocabulary: set[str] = set().union(*last_of.values()) if last_of else set()
    wanted = [name_tokens(n) for n in names]
    near = _near_tokens({t for tokens in wanted for t in tokens}, vocabulary)
    singles = {tokens[0] for tokens in wanted if len(tokens) == 1}  # 'Dee' matches within 'Dee Hale'
    return [
        p for p in people
        if p.pk in keep or last_of[p.pk] & near or (singles and singles & {t for ts in tokens_of[p.pk] for t in ts})
    ]


def _dedupe(candidates: list[Candidate]) -> list[Candidate]:
    best: dict[str, Candidate] = {}
    for candidate in candidates:
        kept = best.get(candidate.key)
        if kept is None or candidate.strength > kept.strength:
            best[candidate.key] = candidate
    return list(best.values())


def _case_candidate(kind: str, case: Case, strength: int, reasons: list[str], visible: set[int]) -> Candidate:
    if case.pk not in visible:
        return Candidate(kind, "case", case.pk, strength, [], HIDDEN_LABEL, hidden=True)
    return Candidate(
        kind, "case", case.pk, strength, reasons, f"Case {case.reference}: {case.title} ({case.get_stage_display()})",
        url=f"/cases/{case.reference}/",
    )


def _applicant_match(probe: Probe, names: list[str], dob: dt.date | None) -> NameMatch:
    """The applicant against a person: the names, then the dates of birth where both are
    known (a different date of birth makes a namesake, not the same person)."""
    match = best_name_match(probe.names, names)
    if match.points < CONFLICT_AT:
        return match
    dob_points, dob_reason = compare_dob(probe.dob, dob)
    return NameMatch(max(0, min(match.points + dob_points, 100)), [*match.reasons, *([dob_reason] if dob_reason else [])])


def _conflicts(
    probe: Probe,
    applications: list[Application],
    people: Any,
    roles_by_person: dict[int, list[CaseRole]],
    visible_case_ids: set[int],
    everyone: list[Person] | None = None,
) -> list[Candidate]:
    """Adverse-party conflicts: the applicant, and every person the application names,
    against every role in the organization's cases (the rules and their reasons:
    ``knowledge/intake/conflict_roles.yaml``) and against other applications."""
    rules = conflict_rules()
    prospective = _why(rules["prospective"])
    named = named_in(probe)
    out: list[Candidate] = []
    for other in applications:
        if other.case_id:
            continue  # accepted: its case's people are checked below, under the case's rule
        label = f"Application {other.reference}: {other.applicant_name}"
        for name, what in named:
            match = best_name_match([name], [other.applicant_name, *other.applicant_aliases])
            if match.points >= CONFLICT_AT:
                out.append(Candidate(
                    "conflict", "application", other.pk, match.points,
                    [f"the {what} this application names, '{name}', matches the applicant of {other.reference}, "
                     f"'{other.applicant_name}'", *match.reasons, prospective],
                    label, url=f"/intake/{other.reference}/",
                ))
        for name, what in named_in(other):
            match = best_name_match(probe.names, [name])
            if match.points >= CONFLICT_AT:
                out.append(Candidate(
                    "conflict", "application", other.pk, match.points,
                    [f"the applicant matches '{name}', the {what} named in {other.reference}", *match.reasons,
                     prospective],
                    label, url=f"/intake/{other.reference}/",
                ))
    clients: dict[int, list[str]] = {}
    for person in everyone if everyone is not None else people:
        for role in roles_by_person.get(person.pk, []):
            if role.role == RoleKind.APPLICANT:
                clients.setdefault(role.case_id, []).append(person.full_name)
    for person in people:
        roles = roles_by_person.get(person.pk, [])
        if not roles:
            continue
        names = [person.full_name, *person.aliases]
        as_applicant = _applicant_match(probe, names, person.date_of_birth)
        as_named = [(name, what, best_name_match([name], names)) for name, what in named]
        by_case: dict[int, Candidate] = {}
        for role in roles:
            case, role_words = role.case, role.get_role_display().lower()
            whose = f", the case of your client {' and '.join(sorted(clients[case.pk]))}" if clients.get(case.pk) else ""
            where = f"{case.reference} ({case.title}){whose}"
            hits: list[tuple[str, NameMatch, str, dict[str, Any]]] = []
            if role.role in rules["applicant"] and as_applicant.points >= CONFLICT_AT:
                hits.append(("", as_applicant, f"the applicant, '{probe.names[0]}', matches {person.full_name}, "
                             f"the {role_words} in {where}", rules["applicant"][role.role]))
            for name, what, match in as_named:
                if role.role in rules["named"] and match.points >= CONFLICT_AT:
                    if role.role == RoleKind.APPLICANT:
                        said = f"the {what} this application names, '{name}', matches your client {person.full_name}, " \
                               f"the applicant in {case.reference} ({case.title})"
                    else:
                        said = f"the {what} this application names, '{name}', matches {person.full_name}, " \
                               f"the {role_words} in {where}"
                    hits.append((name, match, said, rules["named"][role.role]))
            for subject, match, said, rule in hits:
                kept = by_case.get(case.pk)
                if kept is None:
                    if case.pk not in visible_case_ids:
                        kept = Candidate("conflict", "person", person.pk, 0, [], HIDDEN_LABEL, hidden=True,
                                         case_id=case.pk)
                    else:
                        kept = Candidate(
                            "conflict", "person", person.pk, 0, [],
                            f"Case {case.reference}: {case.title} — {person.full_name}", url=f"/cases/{case.reference}/",
                            case_id=case.pk,
                        )
                    by_case[case.pk] = kept
                kept.strength = max(kept.strength, match.points)
                if subject not in kept.subjects:
                    kept.subjects.append(subject)
                if not kept.hidden:
                    kept.reasons += [r for r in [said, *match.reasons, _why(rule)] if r not in kept.reasons]
        out += by_case.values()
    return out


def _attach_decisions(probe: Probe, candidates: list[Candidate]) -> None:
    if not probe.exclude_application_id:
        return
    reviews = {
        (r.kind, r.target_kind, r.target_id): r.decision
        for r in MatchReview.objects.filter(application_id=probe.exclude_application_id)
    }
    rulings: dict[str, Any] = {}
    for decision in ConflictDecision.objects.filter(application_id=probe.exclude_application_id).select_related("by"):
        for key in decision.conflict_keys:
            rulings[key] = decision  # ordered by time: the latest decision on a conflict wins
    for candidate in candidates:
        candidate.decision = reviews.get((candidate.kind, candidate.target_kind, candidate.target_id), "")
        if candidate.kind == "conflict":
            candidate.ruling = rulings.get(candidate.key)


def candidates_for(application: Application, *, user: Any) -> list[Candidate]:
    return find_candidates(Probe.of(application), user=user)


def conflicts_of(application: Application) -> list[Candidate]:
    """Every adverse-party conflict of the application as the organization knows it, in
    every case of the organization whether the caller may see it or not: for the acceptance
    gate and an admin's decision. Never to be shown: labels and reasons may name a case
    the caller cannot see (show :func:`candidates_for` instead)."""
    all_cases = set(Case.objects.filter(organization_id=application.organization_id).values_list("pk", flat=True))
    return [c for c in _find(Probe.of(application), all_cases) if c.kind == "conflict"]


def unresolved_conflicts(application: Application) -> list[Candidate]:
    return [c for c in conflicts_of(application) if not c.resolved]
