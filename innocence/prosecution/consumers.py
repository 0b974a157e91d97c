"""Page-text consumers of the Prosecution lens (declared in extensions.py). They receive the
ids of pages whose text was written, corrected or deleted through the job queue; both are
idempotent, and an id whose page is gone is treated as a deleted page."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone

from innocence.core import audit
from innocence.core.bulk import insert_rows
from innocence.core.models import AuditAction
from innocence.documents.models import Page, Provenance

from . import near_duplicates, proposals
from .models import BradyItem, ItemStatus, PageSignature, Party

#: A document's provenance → whose file a passage on it was in.
HOLDER = {
    Provenance.POLICE_FILE: Party.POLICE,
    Provenance.PROSECUTOR_FILE: Party.PROSECUTOR,
    Provenance.DEFENSE_FILE: Party.DEFENSE,
    Provenance.COURT_FILE: Party.COURT,
}


def _squash(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def _overlaps(quote: str, decided: list[str]) -> bool:
    """A passage a user already confirmed or rejected, perhaps trimmed or extended."""
    return any(quote and other and (quote in other or other in quote) for other in decided)


def signatures_for_pages(page_ids: list[int]) -> None:
    """(Re)compute the near-duplicate signature of each page; skip pages already current.
    Reads and writes in batches (a constant number of queries per chunk, not per page)."""
    p = near_duplicates.params()
    pages = list(Page.objects.filter(pk__in=page_ids).values_list("id", "text", "text_version"))
    current = {
        s.page_id: s
        for s in PageSignature.objects.filter(page_id__in=[pk for pk, _, _ in pages]).only(
            "id", "page_id", "text_version", "params"
        )
    }
    to_create: list[tuple[int, int, bytes, str, object]] = []
    to_update: list[PageSignature] = []
    now = timezone.now()
    for pk, text, text_version in pages:
        existing = current.get(pk)
        if existing and existing.text_version == text_version and existing.params == p.label:
            continue
        hashvalues = near_duplicates.signature(text, p)
        if existing is None:
            to_create.append((pk, text_version, hashvalues, p.label, now))
        else:
            existing.text_version, existing.hashvalues, existing.params = text_version, hashvalues, p.label
            existing.updated_at = now
            to_update.append(existing)
    with transaction.atomic():
        PageSignature.objects.filter(page_id__in=set(page_ids) - {pk for pk, _, _ in pages}).delete()
        # One executemany, not bulk_create (which prepared every value through its field: a
        # third of this consumer's CPU). A concurrent run may have written the same page
        # meanwhile: its row is as good as ours.
        insert_rows(PageSignature, ("page", "text_version", "hashvalues", "params", "updated_at"), to_create,
                    ignore_conflicts=True)
        PageSignature.objects.bulk_update(
            to_update, ["text_version", "hashvalues", "params", "updated_at"], batch_size=500
        )


def favorable_for_pages(page_ids: list[int]) -> None:
    """Propose favorable passages on these pages. A proposal already made, confirmed or
    rejected is not made again; proposals no longer on the page (or whose page is gone) are
    withdrawn; a user's confirmed or rejected items are never touched."""
    # only what is used: a whole document row per page (its JSON fields decoded) cost more
    # than reading the page
    pages = list(
        Page.objects.filter(pk__in=page_ids, document__case__isnull=False)
        .select_related("document")
        .only("id", "number", "text", "text_version", "document_id", "document__case_id", "document__provenance")
    )
    present = {pg.pk for pg in pages}
    name = proposals.proposer_name()
    with transaction.atomic():
        gone = BradyItem.objects.filter(
            source_page_id__in=[i for i in page_ids if i not in present], status=ItemStatus.PROPOSED
        )
        withdrawn = gone.count()
        gone.delete()
        created = 0
        # The items of these pages, read in one query (not one per page, nor one per document:
        # a chunk of many small files is many documents). The query may also return an item on
        # another of these documents' pages with one of these numbers; only a page's own
        # (document, number) is looked up below.
        by_page: dict[tuple[int, int], list[BradyItem]] = {}
        wanted_pages = {(page.document_id, page.number) for page in pages}
        if wanted_pages:
            candidates = BradyItem.objects.filter(
                document_id__in={d for d, _ in wanted_pages}, page_number__in={n for _, n in wanted_pages}
            )
            for item in candidates:
                by_page.setdefault((item.document_id, item.page_number), []).append(item)  # type: ignore[arg-type]
        new_items: list[BradyItem] = []
        stale_ids: list[int] = []
        for page in pages:
            document = page.document
            case_id = int(document.case_id or 0)
            items = [i for i in by_page.get((document.pk, page.number), []) if i.case_id == case_id]
            decided = [_squash(i.quote) for i in items if i.status != ItemStatus.PROPOSED]
            pending = {(i.pattern_id, " ".join(i.quote.split())): i for i in items if i.status == ItemStatus.PROPOSED}
            wanted: set[tuple[str, str]] = set()
            for proposal in proposals.propose(page.text):
                key = (proposal.pattern.id, " ".join(proposal.quote.split()))
                wanted.add(key)
                if key in pending or _overlaps(_squash(proposal.quote), decided):
                    continue
                new_items.append(BradyItem(
                    case_id=case_id, document=document, page_number=page.number, quote=proposal.quote,
                    category=proposal.pattern.category, favorable=proposal.pattern.favorable,
                    why=proposal.pattern.label, held_by=HOLDER.get(document.provenance, ""),  # type: ignore[call-overload]
                    status=ItemStatus.PROPOSED, pattern_id=proposal.pattern.id, proposed_by=name,
                    source_page_id=page.pk, source_text_version=page.text_version,
                ))
                created += 1
            stale = [i.pk for key, i in pending.items() if key not in wanted]
            withdrawn += len(stale)
            stale_ids.extend(stale)
        for start in range(0, len(stale_ids), 500):
            BradyItem.objects.filter(pk__in=stale_ids[start : start + 500]).delete()
        BradyItem.objects.bulk_create(new_items, batch_size=500)
        if created or withdrawn:
            first = pages[0] if pages else None
            audit.record(
                AuditAction.CREATE, actor=None, obj=first.document if first else None,
                case=first.document.case if first else None,
                changes={"favorable_proposals": created, "withdrawn": withdrawn, "proposer": name},
                object_repr="Favorable passages proposed",
            )
