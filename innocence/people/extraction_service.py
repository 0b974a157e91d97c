"""Extraction and resolution against the database.

The documents pipeline calls :func:`extract_pages_by_id` after it writes or corrects page
text (settings.INNOCENCE_PAGE_TEXT_CONSUMERS). Re-running is idempotent: a page's machine
mentions are replaced, human ones kept, and the affected cases are resolved again with every
human decision (:class:`~.models.ResolutionDecision`) applied.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from innocence.cases.models import Case
from innocence.core.bulk import insert_rows
from innocence.documents.models import Page

from .cross_case import Lookups, candidates_elsewhere
from .events import case_people_changed
from .extraction import ExtractedMention, extract_page, extractor_version
from .known_names import find_known_names, known_names_of
from .linking import rare_variant_links, score_pair
from .models import (
    DecisionAction,
    LinkStatus,
    Mention,
    MentionKind,
    MentionSource,
    Person,
    PersonLink,
    PersonOrigin,
    ResolutionDecision,
    ResolvedName,
)
from .pipeline import title_role_of
from .resolution import (
    AUTO_LINK,
    PROPOSE_LINK,
    Constraints,
    NameMention,
    ResolvedPerson,
    given_compatible,
    name_key,
    resolve_case,
    split_name,
    surname_key,
)

log = logging.getLogger(__name__)


class ExtractionError(RuntimeError):
    """Some pages could not be read for people; the others were."""


#: The columns of a machine mention, in the order :func:`_mention_row` gives them.
MENTION_FIELDS = (
    "case", "page", "kind", "text", "normalized", "start", "end", "context", "role_hint", "title_role",
    "attrs", "name_key", "link_reasons", "source", "extractor_version", "text_version", "created_at",
)


def _mention_row(case_id: int, page: Page, found: ExtractedMention, version: str) -> Mention:
    values = _mention_values(case_id, page, found, version, timezone.now())
    return Mention(**{_ATTNAMES.get(name, name): value for name, value in zip(MENTION_FIELDS, values, strict=True)})


_ATTNAMES = {"case": "case_id", "page": "page_id"}


def _mention_values(case_id: int, page: Page, found: ExtractedMention, version: str, now: Any) -> tuple[Any, ...]:
    given = str(found.attrs.get("given", ""))
    surname = str(found.attrs.get("surname", ""))
    return (
        case_id,
        page.pk,
        found.kind,
        found.text[:500],
        found.normalized[:300],
        found.start,
        found.end,
        found.context,
        found.role_hint[:30],
        title_role_of(found)[:30],
        found.attrs,
        name_key(given, surname)[:200] if found.kind == MentionKind.PERSON else "",
        [],
        MentionSource.EXTRACTED if found.attrs.get("cue") != "known-name" else MentionSource.KNOWN_NAME,
        version,
        page.text_version,
        now,
    )


#: Pages read (completely) before their mentions are written, in one short transaction.
READ_CHUNK = 200


def page_ranges(numbers: Iterable[int]) -> str:
    """ "3–7, 12" for the page numbers 3, 4, 5, 6, 7, 12."""
    ordered = sorted(set(numbers))
    parts: list[str] = []
    i = 0
    while i < len(ordered):
        j = i
        while j + 1 < len(ordered) and ordered[j + 1] == ordered[j] + 1:
            j += 1
        parts.append(str(ordered[i]) if i == j else f"{ordered[i]}–{ordered[j]}")
        i = j + 1
    return ", ".join(parts)


def extract_pages_by_id(page_ids: list[int]) -> None:
    """Re-extract these pages (replacing their machine mentions), then queue the resolution
    of their cases (:func:`~.resolution_runs.schedule_resolution`: never inline, never in a
    web request).

    Each chunk of pages is read to the end *before* its mentions are written, and written in
    one short transaction: a read cursor left open across writes makes every write after any
    other connection's commit fail on SQLite ("database is locked"), which used to drop
    pages silently. A page that cannot be read or written fails the job (the queue retries
    it and shows the reason on the document); the pages of the other chunks are kept.
    """
    from .resolution_runs import schedule_resolution

    extracted = _extract_pages(page_ids)
    for case_id, ids in sorted(extracted.items()):
        schedule_resolution(case_id, page_ids=ids)


def _extract_pages(page_ids: list[int]) -> dict[int, list[int]]:
    """Extract and store; returns the ids of the pages written, by case. Raises
    :class:`ExtractionError` naming the pages that failed (after writing the others)."""
    version = extractor_version()
    failed: dict[tuple[int, str], list[int]] = defaultdict(list)  # (document, reason) -> pages
    titles: dict[int, str] = {}
    cases: dict[int, list[int]] = defaultdict(list)
    ids = sorted({int(i) for i in page_ids})
    for start in range(0, len(ids), READ_CHUNK):
        pages = list(
            Page.objects.filter(pk__in=ids[start : start + READ_CHUNK])
            .select_related("document")
            # what is used: a whole document row per page (its JSON fields decoded) cost more
            # than reading the page
            .only("id", "number", "text", "text_version", "document_id", "document__case_id", "document__title")
            .order_by("pk")
        )
        rows: list[tuple[Any, ...]] = []
        written: list[Page] = []
        now = timezone.now()
        for page in pages:
            case_id = page.document.case_id
            if case_id is None:
                continue  # an intake letter without a case: people are resolved per case
            titles[page.document_id] = page.document.title
            try:
                found = extract_page(page.text)
            except Exception as exc:
                log.exception("people extraction failed for page %s", page.pk)
                failed[(page.document_id, f"{type(exc).__name__}: {exc}")].append(page.number)
                continue
            rows.extend(_mention_values(case_id, page, m, version, now) for m in found)
            written.append(page)
        if not written:
            continue
        try:
            with transaction.atomic():
                Mention.objects.filter(page__in=[p.pk for p in written]).exclude(
                    source=MentionSource.HUMAN
                ).delete()
                insert_rows(Mention, MENTION_FIELDS, rows)
        except Exception as exc:
            log.exception("people mentions could not be written for pages %s…", written[0].pk)
            for page in written:
                failed[(page.document_id, f"{type(exc).__name__}: {exc}")].append(page.number)
            continue
        for page in written:
            cases[int(page.document.case_id or 0)].append(page.pk)
    if failed:
        from .resolution_runs import schedule_resolution

        for case_id, written_ids in cases.items():  # what was read is resolved all the same
            schedule_resolution(case_id, page_ids=written_ids)
        raise ExtractionError(
            "; ".join(
                f"people not extracted from page(s) {page_ranges(numbers)} of '{titles.get(doc, doc)}': {reason}"
                for (doc, reason), numbers in list(failed.items())[:10]
            )
        )
    return dict(cases)


def extract_case(case: Case) -> int:
    """Re-extract every page of a case, then resolve it fully (a queue job, the CLI or the
    demo; never a web request). Returns the number of pages read."""
    ids = list(Page.objects.filter(document__case=case).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        _extract_pages(ids[start : start + 500])
    resolve_case_by_id(case.pk)
    return len(ids)


def constraints_for(case: Case) -> Constraints:
    constraints = Constraints()
    decisions = ResolutionDecision.objects.filter(
        Q(case=case) | Q(case__isnull=True, organization=case.organization_id)
    )
    for decision in decisions.order_by("at", "id"):
        if decision.action == DecisionAction.SPLIT and decision.keep_keys and decision.move_keys:
            constraints.splits.append((frozenset(decision.keep_keys), frozenset(decision.move_keys)))
        elif decision.action == DecisionAction.MERGE and decision.keep_keys and decision.move_keys:
            constraints.merges.append((decision.keep_keys[0], decision.move_keys[0]))
    return constraints


def _records(rows: Iterable[Mention], case_id: int) -> list[NameMention]:
    return [
        NameMention(
            id=row.pk,
            case_id=case_id,
            given=str(row.attrs.get("given", "")),
            surname=str(row.attrs.get("surname", "")),
            role=row.role_hint,
            title_role=row.title_role,
            page_id=row.page_id,
            gender=str(row.attrs.get("gender", "")),
            middle=str(row.attrs.get("middle", "")),
            cue=str(row.attrs.get("cue", "")),
            partner=str(row.attrs.get("partner", "")),
            agency=str(row.attrs.get("agency", "")),
            year=int(row.attrs.get("year", 0) or 0),
        )
        for row in rows
    ]


def resolve_case_by_id(case_id: int) -> None:
    """Resolve every person mention of the case again: the full run (on demand, after a
    human decision, on a schedule; small cases after every change).

    Reading and clustering happen outside any transaction; the writes come in two short
    ones (the known-name mentions, then the persons), and only rows whose person or link
    changed are written — so a web request's audit row or note never waits behind a whole
    case. A page re-extracted meanwhile has its own resolution queued. Never beside another
    resolution of the case (:func:`~.resolution_runs.case_lock`)."""
    from .resolution_runs import case_lock

    with case_lock(case_id):
        _resolve_case_by_id(case_id)


_RESOLUTION_FIELDS = (
    "id", "page_id", "start", "end", "text", "source", "attrs", "role_hint", "title_role",
    "person_id", "link_confidence", "link_reasons",
)


def _resolve_case_by_id(case_id: int) -> None:
    case = Case.objects.select_related("organization").get(pk=case_id)
    version = extractor_version()
    constraints = constraints_for(case)
    # only what clustering, the known-name spots and the link writes read (not the context,
    # the longest column)
    person_rows = Mention.objects.filter(case=case, kind=MentionKind.PERSON).only(*_RESOLUTION_FIELDS)
    rows = list(person_rows.exclude(source=MentionSource.KNOWN_NAME))
    first = resolve_case(_records(rows, case.pk), constraints)
    known = known_names_of(first)
    new: list[Mention] = []
    if known:
        taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for row in rows:
            taken[row.page_id].append((row.start, row.end))
        page_ids = list(Page.objects.filter(document__case=case).order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(page_ids), READ_CHUNK):
            for page in list(
                Page.objects.filter(pk__in=page_ids[start : start + READ_CHUNK]).only(
                    "pk", "text", "text_version", "document_id"
                )
            ):
                for found in find_known_names(page.text or "", known, taken[page.pk]):
                    new.append(_mention_row(case.pk, page, found, version))

    # Known-name mentions found again are kept as they are (with their person): only the
    # ones that vanished are deleted and only new ones created, so a re-run over an
    # unchanged case writes (almost) nothing.
    def spot(row: Mention) -> tuple[int, int, int, str]:
        return (row.page_id, row.start, row.end, row.text)

    stored = {spot(row): row for row in person_rows.filter(source=MentionSource.KNOWN_NAME)}
    wanted = {spot(row): row for row in new}
    with transaction.atomic():
        gone = [row.pk for key, row in stored.items() if key not in wanted]
        for start in range(0, len(gone), 500):
            Mention.objects.filter(pk__in=gone[start : start + 500]).delete()
        created = Mention.objects.bulk_create(
            [row for key, row in wanted.items() if key not in stored], batch_size=500
        )
    kept = [row for key, row in stored.items() if key in wanted]
    # (a database that does not return the new ids is read again)
    if not kept and not created:
        persons = first  # the same mentions, so the same persons (clustering is deterministic)
    else:
        rows = list(person_rows) if any(row.pk is None for row in created) else [*rows, *kept, *created]
        persons = resolve_case(_records(rows, case.pk), constraints)
    with transaction.atomic():
        _store(case, rows, persons)
        case_people_changed([case.pk])


def write_links(rows: list[Mention]) -> None:
    """Write the person and link of these mentions: one UPDATE per distinct (person,
    confidence, reasons) — most mentions of a person share them — instead of a CASE per row,
    which SQLite executes slowly while holding the write lock."""
    import json

    groups: dict[tuple[int | None, float | None, str], list[int]] = defaultdict(list)
    for row in rows:
        reasons = json.dumps(row.link_reasons, sort_keys=True)
        groups[(row.person_id, row.link_confidence, reasons)].append(row.pk)
    for (person_id, confidence, reasons), ids in groups.items():
        for start in range(0, len(ids), 500):
            Mention.objects.filter(pk__in=ids[start : start + 500]).update(
                person_id=person_id, link_confidence=confidence, link_reasons=json.loads(reasons)
            )


def _store(case: Case, rows: list[Mention], persons: list[ResolvedPerson]) -> None:
    by_id = {row.pk: row for row in rows}
    before = {row.pk: (row.person_id, row.link_confidence, row.link_reasons) for row in rows}
    existing = dict(ResolvedName.objects.filter(case=case).values_list("name_key", "person_id"))
    role_people = list(Person.objects.filter(case_roles__case=case).distinct().prefetch_related("case_roles"))
    used: set[int] = set()
    assignments: list[tuple[ResolvedPerson, Person]] = []
    proposals: list[tuple[Person, Person, float, list[str]]] = []
    lookups = Lookups()
    for resolved in sorted(persons, key=lambda p: -len(p.attachments)):
        person, link = _person_for(case, resolved, existing, role_people, used, lookups)
        used.add(person.pk)
        assignments.append((resolved, person))
        if link is not None:
            proposals.append(link)
    confirmed = {
        key
        for keys in ResolutionDecision.objects.filter(case=case, action=DecisionAction.CONFIRM).values_list(
            "keep_keys", flat=True
        )
        for key in keys
    }
    updates: list[Mention] = []
    names: dict[str, int] = {}
    for resolved, person in assignments:
        for attachment in resolved.attachments:
            row = by_id[attachment.mention_id]
            row.person_id = person.pk
            if attachment.variant in confirmed:
                row.link_confidence = 1.0
                row.link_reasons = [*attachment.reasons, "confirmed by a reviewer"]
            else:
                row.link_confidence = attachment.confidence
                row.link_reasons = attachment.reasons
            updates.append(row)
        for variant in resolved.variants:
            names[variant] = person.pk
    # only what changed: a re-run over an unchanged case writes (almost) nothing
    updates = [
        row for row in updates if before[row.pk] != (row.person_id, row.link_confidence, row.link_reasons)
    ]
    write_links(updates)
    ResolvedName.objects.filter(case=case).exclude(name_key__in=list(names)).delete()
    ResolvedName.objects.bulk_create(
        [
            ResolvedName(case=case, name_key=variant[:200], person_id=person_id)
            for variant, person_id in names.items()
        ],
        update_conflicts=True,
        unique_fields=["case", "name_key"],
        update_fields=["person", "updated_at"],
        batch_size=500,
    )
    person_of = {(resolved.case_id, resolved.key): person for resolved, person in assignments}
    for rare in rare_variant_links(persons):
        a, b = person_of.get(rare.a), person_of.get(rare.b)
        if a is not None and b is not None and a.pk != b.pk:
            proposals.append((a, b, rare.confidence, rare.reasons))
    for a, b, confidence, reasons in proposals:
        pair_a, pair_b = sorted([a, b], key=lambda p: p.pk)
        stored, created = PersonLink.objects.get_or_create(
            person_a=pair_a,
            person_b=pair_b,
            defaults={"organization": case.organization, "confidence": confidence, "reasons": reasons},
        )
        if not created and stored.status in (LinkStatus.PROPOSED, LinkStatus.AUTO):
            stored.confidence, stored.reasons = confidence, reasons
            stored.save(update_fields=["confidence", "reasons"])
    _remove_orphans(
        case,
        {person_id for person_id, _, _ in before.values() if person_id} | set(existing.values()),
    )


def _person_for(
    case: Case,
    resolved: ResolvedPerson,
    existing: dict[str, int],
    role_people: list[Person],
    used: set[int],
    lookups: Lookups | None = None,
) -> tuple[Person, tuple[Person, Person, float, list[str]] | None]:
    # 1. the person these names resolved to before (keeps identity, human merges and detachments)
    votes: Counter[int] = Counter()
    for variant, count in resolved.variants.items():
        if variant in existing:
            votes[existing[variant]] += count
    for person_id, _ in votes.most_common():
        # (two clusters may share a person: a reviewer merged them)
        person = Person.objects.filter(pk=person_id).first()
        if person is not None:
            return person, None
    # 2. a person already named in the case's roles
    skey = surname_key(resolved.surname)
    for person in role_people:
        if person.pk in used:
            continue
        for name in [person.full_name, *person.aliases]:
            given, surname = split_name(name)
            if surname_key(surname) == skey and given_compatible(given, resolved.given)[0]:
                return person, None
    # 3. the same actor in another case of the organization — unless a reviewer undid that
    # link for this case (human decisions win over every later run)
    best: tuple[float, list[str], Person] | None = None
    lookups = lookups if lookups is not None else Lookups()
    if lookups.undone is None:
        lookups.undone = undone_links(case)
    undone = lookups.undone
    for candidate in candidates_elsewhere(case, skey, lookups):
        if candidate.person.pk in used:
            continue
        if candidate.person.pk in undone:
            kept_apart = Person.objects.filter(pk=undone[candidate.person.pk]).first()
            if kept_apart is not None and surname_key(split_name(kept_apart.full_name)[1]) == skey:
                return kept_apart, None
            continue
        link = score_pair(resolved, candidate.summary, candidate.surname_score)
        if link is not None and (best is None or link.confidence > best[0]):
            best = (link.confidence, link.reasons, candidate.person)
    if best is not None and best[0] >= AUTO_LINK:
        # the same actor as in another case: say so on every mention of this cluster
        why = f"{AUTO_LINK_REASON} ({best[0]:.2f}: {'; '.join(best[1])})"
        for attachment in resolved.attachments:
            attachment.reasons.append(why)
            attachment.confidence = round(min(attachment.confidence, best[0]), 2)
        return best[2], None
    person = Person.objects.create(
        organization=case.organization,
        full_name=resolved.display_name[:200] or resolved.surname,
        aliases=sorted({_variant_display(v) for v in resolved.variants} - {resolved.display_name})[:12],
        notes="Found in the record by extraction.",
        is_fictional=bool(getattr(case, "is_fictional", False)),
    )
    PersonOrigin.objects.create(person=person, case=case)
    if best is not None and best[0] >= PROPOSE_LINK:
        return person, (best[2], person, best[0], best[1])
    return person, None


#: The reason on every mention attached to a person of another case automatically (the
#: review page lists them, with an undo: decisions.auto_link_undo).
AUTO_LINK_REASON = "same actor as in another case"


def undone_links(case: Case) -> dict[int, int]:
    """Persons of other cases a reviewer said are not this case's person: other person id ->
    the person of this case kept apart from them (rejected links to a person of this case)."""
    here = set(PersonOrigin.objects.filter(case=case).values_list("person_id", flat=True))
    if not here:
        return {}
    out: dict[int, int] = {}
    rejected = PersonLink.objects.filter(status=LinkStatus.REJECTED).filter(
        Q(person_a__in=here) | Q(person_b__in=here)
    )
    for a, b in rejected.values_list("person_a_id", "person_b_id"):
        if a in here and b not in here:
            out[b] = a
        elif b in here and a not in here:
            out[a] = b
    return out


def _variant_display(variant: str) -> str:
    surname, given = variant.split("|", 1)
    return f"{given.title()} {surname.title()}".strip()


def _remove_orphans(case: Case, touched: set[int]) -> None:
    """Delete the persons extraction made that no mention, case role or resolved name holds
    any more. Only a run over this case can have emptied a person — one its mentions or
    resolved names pointed to, or one it created — so only those are looked at (and those of
    deleted cases): a sweep of the organization's every person, per case run, grows with the
    docket."""
    origins = PersonOrigin.objects.filter(person__organization_id=case.organization_id)
    candidates = touched | set(
        origins.filter(Q(case=case) | Q(case__isnull=True)).values_list("person_id", flat=True)
    )
    if not candidates:
        return
    organization_id = case.organization_id
    decided = ResolutionDecision.objects.filter(organization_id=organization_id)
    keep = set(decided.values_list("person_id", flat=True)) | set(
        decided.values_list("other_person_id", flat=True)
    )
    ids = sorted(candidates - keep)
    for start in range(0, len(ids), 500):
        Person.objects.filter(
            pk__in=ids[start : start + 500], organization_id=organization_id, origin__isnull=False
        ).filter(mentions__isnull=True, case_roles__isnull=True, resolved_names__isnull=True).delete()
