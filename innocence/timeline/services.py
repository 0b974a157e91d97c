"""Writes of the Timeline app. Each function checks the actor's right to change the case,
validates (dates at the precision written, a ruling not before its filing, documents of the
same case, a quote that is really on the page it cites), writes in one transaction and
records the change in the audit log. Nothing is half-written: a validation error leaves the
database as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from innocence.cases.models import Case
from innocence.core import audit
from innocence.core.access import can_edit_case
from innocence.core.models import AuditAction
from innocence.knowledge.loader import load

from . import dates as record_dates
from .dates import DateError, RecordDate
from .models import (
    CalendarFeed,
    CalendarItem,
    Event,
    EventKind,
    EventOrigin,
    EventStatus,
    Proceeding,
    ProceedingStep,
    StepKind,
)

PROPOSER_VERSION = "timeline-propose-1"
EVENT_FIELDS = ("kind", "title", "description", "person", "status", "document", "page_number", "quote",
                "source_field", "time")
PROCEEDING_FIELDS = ("kind", "court", "docket_number", "title", "outcome", "notes")
STEP_FIELDS = ("kind", "label", "outcome", "document", "page_number", "quote", "source_field", "time")
ITEM_FIELDS = ("kind", "title", "due_on", "time", "notes", "remind_days_before", "done", "document",
               "page_number", "quote")


def _snapshot(instance: Any) -> dict[str, Any]:
    """The audit snapshot, with times of day as text (the audit log stores JSON)."""
    return {k: v.isoformat() if isinstance(v, dt.time) else v for k, v in audit.snapshot(instance).items()}


def _require_edit(actor: Any, case: Case) -> None:
    if not can_edit_case(actor, case):
        raise PermissionDenied("Your role does not allow changes to this case.")


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z%]+", " ", text.lower().replace("’", "'")).strip()


def _check_citation(case: Case, values: dict[str, Any], errors: dict[str, str]) -> None:
    document = values.get("document")
    number = values.get("page_number")
    quote = (values.get("quote") or "").strip()
    if document is None:
        if number:
            errors["page_number"] = "A page number needs the document it is in."
        return
    if document.case_id != case.pk:
        errors["document"] = "Choose a document filed on this case."
        return
    if not number:
        return
    page = document.pages.filter(number=number).first()
    if page is None:
        errors["page_number"] = f"'{document.title}' has no page {number}."
        return
    if quote and page.text.strip() and _squash(quote) not in _squash(page.text):
        errors["quote"] = (
            f"This passage is not on page {number} of '{document.title}'. Copy it verbatim from the page "
            "(spacing and punctuation may differ)."
        )


def _date_from(values: dict[str, Any], errors: dict[str, str], key: str = "date") -> RecordDate | None:
    """``values[key]`` is a RecordDate or the text a person typed."""
    raw = values.get(key)
    if isinstance(raw, RecordDate):
        return raw
    if isinstance(raw, dt.date):
        return record_dates.day(raw)
    try:
        return record_dates.parse_record_date(str(raw or ""))
    except DateError as exc:
        errors[key] = str(exc)
        return None


def _apply_date(instance: Any, value: RecordDate) -> None:
    instance.date_start, instance.date_end = value.start, value.end
    instance.precision, instance.circa = value.precision, value.circa


def _citation_required(values: dict[str, Any], errors: dict[str, str]) -> None:
    if not values.get("document") and not (values.get("source_field") or "").strip():
        errors["document"] = (
            "Cite where this comes from: a document and page (with the passage), or the structured field / record."
        )


# --- events -----------------------------------------------------------------------------


@transaction.atomic
def event_save(*, actor: Any, case: Case, values: dict[str, Any], instance: Event | None = None) -> Event:
    """Create or change an event. ``values['date']`` is a RecordDate or text ("Spring 1984")."""
    _require_edit(actor, case)
    if instance is not None and instance.case_id != case.pk:
        raise PermissionDenied("That event belongs to another case.")
    errors: dict[str, str] = {}
    merged = {name: getattr(instance, name) for name in EVENT_FIELDS} if instance else {}
    merged.update({k: v for k, v in values.items() if k in EVENT_FIELDS})
    date = _date_from(values, errors) if "date" in values or instance is None else (instance.record_date
                                                                                   if instance else None)
    if not (merged.get("title") or "").strip():
        errors["title"] = "Say what happened, in a few words."
    if merged.get("kind") and merged["kind"] not in EventKind.values:
        errors["kind"] = "Not a kind of event."
    if merged.get("status") and merged["status"] not in EventStatus.values:
        errors["status"] = "Not a status."
    person = merged.get("person")
    if person is not None and person.organization_id != case.organization_id:
        errors["person"] = "Choose a person of this case's organization."
    _citation_required(merged, errors)
    _check_citation(case, merged, errors)
    if errors:
        raise ValidationError(errors)
    assert date is not None
    event = instance or Event(case=case, created_by=actor if getattr(actor, "is_authenticated", False) else None,
                              origin=EventOrigin.MANUAL)
    before = _snapshot(event) if instance else {}
    for name, value in merged.items():
        setattr(event, name, value if value is not None or name in ("person", "document", "page_number", "time")
                else "")
    _apply_date(event, date)
    event.kind = event.kind or EventKind.OTHER
    event.status = event.status or EventStatus.CONFIRMED
    event.save()
    if instance:
        audit.record(AuditAction.UPDATE, actor=actor, obj=event, case=case,
                     changes=audit.diff(before, _snapshot(event)))
    else:
        audit.record(AuditAction.CREATE, actor=actor, obj=event, case=case, changes=_snapshot(event))
    return event


@transaction.atomic
def event_review(*, actor: Any, event: Event, accept: bool, values: dict[str, Any] | None = None) -> Event:
    """Confirm (optionally with edits: kind, title, date, person) or reject a proposed event.
    A rejection is kept, so re-running the proposer never brings it back."""
    _require_edit(actor, event.case)
    changes = dict(values or {})
    changes["status"] = EventStatus.CONFIRMED if accept else EventStatus.REJECTED
    if not accept:
        changes = {"status": EventStatus.REJECTED}
    event = event_save(actor=actor, case=event.case, values=changes, instance=event)
    Event.objects.filter(pk=event.pk).update(
        reviewed_by=actor if getattr(actor, "is_authenticated", False) else None, reviewed_at=timezone.now()
    )
    event.refresh_from_db()
    return event


@transaction.atomic
def event_delete(*, actor: Any, event: Event) -> None:
    _require_edit(actor, event.case)
    audit.record(AuditAction.DELETE, actor=actor, obj=event, case=event.case, changes=_snapshot(event))
    event.delete()


# --- proposals from the pages -------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])[ \t]+(?=[A-Z0-9\"'(])")


def _boundaries(text: str) -> list[tuple[int, int]]:
    """(end of a sentence, start of the next) in ``text``. Page text wraps lines mid-sentence,
    so a line break ends a sentence only when the line ends like one (. ! ? ; : or a digit), is
    a form line ("Date of offense: ..."), a heading in capitals, or a blank line follows."""
    found = [(m.start(), m.end()) for m in _SENTENCE_END.finditer(text)]
    offset = 0
    lines = text.split("\n")
    for i, line in enumerate(lines[:-1]):
        offset_end = offset + len(line)
        stripped = line.rstrip()
        following = lines[i + 1].lstrip()
        if (not stripped or not following or stripped[-1] in ".!?;:" or stripped[-1].isdigit()
                or re.search(r"\w: \S", stripped) or stripped.upper() == stripped):
            found.append((offset_end, offset_end + 1))
        offset = offset_end + 1
    return sorted(found)


def sentence_around(text: str, start: int, end: int, limit: int = 280) -> str:
    """The sentence (or line group) of ``text`` holding ``start:end``, verbatim, at most
    ``limit`` characters (cut at word boundaries around the span)."""
    left, right = 0, len(text)
    for stop, resume in _boundaries(text):
        if stop <= start:
            left = resume
        elif resume >= end and stop >= end:
            right = stop
            break
    if right - left > limit:
        left = max(left, start - limit // 2)
        right = min(right, end + limit // 2)
        while left > 0 and not text[left - 1].isspace() and left < start:
            left += 1
        while right < len(text) and not text[right].isspace() and right > end:
            right -= 1
    return text[left:right].strip()


def _cues() -> list[tuple[str, list[str]]]:
    data = load("timeline/event_cues.yaml")
    return [(row["kind"], [str(c).lower() for c in row["cues"]]) for row in data.get("kinds", [])]


def guess_kind(sentence: str) -> str:
    low = " " + re.sub(r"\s+", " ", sentence.lower()) + " "
    for kind, cues in _cues():
        if any(re.search(rf"(?<![a-z]){re.escape(cue)}(?![a-z])", low) for cue in cues):
            return kind
    return EventKind.OTHER


def proposal_key(document_sha256: str, page_number: int, normalized: str, sentence: str) -> str:
    """Stable across re-runs and case archives: the original's content hash, not its id."""
    raw = f"{document_sha256}|{page_number}|{normalized}|{_squash(sentence)}"
    return hashlib.sha256(raw.encode()).hexdigest()[:64]


