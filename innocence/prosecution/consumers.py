"""Page-text consumers of the Prosecution lens (declared in extensions.py). They receive the
ids of pages whose text was written, corrected or deleted through the job queue; both are
idempotent, and an id whose page is gone is treated as a deleted page."""

from __future__ import annotations

import re

from django.db import transaction

from innocence.core import audit
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
    """(Re)compute the near-duplicate signature of each page; skip pages already current."""
    p = near_duplicates.params()
    pages = list(Page.objects.filter(pk__in=page_ids).only("id", "text", "text_version"))
    current = {
        s.page_id: s for s in PageSignature.objects.filter(page_id__in=[pg.pk for pg in pages])
    }
    with transaction.atomic():
        PageSignature.objects.filter(page_id__in=set(page_ids) - {pg.pk for pg in pages}).delete()
        for page in pages:
            existing = current.get(page.pk)
            if existing and existing.text_version == page.text_version and existing.params == p.label:
                continue
            values = {"text_version": page.text_version, "hashvalues": near_duplicates.signature(page.text, p),
                      "params": p.label}
            PageSignature.objects.update_or_create(page_id=page.pk, defaults=values)


def favorable_for_pages(page_ids: list[int]) -> None:
    """Propose favorable passages on these pages. A proposal already made, confirmed or
    rejected is not made again; proposals no longer on the page (or whose page is gone) are
    withdrawn; a user's confirmed or rejected items are never touched."""
    pages = list(Page.objects.filter(pk__in=page_ids, document__case__isnull=False).select_related("document"))
    present = {pg.pk for pg in pages}
    name = proposals.proposer_name()
    with transaction.atomic():
        gone = BradyItem.objects.filter(
            source_page_id__in=[i for i in page_ids if i not in present], status=ItemStatus.PROPOSED
        )
        withdrawn = gone.count()
        gone.delete()
        created = 0
        for page in pages:
            document = page.document
            case_id = int(document.case_id or 0)
            items = list(BradyItem.objects.filter(case_id=case_id, document=document, page_number=page.number))
            decided = [_squash(i.quote) for i in items if i.status != ItemStatus.PROPOSED]
            pending = {(i.pattern_id, " ".join(i.quote.split())): i for i in items if i.status == ItemStatus.PROPOSED}
            wanted: set[tuple[str, str]] = set()
            for proposal in proposals.propose(page.text):
                key = (proposal.pattern.id, " ".join(proposal.quote.split()))
                wanted.add(key)
                if key in pending or _overlaps(_squash(proposal.quote), decided):
                    continue
                BradyItem.objects.create(
                    case_id=case_id, document=document, page_number=page.number, quote=proposal.quote,
                    category=proposal.pattern.category, favorable=proposal.pattern.favorable,
                    why=proposal.pattern.label, held_by=HOLDER.get(document.provenance, ""),  # type: ignore[call-overload]
                    status=ItemStatus.PROPOSED, pattern_id=proposal.pattern.id, proposed_by=name,
                    source_page_id=page.pk, source_text_version=page.text_version,
                )
                created += 1
            stale = [i.pk for key, i in pending.items() if key not in wanted]
            withdrawn += len(stale)
            BradyItem.objects.filter(pk__in=stale).delete()
        if created or withdrawn:
            first = pages[0] if pages else None
            audit.record(
                AuditAction.CREATE, actor=None, obj=first.document if first else None,
                case=first.document.case if first else None,
                changes={"favorable_proposals": created, "withdrawn": withdrawn, "proposer": name},
                object_repr="Favorable passages proposed",
            )
