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

from collections import Counter, defaultdict
from dataclasses import dataclass

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
SAMPLE_ROWS = 2000


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


def candidates_elsewhere(case: Case, skey: str) -> list[Candidate]:
    """Persons of the organization's other cases whose surname is ``skey`` or a spelling of
    it (one letter apart, or nearly alike), closest surnames first."""
    if len(skey) < 2:
        return []
    heads, tails = nearby_blocks(skey)
    # two queries, one per blocking key, so that each is answered from its own index
    # (an OR of the two lets a database scan the organization's names instead)
    names = ResolvedName.objects.filter(organization=case.organization_id).exclude(case=case)
    rows = [
        *names.filter(surname_head__in=heads).values_list("name_key", "person_id")[:NAME_ROWS],
        *names.filter(surname_tail__in=tails).values_list("name_key", "person_id")[:NAME_ROWS],
    ]
    score_of: dict[int, float] = {}
    for name_key, person_id in rows:
        score = surname_similarity(skey, name_key.split("|", 1)[0])
        if score is not None and score > score_of.get(person_id, -1.0):
            score_of[person_id] = score
    closest = sorted(score_of, key=lambda pid: (-score_of[pid], pid))[:PERSONS]
    # What the record says of each of them (title roles, agency and year of the pages that name
    # them: extraction/agencies.py, on mention attrs), read from a bounded sample of each one's
    # mentions: a detective named in hundreds of the organization's cases has hundreds of
    # thousands, and reading them all for every new case made a docket's resolution quadratic
    # in its cases. The person's first mentions say what kind of actor they are as well.
    roles: dict[int, Counter[str]] = defaultdict(Counter)
    agencies: dict[int, Counter[str]] = defaultdict(Counter)
    years: dict[int, Counter[int]] = defaultdict(Counter)
    for person_id in closest:
        for role, agency, year in (
            Mention.objects.filter(person_id=person_id, kind="person")
            .order_by()
            .values_list("title_role", "attrs__agency", "attrs__year")[:SAMPLE_ROWS]
        ):
            if role:
                roles[person_id][role] += 1
            if isinstance(agency, str) and agency:
                agencies[person_id][agency] += 1
            if isinstance(year, int) and year:
                years[person_id][year] += 1
    found: dict[int, Candidate] = {}
    for person in Person.objects.filter(pk__in=closest):
        summary = summary_of(person, roles[person.pk])
        summary.agencies, summary.years = agencies[person.pk], years[person.pk]
        # (the stored name is the person's display name: a reviewer may have renamed it)
        score = surname_similarity(skey, surname_key(summary.surname))
        found[person.pk] = Candidate(person, summary, score if score is not None else score_of[person.pk])
    # persons a user entered in another case's roles (not named by the record there)
    case_roles = (
        CaseRole.objects.filter(case__organization=case.organization_id, person__full_name__icontains=skey)
        .exclude(case=case)
        .exclude(person_id__in=list(found))
        .select_related("person")
    )
    for case_role in case_roles[:PERSONS]:
        role = CASE_ROLE_TO_ROLE.get(case_role.role, "")
        summary = summary_of(case_role.person, Counter({role: 1}) if role else Counter())
        if surname_key(summary.surname) == skey:
            found.setdefault(case_role.person.pk, Candidate(case_role.person, summary, 100.0))
    return sorted(found.values(), key=lambda c: (-c.surname_score, c.person.pk))