def _title(sentence: str) -> str:
    one_line = " ".join(sentence.split())
    return one_line if len(one_line) <= 200 else one_line[:197].rsplit(" ", 1)[0] + "…"


@transaction.atomic
def events_propose(*, case: Case, page_ids: list[int] | None = None, actor: Any = None) -> dict[str, int]:
    """Turn the people extractor's date mentions on ``page_ids`` (all the case's pages when
    None) into proposed events: the date at its precision, the sentence around it, document
    and page. Idempotent. A proposal a person confirmed or rejected is never touched; an
    unreviewed proposal whose date is no longer on its page (the text changed) is removed."""
    from innocence.documents.models import Page
    from innocence.people.models import Mention, MentionKind

    if actor is not None:
        _require_edit(actor, case)
    # where the pages are, for all of them; their text and file only for the pages with a date
    # (most pages have none: reading every page's document and file rows cost more than the rest)
    pages = Page.objects.filter(document__case=case).only("id", "number", "document_id")
    if page_ids is not None:
        pages = pages.filter(pk__in=page_ids)
    pages_by_id = {p.pk: p for p in pages}
    mentions = list(
        Mention.objects.filter(case=case, kind=MentionKind.DATE, page_id__in=list(pages_by_id)).order_by(
            "page_id", "start"
        )
    )
    dated = Page.objects.filter(pk__in={m.page_id for m in mentions}).select_related("document__stored_file")
    dated_by_id = {p.pk: p for p in dated} if mentions else {}
    counts = {"proposed": 0, "kept": 0, "removed": 0, "skipped": 0}
    candidates = []
    for mention in mentions:
        page = dated_by_id.get(mention.page_id)
        if page is None:
            continue  # deleted meanwhile
        try:
            value = record_dates.from_mention(mention.normalized, mention.attrs)
        except DateError:
            counts["skipped"] += 1
            continue
        if page.text[mention.start:mention.end] != mention.text:
            counts["skipped"] += 1  # offsets of an older text version
            continue
        sentence = sentence_around(page.text, mention.start, mention.end)
        key = proposal_key(page.document.stored_file.sha256, page.number, mention.normalized, sentence)
        candidates.append((mention, page, value, sentence, key))
    events = Event.objects.filter(case=case, origin=EventOrigin.PAGE)
    if page_ids is not None:
        # Only what these pages can meet: their candidates' keys and the proposals on them (the
        # case's every proposal, read for each chunk, grew with the case).
        documents = {p.document_id for p in pages_by_id.values()}
        numbers = {p.number for p in pages_by_id.values()}
        events = events.filter(
            Q(proposal_key__in={c[4] for c in candidates})
            | Q(document_id__in=documents, page_number__in=numbers)
        )
    existing = {e.proposal_key: e for e in events}
    seen: set[str] = set()
    for mention, page, value, sentence, key in candidates:
        if key in seen:
            continue
        seen.add(key)
        if key in existing:
            counts["kept"] += 1
            continue
        event = Event(
            case=case, kind=guess_kind(sentence), title=_title(sentence), status=EventStatus.PROPOSED,
            origin=EventOrigin.PAGE, document=page.document, page_number=page.number, quote=sentence,
            date_text=mention.text[:120], proposal_key=key, extractor_version=PROPOSER_VERSION,
        )
        _apply_date(event, value)
        event.save()
        counts["proposed"] += 1
    stale = [
        e.pk for key, e in existing.items()
        if key not in seen and e.status == EventStatus.PROPOSED
        and any(p.document_id == e.document_id and p.number == e.page_number for p in pages_by_id.values())
    ]
    if stale:
        Event.objects.filter(pk__in=stale).delete()
        counts["removed"] = len(stale)
    if counts["proposed"] or counts["removed"]:
        audit.record(AuditAction.CREATE, actor=actor, case=case, obj=case,
                     changes={"timeline proposals": counts, "version": PROPOSER_VERSION})
    return counts


