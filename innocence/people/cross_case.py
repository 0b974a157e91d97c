"""The same actor in another case of the organization, looked up in the database: who, of
the persons the organization's other cases name, may the person just resolved in this
case be (:func:`candidates_elsewhere`).

Persons the record names are found through their resolved names' surname blocking keys
(indexed columns of :class:`~.models.ResolvedName`, :func:`~.resolution.nearby_blocks`):
the same surname and every spelling one letter away are in six blocks, so the lookup
reads only the names of those blocks, never the organization's whole actor index. The
rules that decide (how alike is alike enough, what rules a link out) are those of the
in-memory linking (:func:`~.linking.surname_similarity`, :func:`~.linking.score_pair`), so
the app links what ``eval/eval_people.py`` measures.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from innocence.cases.models import Case

from .linking import surname_similarity
from .models import CaseRole, Mention, Person, ResolvedName
from .resolution import ResolvedPerson, nearby_blocks, split_name, surname_key

#: How a case role maps to the role vocabulary of the record (resolution's role families).
CASE_ROLE_TO_ROLE = {
    "officer": "officer",
    "prosecutor": "prosecutor",
    "defense_counsel": "defense_counsel",
    "judge": "judge",
    "forensic_analyst": "forensic_analyst",
    "informant": "informant",
    "expert": "expert",
    "victim": "victim",
    "witness": "witness",
    "applicant": "defendant",
    "co_defendant": "defendant",
}

#: At most this many stored names of nearby surnames are compared for one person (a block
#: holds the names of one first letter or ending and about one length).
NAME_ROWS = 5000
#: ... and at most this many persons of the closest surnames are scored.
PERSONS = 50
#: ... each read from at most this many of its mentions (title role, agency, year).
SAMPLE_ROWS = 500


@dataclass
class Candidate:
    person: Person
    summary: ResolvedPerson
    surname_score: float  # 0-100, as linking.surname_similarity gives it


def summary_of(person: Person, roles: Counter[str]) -> ResolvedPerson:
    """A stored person as linking sees one: the name split into given and surname, the roles
    the record gives it."""
    given, surname = split_name(person.full_name)
    return ResolvedPerson(
        case_id=0,
        key=f"person:{person.pk}",
        display_name=person.full_name,
        given=given,
        surname=surname,
        roles=Counter(roles),
    )


@dataclass
class Lookups:
    """What one resolution run has read already: the names of a blocking key, the sample of a
    candidate's mentions. A case's persons share surnames and candidates, and a run asks for
    each of them; reading them once per run keeps a run's queries to the distinct ones."""

    names: dict[tuple[str, str], list[tuple[str, int]]] = field(default_factory=dict)
    samples: dict[int, tuple[Counter[str], Counter[str], Counter[int]]] = field(default_factory=dict)
    case_roles: list[CaseRole] | None = None
    persons: dict[int, Person] = field(default_factory=dict)
    summaries: dict[int, ResolvedPerson] = field(default_factory=dict)
    #: the reviewers' undone links of the case (a run's new persons have none yet)
    undone: dict[int, int] | None = None


