"""Writes of the actor network: one case's appearances and co-appearances, recomputed from
the people app's actor index when that case's people change.

Incremental by construction: a new document touches one case, and only that case's rows
are read and rewritten (``refresh_case``); ``rebuild_all`` (the CLI's ``--rebuild`` and the
benchmark's baseline) does every case. The people app tells us through the registry's
``case_people_changed`` hook (after a resolution run, a case role added or removed) and a
merge through ``person_merge``; both only queue ``network.refresh_case`` jobs, coalesced
per case, so a burst of files makes one refresh."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from django.db import transaction

from innocence.cases.models import Case
from innocence.people.extraction.vocabulary import case_role_for
from innocence.people.models import CaseRole, Mention, MentionKind, Person

from .models import Appearance, CoAppearance

TASK = "network.refresh_case"

#: A clause of a case role's description that names an agency ("lead detective, Lakeside
#: Parish Sheriff (fictional)" → "Lakeside Parish Sheriff").
_AGENCY_WORDS = re.compile(
    r"\b(sheriff|police|department|dept|office|laboratory|lab|bureau|attorney general|district attorney|"
    r"public defender|state patrol|troopers?|marshals?|crime lab|medical examiner|coroner|P\.?D\.?)\b",
    re.IGNORECASE,
)


def agencies_in(description: str) -> list[str]:
    found = []
    for clause in re.split(r"[,;]", description or ""):
        clause = re.sub(r"\((?:fictional|FICTIONAL)\)", "", clause).strip(" .")
        if clause and _AGENCY_WORDS.search(clause):
            found.append(clause[:120])
    return found


@dataclass
class Refreshed:
    case_id: int
    appearances: int
    pairs: int


def cases_changed(case_ids: list[int]) -> None:
    """The registry hook: queue a refresh of each case (coalesced with a waiting one)."""
    from innocence.jobs.queue import enqueue_coalesced

    for case_id in sorted(set(case_ids)):
        enqueue_coalesced(TASK, {"case_id": int(case_id)}, key=("case_id",))


def person_merged(*, from_person: Person, to_person: Person) -> None:
    """The merge hook: the cases of both persons are refreshed (the merged-away person's
    rows go with them when they are deleted)."""
    ids = set(
        Appearance.objects.filter(person__in=[from_person, to_person]).values_list("case_id", flat=True)
    )
    ids |= set(CaseRole.objects.filter(person__in=[from_person, to_person]).values_list("case_id", flat=True))
    cases_changed(sorted(ids))


def refresh_case(case_id: int) -> Refreshed:
    """Recompute one case's rows from its case roles and resolved person mentions. Reads
    outside a transaction, writes in one short one; idempotent."""
    if not Case.objects.filter(pk=case_id).exists():
        return Refreshed(case_id, 0, 0)
    case_roles: dict[int, list[str]] = defaultdict(list)
    agencies: dict[int, list[str]] = defaultdict(list)
    for person_id, role, description in CaseRole.objects.filter(case_id=case_id).values_list(
        "person_id", "role", "description"
    ):
        case_roles[person_id].append(role)
        agencies[person_id] += agencies_in(description)
    record_roles: dict[int, Counter[str]] = defaultdict(Counter)
    mentions: Counter[int] = Counter()
    pages_of: dict[int, set[int]] = defaultdict(set)
    documents_of: dict[int, set[int]] = defaultdict(set)
    rows = (
        Mention.objects.filter(case_id=case_id, kind=MentionKind.PERSON, person__isnull=False)
        .values_list("person_id", "page_id", "page__document_id", "title_role")
        .order_by()
    )
    for person_id, page_id, document_id, title_role in rows.iterator(chunk_size=5000):
        mentions[person_id] += 1
        pages_of[person_id].add(page_id)
        documents_of[person_id].add(document_id)
        kind = case_role_for(title_role) if title_role else ""
        if kind:
            record_roles[person_id][kind] += 1
    people = sorted(set(case_roles) | set(mentions))
    appearances = [
        Appearance(
            case_id=case_id,
            person_id=pid,
            case_roles=sorted(set(case_roles.get(pid, []))),
            record_roles=[k for k, _ in record_roles[pid].most_common() if k not in case_roles.get(pid, [])],
            agencies=sorted(set(agencies.get(pid, []))),
            mentions=mentions.get(pid, 0),
            pages=len(pages_of.get(pid, ())),
            documents=len(documents_of.get(pid, ())),
        )
        for pid in people
    ]
    shared_pages = _pairs(pages_of)
    shared_documents = _pairs(documents_of)
    pairs = [
        CoAppearance(
            case_id=case_id,
            person_a_id=a,
            person_b_id=b,
            shared_pages=shared_pages.get((a, b), 0),
            shared_documents=shared_documents.get((a, b), 0),
        )
        for a, b in sorted(set(shared_pages) | set(shared_documents))
    ]
    with transaction.atomic():
        Appearance.objects.filter(case_id=case_id).delete()
        CoAppearance.objects.filter(case_id=case_id).delete()
        Appearance.objects.bulk_create(appearances, batch_size=500)
        CoAppearance.objects.bulk_create(pairs, batch_size=500)
    return Refreshed(case_id, len(appearances), len(pairs))


def _pairs(places_of: dict[int, set[int]]) -> Counter[tuple[int, int]]:
    """(a, b) → how many places (pages, documents) both are named in."""
    people_at: dict[int, list[int]] = defaultdict(list)
    for person_id, places in places_of.items():
        for place in places:
            people_at[place].append(person_id)
    counts: Counter[tuple[int, int]] = Counter()
    for persons in people_at.values():
        for a, b in combinations(sorted(persons), 2):
            counts[(a, b)] += 1
    return counts


def refresh_cases(case_ids: Iterable[int]) -> list[Refreshed]:
    return [refresh_case(int(c)) for c in case_ids]


def rebuild_all(*, organization: Any = None) -> list[Refreshed]:
    """Every case (of one organization): the full rebuild, for the CLI and the benchmark."""
    cases = Case.objects.all() if organization is None else Case.objects.filter(organization=organization)
    return refresh_cases(cases.order_by("pk").values_list("pk", flat=True))