def propose_for_pages(page_ids: list[int]) -> None:
    """Page-text consumer: propose events from the date mentions on these pages."""
    from innocence.documents.models import Page

    by_case: dict[int, list[int]] = {}
    for pk, case_id in Page.objects.filter(pk__in=page_ids, document__case__isnull=False).values_list(
        "pk", "document__case_id"
    ):
        by_case.setdefault(case_id, []).append(pk)
    for case in Case.objects.filter(pk__in=by_case):
        events_propose(case=case, page_ids=by_case[case.pk])


# --- proceedings -------------------------------------------------------------------------


@transaction.atomic
def proceeding_save(
    *, actor: Any, case: Case, values: dict[str, Any], instance: Proceeding | None = None
) -> Proceeding:
    _require_edit(actor, case)
    if instance is not None and instance.case_id != case.pk:
        raise PermissionDenied("That proceeding belongs to another case.")
    from .models import Outcome, ProceedingKind

    errors: dict[str, str] = {}
    kind = values.get("kind", instance.kind if instance else "")
    if kind not in ProceedingKind.values:
        errors["kind"] = "Choose the kind of proceeding."
    if values.get("outcome") and values["outcome"] not in Outcome.values:
        errors["outcome"] = "Not an outcome."
    if errors:
        raise ValidationError(errors)
    proceeding = instance or Proceeding(case=case, created_by=actor if getattr(actor, "is_authenticated", False)
                                        else None)
    before = _snapshot(proceeding) if instance else {}
    for name in PROCEEDING_FIELDS:
        if name in values:
            setattr(proceeding, name, values[name] or "")
    proceeding.save()
    action = AuditAction.UPDATE if instance else AuditAction.CREATE
    audit.record(action, actor=actor, obj=proceeding, case=case,
                 changes=audit.diff(before, _snapshot(proceeding)) if instance else _snapshot(proceeding))
    return proceeding


