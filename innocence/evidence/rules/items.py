"""Rules about evidence items and their custody: biological evidence that can still be DNA
tested, gaps and breaks in the chain of custody, evidence destroyed or lost (and whether a
proceeding was pending then). Thresholds come from innocence/knowledge/forensics.yaml."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

from innocence.cases.models import Case
from innocence.findings.knowledge import RuleEntry
from innocence.findings.registry import CitationDraft, FindingDraft, cite_field, rule

from .. import knowledge
from ..models import CustodyEvent, CustodyKind, EvidenceItem, ForensicTest, ItemStatus, Proceeding
from .facts import ABSENT, NOT_RECORDED, PRESENT, when

LENS = "evidence"
TRANSFERS = (CustodyKind.TRANSFERRED, CustodyKind.SUBMITTED, CustodyKind.RETURNED, CustodyKind.RELEASED)


def _items(case: Case) -> list[EvidenceItem]:
    return list(
        EvidenceItem.objects.filter(case=case)
        .select_related("document", "parent")
        .prefetch_related("numbers", "custody_events__from_person", "custody_events__to_person",
                          "custody_events__document", "tests", "mentions__document")
        .order_by("id")
    )


def _item_cites(item: EvidenceItem, field_name: str) -> list[CitationDraft]:
    cites = [cite_field(item, field_name, label=str(item))]
    cites += [cite_field(m, "item", label=f"{item} (mentioned)") for m in item.mentions.all() if m.document_id]
    return cites


def _descendant_ids(item: EvidenceItem, children: dict[int | None, list[EvidenceItem]]) -> set[int]:
    found = {item.pk}
    for child in children.get(item.pk, []):
        found |= _descendant_ids(child, children)
    return found


@rule("evidence.testing_candidate", lens=LENS)
def testing_candidate(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    items = _items(case)
    biological = [i for i in items if i.is_biological]
    if not biological:
        text = ("No biological evidence is recorded for this case; that does not mean none was collected. Check "
                "the police property records and lab reports.")
        yield FindingDraft("case", NOT_RECORDED, text, [])
        return
    children: dict[int | None, list[EvidenceItem]] = {}
    for i in items:
        children.setdefault(i.parent_id, []).append(i)
    tests = list(ForensicTest.objects.filter(case=case).prefetch_related("items"))
    codis = ("A CODIS upload would be possible only for an STR profile developed from crime-scene evidence "
             "(the forensic index); whether one can be developed is not known from the record.")
    for item in biological:
        key = f"item:{item.pk}"
        cites = _item_cites(item, "status")
        family = _descendant_ids(item, children)
        on_item = [t for t in tests if family & {i.pk for i in t.items.all()}]
        for t in on_item:
            cites.append(cite_field(t, "method", label=str(t)))
        eras = {t.pk: getattr(knowledge.method(t.method), "dna_era", "") for t in on_item}
        if item.status not in (ItemStatus.EXISTS, ItemStatus.UNKNOWN):
            text = f"{item}: {item.get_status_display().lower()} ({when(item.status_date)}) — not available for testing as recorded."
            yield FindingDraft(key, ABSENT, text, cites)
            continue
        status_words = "status unknown" if item.status == ItemStatus.UNKNOWN else "exists"
        if any(e == "str" for e in eras.values()):
            done = ", ".join(f"{t} " for t in on_item if eras[t.pk] == "str").strip()
            yield FindingDraft(key, ABSENT, f"{item} ({status_words}): already tested with STR DNA typing ({done}).", cites)
        elif on_item:
            old = ", ".join(str(t) for t in on_item)
            text = (f"{item} ({status_words}) — candidate for DNA testing: tested only with methods that predate STR "
                    f"typing ({old}). {codis}")
            yield FindingDraft(key, PRESENT, text, cites)
        else:
            text = f"{item}: {status_words} — candidate for DNA testing: no DNA test is recorded. {codis}"
            yield FindingDraft(key, PRESENT, text, cites)


def _ordered(item: EvidenceItem) -> list[CustodyEvent]:
    return sorted(item.custody_events.all(), key=lambda e: (e.date is None, e.date or dt.date.min, e.sequence or 0, e.pk))


def _norm(text: str) -> str:
    return " ".join(text.lower().replace(".", " ").replace(",", " ").split())


@rule("evidence.custody_gap", lens=LENS)
def custody_gap(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    limit = int(entry.threshold("gap_days"))
    for item in _items(case):
        key = f"item:{item.pk}"
        events = [e for e in _ordered(item) if e.date]
        if len(events) < 2:
            text = f"{item}: fewer than two dated custody events are recorded; gaps cannot be measured."
            yield FindingDraft(key, NOT_RECORDED, text, [cite_field(e, "date", label=f"{item}: {e}") for e in events])
            continue
        gaps = [(a, b, (b.date - a.date).days) for a, b in itertools.pairwise(events)  # type: ignore[operator]
                if (b.date - a.date).days > limit]  # type: ignore[operator]
        if gaps:
            said = "; ".join(
                f"{a.date.isoformat()} ({a.get_kind_display().lower()}, to {a.destination or 'unrecorded'}) → "  # type: ignore[union-attr]
                f"{b.date.isoformat()} ({b.get_kind_display().lower()}): {days} days"  # type: ignore[union-attr]
                for a, b, days in gaps)
            cites = [cite_field(e, "date", label=f"{item}: {e}") for a, b, _ in gaps for e in (a, b)]
            yield FindingDraft(key, PRESENT, f"{item}: no custodian recorded for more than {limit} days — {said}.", cites)
        else:
            cites = [cite_field(e, "date", label=f"{item}: {e}") for e in events]
            yield FindingDraft(key, ABSENT, f"{item}: no gap over {limit} days between the {len(events)} dated custody events.", cites)


@rule("evidence.custody_mismatch", lens=LENS)
def custody_mismatch(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    for item in _items(case):
        key = f"item:{item.pk}"
        events = _ordered(item)
        compared = 0
        breaks = []
        for previous, event in itertools.pairwise(events):
            if event.kind not in TRANSFERS:
                continue
            if not previous.destination or not event.source:
                continue
            compared += 1
            if (previous.to_person_id and event.from_person_id and previous.to_person_id != event.from_person_id) or (
                not (previous.to_person_id and event.from_person_id) and _norm(previous.destination) != _norm(event.source)
            ):
                breaks.append((previous, event))
        if breaks:
            said = "; ".join(f"{p.get_kind_display().lower()} to {p.destination!r} ({when(p.date)}), then "
                             f"{e.get_kind_display().lower()} from {e.source!r} ({when(e.date)})" for p, e in breaks)
            cites = [cite_field(x, "to_text" if x is p else "from_text", label=f"{item}: {x}") for p, e in breaks for x in (p, e)]
            yield FindingDraft(key, PRESENT, f"{item}: a transfer does not start where the item was last recorded — {said}.", cites)
        elif compared:
            yield FindingDraft(key, ABSENT, f"{item}: each of {compared} transfer(s) starts where the previous event left the item.",
                               [cite_field(e, "kind", label=f"{item}: {e}") for e in events])
        else:
            yield FindingDraft(key, NOT_RECORDED, f"{item}: no transfer with both ends recorded; the chain cannot be checked.",
                               [cite_field(e, "kind", label=f"{item}: {e}") for e in events])


@rule("evidence.destroyed_or_lost", lens=LENS)
def destroyed_or_lost(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    proceedings = list(Proceeding.objects.filter(case=case).select_related("document"))
    for item in _items(case):
        key = f"item:{item.pk}"
        cites = _item_cites(item, "status")
        if item.status == ItemStatus.UNKNOWN:
            yield FindingDraft(key, NOT_RECORDED, f"{item}: whether it still exists is not recorded.", cites)
            continue
        if item.status not in (ItemStatus.DESTROYED, ItemStatus.LOST):
            yield FindingDraft(key, ABSENT, f"{item}: recorded as {item.get_status_display().lower()}.", cites)
            continue
        what = item.get_status_display().lower()
        by = f" by {item.status_by}" if item.status_by else ""
        order = f" under {item.destruction_order}" if item.destruction_order else ""
        date = item.status_date
        if date is None:
            event = next((e for e in _ordered(item) if e.kind == CustodyKind.DESTROYED and e.date), None)
            date = event.date if event else None
        if date is None:
            text = f"{item}: {what}{by}{order}; the date is not recorded, so whether an appeal or testing request was pending cannot be told."
            yield FindingDraft(key, PRESENT, text, cites)
            continue
        pending = [p for p in proceedings if p.filed and p.filed <= date and (p.decided is None or p.decided >= date)]
        requests = [e for e in _ordered(item) if e.kind == CustodyKind.REQUESTED and e.date and e.date <= date]
        for p in pending:
            cites.append(cite_field(p, "filed", label=str(p)))
        for e in requests:
            cites.append(cite_field(e, "date", label=f"{item}: {e}"))
        if pending or requests:
            during = "; ".join([f"{p.get_kind_display().lower()} filed {p.filed.isoformat()} "  # type: ignore[union-attr]
                                f"({'still pending' if p.decided is None else 'decided ' + p.decided.isoformat()})"
                                for p in pending] + [f"a request for it on {e.date.isoformat()}" for e in requests])  # type: ignore[union-attr]
            text = f"{item}: {what} on {date.isoformat()}{by}{order}, while pending: {during}."
        elif proceedings:
            text = f"{item}: {what} on {date.isoformat()}{by}{order}; no recorded proceeding or request was pending then."
        else:
            text = (f"{item}: {what} on {date.isoformat()}{by}{order}; no appeal, petition or testing request is "
                    f"recorded, so whether one was pending is not known.")
        yield FindingDraft(key, PRESENT, text, cites)
