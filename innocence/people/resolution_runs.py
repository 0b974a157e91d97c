"""When, and over what, people resolution runs — the orchestration, not the matching rules
(those live in :mod:`.resolution`, :mod:`.linking` and :mod:`.known_names`).

- Always on the job queue (``people.resolve_case``), never in a web request: extraction,
  a hand correction, a reviewer's merge or split only *schedule* it.
- A small case is resolved in full after every change (cheap, and exactly what a full
  re-run gives).
- A big case (more than ``INNOCENCE_PEOPLE_INCREMENTAL_MENTIONS`` person mentions) is
  resolved *incrementally*: the new mentions are clustered with the case's mentions of
  nearby surnames (the same blocks :func:`~.resolution.resolve_case` compares) and joined
  to the persons those already resolved to; nothing else of the case is read or written.
  A full re-run follows on a schedule (``INNOCENCE_PEOPLE_FULL_RESOLVE_DELAY`` seconds
  after the first change, one per case however many files arrive) and on demand
  (``innocence extract``, the "read again" button).
- Every run reads and clusters outside a transaction and writes in short ones.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import transaction

from innocence.cases.models import Case
from innocence.core import locks
from innocence.documents.models import Page

from .events import case_people_changed
from .extraction import extractor_version
from .known_names import find_known_names, known_names_of
from .models import LinkStatus, Mention, MentionKind, MentionSource, Person, PersonLink, ResolvedName
from .resolution import ResolvedPerson, _blocks, resolve_case

log = logging.getLogger(__name__)

TASK = "people.resolve_case"
FULL = "full"
INCREMENTAL = "incremental"


def incremental_from() -> int:
    return int(getattr(settings, "INNOCENCE_PEOPLE_INCREMENTAL_MENTIONS", 5000))


def full_resolve_delay() -> float:
    return float(getattr(settings, "INNOCENCE_PEOPLE_FULL_RESOLVE_DELAY", 600))


def schedule_resolution(case_id: int, *, page_ids: list[int] | None = None, delay: float = 0) -> None:
    """Queue the resolution of a case: over these pages' new mentions (``page_ids``), or in
    full (``page_ids=None``). Jobs of one case waiting in the queue are coalesced."""
    from innocence.jobs.queue import enqueue_coalesced

    if page_ids is None:
        enqueue_coalesced(TASK, {"case_id": case_id, "mode": FULL}, key=("case_id", "mode"), delay=delay)
    else:
        enqueue_coalesced(
            TASK,
            {"case_id": case_id, "mode": INCREMENTAL, "page_ids": sorted(set(page_ids))},
            key=("case_id", "mode"),
            union="page_ids",
        )


def run(payload: dict[str, Any]) -> str:
    """The job. Returns how it resolved ("full" or "incremental"), for tests and logs."""
    from . import extraction_service

    case_id = int(payload.get("case_id") or 0)
    if not Case.objects.filter(pk=case_id).exists():
        return ""
    if payload.get("mode") != INCREMENTAL:
        extraction_service.resolve_case_by_id(case_id)
        return FULL
    page_ids = [int(i) for i in payload.get("page_ids", [])]
    person_mentions = Mention.objects.filter(case_id=case_id, kind=MentionKind.PERSON)
    if (
        person_mentions.count() <= incremental_from()
        or not ResolvedName.objects.filter(case_id=case_id).exists()
    ):
        extraction_service.resolve_case_by_id(case_id)
        return FULL
    resolve_new_mentions(case_id, page_ids)
    schedule_resolution(case_id, delay=full_resolve_delay())
    return INCREMENTAL


def _surname_of(key: str) -> str:
    return key.split("|", 1)[0]


def case_lock(case_id: int) -> Any:
    """One resolution of a case at a time, on any worker of any machine, and beside
    ``innocence extract``: a job queued while another ran (a file added meanwhile) is not merged
    with the running one, and two runs clustering the same new names at once would each create
    the persons the other was creating. The second waits for the first, then reads what it
    wrote."""
    return locks.held(f"people-resolution-case-{case_id}")


def resolve_new_mentions(case_id: int, page_ids: list[int]) -> int:
    """Join the person mentions of these pages to the case's persons; returns how many
    mentions were attached. Reads only the mentions of nearby surnames."""
    with case_lock(case_id):
        return _resolve_new_mentions(case_id, page_ids)


def _resolve_new_mentions(case_id: int, page_ids: list[int]) -> int:
    from .extraction_service import _mention_row, _person_for, _records, constraints_for

    case = Case.objects.select_related("organization").get(pk=case_id)
    person_mentions = Mention.objects.filter(case=case, kind=MentionKind.PERSON)
    new_rows = list(person_mentions.filter(page_id__in=page_ids))
    if not new_rows:
        return 0
    blocks = {b for row in new_rows if row.name_key for b in _blocks(_surname_of(row.name_key))}
    keys = set(person_mentions.exclude(name_key="").values_list("name_key", flat=True).distinct())
    near = sorted(k for k in keys if set(_blocks(_surname_of(k))) & blocks)
    rows: dict[int, Mention] = {row.pk: row for row in new_rows}
    for start in range(0, len(near), 500):
        for row in list(person_mentions.filter(name_key__in=near[start : start + 500])):
            rows.setdefault(row.pk, row)
    new_ids = {row.pk for row in new_rows}
    constraints = constraints_for(case)
    persons = resolve_case(_records(list(rows.values()), case.pk), constraints)
    known = known_names_of(persons)
    if known:
        taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for row in new_rows:
            taken[row.page_id].append((row.start, row.end))
        version = extractor_version()
        found: list[Mention] = []
        for page in list(
            Page.objects.filter(pk__in=page_ids, document__case=case).only(
                "pk", "text", "text_version", "document_id"
            )
        ):
            for mention in find_known_names(page.text or "", known, taken[page.pk]):
                found.append(_mention_row(case.pk, page, mention, version))
        if found:
            with transaction.atomic():
                Mention.objects.filter(page_id__in=page_ids, source=MentionSource.KNOWN_NAME).delete()
                created = Mention.objects.bulk_create(found, batch_size=500)
            for row in created:
                if row.pk is not None:
                    rows[row.pk] = row
                    new_ids.add(row.pk)
            persons = resolve_case(_records(list(rows.values()), case.pk), constraints)
    touched = [p for p in persons if any(a.mention_id in new_ids for a in p.attachments)]
    with transaction.atomic():
        attached = _attach(case, rows, touched, new_ids, _person_for)
        case_people_changed([case.pk])
        return attached


def _attach(
    case: Case,
    rows: dict[int, Mention],
    persons: list[ResolvedPerson],
    new_ids: set[int],
    person_for: Any,
) -> int:
    from .extraction_service import write_links

    existing = dict(ResolvedName.objects.filter(case=case).values_list("name_key", "person_id"))
    role_people = list(Person.objects.filter(case_roles__case=case).distinct().prefetch_related("case_roles"))
    used: set[int] = set(existing.values())
    updates: list[Mention] = []
    names: dict[str, int] = {}
    for resolved in sorted(persons, key=lambda p: -len(p.attachments)):
        person, link = person_for(case, resolved, existing, role_people, used)
        used.add(person.pk)
        for attachment in resolved.attachments:
            if attachment.mention_id not in new_ids:
                continue  # mentions resolved before keep their person until the full re-run
            row = rows[attachment.mention_id]
            row.person_id = person.pk
            row.link_confidence = attachment.confidence
            row.link_reasons = attachment.reasons
            updates.append(row)
        for variant in resolved.variants:
            if variant not in existing:
                names[variant] = person.pk
        if link is not None:
            a, b, confidence, reasons = link
            pair_a, pair_b = sorted([a, b], key=lambda p: p.pk)
            stored, created = PersonLink.objects.get_or_create(
                person_a=pair_a,
                person_b=pair_b,
                defaults={"organization": case.organization, "confidence": confidence, "reasons": reasons},
            )
            if not created and stored.status in (LinkStatus.PROPOSED, LinkStatus.AUTO):
                stored.confidence, stored.reasons = confidence, reasons
                stored.save(update_fields=["confidence", "reasons"])
    write_links(updates)
    ResolvedName.objects.bulk_create(
        [ResolvedName(case=case, name_key=variant[:200], person_id=pid) for variant, pid in names.items()],
        ignore_conflicts=True,
        batch_size=500,
    )
    return len(updates)