@transaction.atomic
def proceeding_delete(*, actor: Any, proceeding: Proceeding) -> None:
    _require_edit(actor, proceeding.case)
    audit.record(AuditAction.DELETE, actor=actor, obj=proceeding, case=proceeding.case,
                 changes={**_snapshot(proceeding), "steps": proceeding.steps.count()})
    proceeding.delete()


def _check_step_order(proceeding: Proceeding, step: ProceedingStep, errors: dict[str, str]) -> None:
    others = [s for s in proceeding.steps.all() if s.pk != step.pk]
    filings = [s for s in [*others, step] if s.kind == StepKind.FILING]
    if step.kind == StepKind.RULING and filings:
        first = min(filings, key=lambda s: s.date_start)
        if step.date_end < first.date_start:
            errors["date"] = (
                f"A ruling cannot come before the filing it rules on: the first filing of this proceeding is dated "
                f"{first.date_label}."
            )
    if step.kind == StepKind.FILING:
        for ruling in (s for s in others if s.kind == StepKind.RULING):
            if ruling.date_end < step.date_start and not any(
                f.date_start <= ruling.date_end for f in others if f.kind == StepKind.FILING
            ):
                errors["date"] = (
                    f"This filing would come after the ruling of {ruling.date_label} ('{ruling.label}'), with no "
                    "earlier filing: check both dates."
                )


@transaction.atomic
def step_save(
    *, actor: Any, proceeding: Proceeding, values: dict[str, Any], instance: ProceedingStep | None = None
) -> ProceedingStep:
    """A filing, ruling, hearing or finality step of a proceeding, with its date and citation."""
    case = proceeding.case
    _require_edit(actor, case)
    if instance is not None and instance.proceeding_id != proceeding.pk:
        raise PermissionDenied("That step belongs to another proceeding.")
    errors: dict[str, str] = {}
    merged = {name: getattr(instance, name) for name in STEP_FIELDS} if instance else {}
    merged.update({k: v for k, v in values.items() if k in STEP_FIELDS})
    date = _date_from(values, errors) if "date" in values or instance is None else (
        instance.record_date if instance else None)
    if merged.get("kind") not in StepKind.values:
        errors["kind"] = "Choose the kind of step."
    if not (merged.get("label") or "").strip():
        errors["label"] = "Say what was filed or ruled, in a few words."
    _citation_required(merged, errors)
    _check_citation(case, merged, errors)
    step = instance or ProceedingStep(proceeding=proceeding,
                                      created_by=actor if getattr(actor, "is_authenticated", False) else None)
    before = _snapshot(step) if instance else {}
    if date is not None and not errors:
        for name, value in merged.items():
            setattr(step, name, value if value is not None or name in ("document", "page_number", "time") else "")
        _apply_date(step, date)
        _check_step_order(proceeding, step, errors)
    if errors:
        raise ValidationError(errors)
    step.save()
    action = AuditAction.UPDATE if instance else AuditAction.CREATE
    audit.record(action, actor=actor, obj=step, case=case,
                 changes=audit.diff(before, _snapshot(step)) if instance else _snapshot(step))
    return step


@transaction.atomic
def step_delete(*, actor: Any, step: ProceedingStep) -> None:
    case = step.proceeding.case
    _require_edit(actor, case)
    audit.record(AuditAction.DELETE, actor=actor, obj=step, case=case, changes=_snapshot(step))
    step.delete()