def candidates_elsewhere(case: Case, skey: str, lookups: Lookups | None = None) -> list[Candidate]:
    """Persons of the organization's other cases whose surname is ``skey`` or a spelling of
    it (one letter apart, or nearly alike), closest surnames first."""
    if len(skey) < 2:
        return []
    lookups = lookups if lookups is not None else Lookups()
    heads, tails = nearby_blocks(skey)
    # two queries, one per blocking key, so that each is answered from its own index
    # (an OR of the two lets a database scan the organization's names instead)
    names = ResolvedName.objects.filter(organization=case.organization_id).exclude(case=case)
    rows: list[tuple[str, int]] = []
    for column, keys in (("surname_head", heads), ("surname_tail", tails)):
        block = (column, ",".join(sorted(keys)))
        if block not in lookups.names:
            # distinct: an actor linked across many cases has the same name in each of them
            lookups.names[block] = list(
                names.filter(**{f"{column}__in": keys})
                .order_by()
                .values_list("name_key", "person_id")
                .distinct()[:NAME_ROWS]
            )
        rows += lookups.names[block]
    score_of: dict[int, float] = {}
    similarity: dict[str, float | None] = {}
    for name_key, person_id in rows:
        other = name_key.split("|", 1)[0]
        if other not in similarity:
            similarity[other] = surname_similarity(skey, other)
        score = similarity[other]
        if score is not None and score > score_of.get(person_id, -1.0):
            score_of[person_id] = score
    closest = sorted(score_of, key=lambda pid: (-score_of[pid], pid))[:PERSONS]
    _read_samples([pid for pid in closest if pid not in lookups.samples], lookups)
    roles = {pid: lookups.samples[pid][0] for pid in closest}
    agencies = {pid: lookups.samples[pid][1] for pid in closest}
    years = {pid: lookups.samples[pid][2] for pid in closest}
    missing = [pid for pid in closest if pid not in lookups.persons]
    if missing:
        lookups.persons.update(Person.objects.in_bulk(missing))
    found: dict[int, Candidate] = {}
    for person in (lookups.persons[pid] for pid in closest if pid in lookups.persons):
        summary = lookups.summaries.get(person.pk)
        if summary is None:
            summary = lookups.summaries[person.pk] = summary_of(person, roles[person.pk])
            summary.agencies, summary.years = agencies[person.pk], years[person.pk]
        # (the stored name is the person's display name: a reviewer may have renamed it)
        score = surname_similarity(skey, surname_key(summary.surname))
        found[person.pk] = Candidate(person, summary, score if score is not None else score_of[person.pk])
    # persons a user entered in another case's roles (not named by the record there): read
    # once a run (a name's substring is no index lookup)
    if lookups.case_roles is None:
        lookups.case_roles = list(
            CaseRole.objects.filter(case__organization=case.organization_id)
            .exclude(case=case)
            .select_related("person")
        )
    case_roles = [
        r for r in lookups.case_roles if skey in r.person.full_name.lower() and r.person_id not in found
    ]
    for case_role in case_roles[:PERSONS]:
        role = CASE_ROLE_TO_ROLE.get(case_role.role, "")
        summary = summary_of(case_role.person, Counter({role: 1}) if role else Counter())
        if surname_key(summary.surname) == skey:
            found.setdefault(case_role.person.pk, Candidate(case_role.person, summary, 100.0))
    return sorted(found.values(), key=lambda c: (-c.surname_score, c.person.pk))


def _read_samples(person_ids: list[int], lookups: Lookups) -> None:
    """What the record says of each of these persons (title roles, agency and year of the
    pages that name them: extraction/agencies.py, on mention attrs), from a bounded sample of
    each one's mentions: a detective named in hundreds of the organization's cases has
    hundreds of thousands, and reading them all for every new case made a docket's resolution
    quadratic in its cases. One query for all of them, in person order, at most SAMPLE_ROWS a
    person counted; a person the others' rows crowded out of it is read on its own."""
    if not person_ids:
        return
    for pid in person_ids:
        lookups.samples[pid] = (Counter(), Counter(), Counter())
    seen: Counter[int] = Counter()
    budget = SAMPLE_ROWS * len(person_ids)
    rows = (
        Mention.objects.filter(person_id__in=person_ids, kind="person")
        .order_by("person_id")
        .values_list("person_id", "title_role", "attrs__agency", "attrs__year")[:budget]
    )
    read = 0
    for row in rows:
        read += 1
        if seen[row[0]] < SAMPLE_ROWS:
            seen[row[0]] += 1
            _count(lookups.samples[row[0]], row[1:])
    if read < budget:
        return
    for pid in person_ids:
        if not seen[pid]:
            for alone in (
                Mention.objects.filter(person_id=pid, kind="person")
                .order_by()
                .values_list("title_role", "attrs__agency", "attrs__year")[:SAMPLE_ROWS]
            ):
                _count(lookups.samples[pid], alone)


def _count(sample: tuple[Counter[str], Counter[str], Counter[int]], row: tuple[Any, ...]) -> None:
    role, agency, year = row
    if isinstance(role, str) and role:
        sample[0][role] += 1
    if isinstance(agency, str) and agency:
        sample[1][agency] += 1
    if isinstance(year, int) and year:
        sample[2][year] += 1