# --- calendar ----------------------------------------------------------------------------


@transaction.atomic
def calendar_item_save(
    *, actor: Any, case: Case, values: dict[str, Any], instance: CalendarItem | None = None
) -> CalendarItem:
    _require_edit(actor, case)
    if instance is not None and instance.case_id != case.pk:
        raise PermissionDenied("That item belongs to another case.")
    errors: dict[str, str] = {}
    merged = {name: getattr(instance, name) for name in ITEM_FIELDS} if instance else {}
    merged.update({k: v for k, v in values.items() if k in ITEM_FIELDS})
    if not (merged.get("title") or "").strip():
        errors["title"] = "Give the item a title."
    if not isinstance(merged.get("due_on"), dt.date):
        errors["due_on"] = "Give the day it is due (YYYY-MM-DD)."
    _check_citation(case, merged, errors)
    if errors:
        raise ValidationError(errors)
    item = instance or CalendarItem(case=case, created_by=actor if getattr(actor, "is_authenticated", False) else None)
    before = _snapshot(item) if instance else {}
    for name, value in merged.items():
        if value is None and name not in ("time", "document", "page_number"):
            continue
        setattr(item, name, value)
    item.save()
    action = AuditAction.UPDATE if instance else AuditAction.CREATE
    audit.record(action, actor=actor, obj=item, case=case,
                 changes=audit.diff(before, _snapshot(item)) if instance else _snapshot(item))
    return item


@transaction.atomic
def calendar_item_delete(*, actor: Any, item: CalendarItem) -> None:
    _require_edit(actor, item.case)
    audit.record(AuditAction.DELETE, actor=actor, obj=item, case=item.case, changes=_snapshot(item))
    item.delete()


@transaction.atomic
def feed_create(*, actor: Any, case: Case | None = None, include_details: bool = False) -> tuple[CalendarFeed, str]:
    """A new secret feed URL for ``actor`` (all their cases, or one they may see). Returns the
    feed and the secret, shown once."""
    if case is not None:
        from innocence.cases.selectors import case_is_visible

        if not case_is_visible(actor, case):
            raise PermissionDenied("You are not on that case.")
    secret, digest = CalendarFeed.new_secret()
    feed = CalendarFeed.objects.create(user=actor, case=case, secret_hash=digest, include_details=include_details)
    audit.record(AuditAction.CREATE, actor=actor, obj=feed, case=case,
                 changes={"calendar feed": "created", "case": case.reference if case else "all my cases",
                          "include_details": include_details})
    return feed, secret


@transaction.atomic
def feed_revoke(*, actor: Any, feed: CalendarFeed) -> None:
    if feed.user_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the feed's owner can revoke it.")
    CalendarFeed.objects.filter(pk=feed.pk).update(revoked_at=timezone.now())
    audit.record(AuditAction.UPDATE, actor=actor, obj=feed, case=feed.case, changes={"calendar feed": "revoked"})


def reminders_send(*, today: dt.date | None = None) -> int:
    """E-mail each case's team about calendar items whose reminder day has come (through
    Django's mail settings: the console backend in the demo). Each item is reminded once.
    The mail names only the case reference and the item, never case details."""
    from innocence.cases.models import TeamMember

    today = today or dt.date.today()
    sent = 0
    for item in CalendarItem.objects.filter(done=False, reminded_on__isnull=True).select_related("case"):
        if item.due_on - dt.timedelta(days=item.remind_days_before) > today:
            continue
        recipients = sorted({
            t.user.email for t in TeamMember.objects.filter(case=item.case).select_related("user")
            if t.user.email and t.user.is_active
        })
        if recipients:
            send_mail(
                subject=f"[{item.case.reference}] {item.get_kind_display()} due {item.due_on.isoformat()}",
                message=(f"{item.case.reference}: {item.title}\nDue: {item.due_on.isoformat()}\n\n"
                         "Open the case's Timeline tab for the details."),
                from_email=getattr(settings, "DEFAULT_FROM_EMAIL", None), recipient_list=recipients,
            )
            sent += 1
        CalendarItem.objects.filter(pk=item.pk).update(reminded_on=today)
        audit.record(AuditAction.UPDATE, case=item.case, obj=item,
                     changes={"reminder": "sent" if recipients else "no team e-mail", "recipients": len(recipients)})
    return sent


def person_references_move(*, from_person: Any, to_person: Any) -> None:
    """Person-merge hook: events of the merged person follow the merge (their person is
    SET_NULL on delete otherwise, and a lane of the timeline would be lost)."""
    Event.objects.filter(person=from_person).update(person=to_person)
