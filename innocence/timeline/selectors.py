"""Reads of the Timeline app. Every read that starts from a user goes through
:func:`innocence.cases.selectors.cases_visible_to` / ``case_get_for_user``; functions that
take a ``case`` expect one already fetched that way."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from innocence.cases.models import Case, Task
from innocence.cases.selectors import cases_visible_to
from innocence.core import audit

from . import deadlines as deadline_rules
from .models import SINGULAR_KINDS, CalendarFeed, CalendarItem, Event, EventStatus, Proceeding
from .sources import Entry, event_entry, structured_entries


@dataclass
class Filters:
    kind: str = ""
    person: int | None = None
    document: int | None = None
    status: str = ""  # "", recorded, confirmed, proposed, rejected, reviewed (recorded+confirmed)

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        def number(name: str) -> int | None:
            value = str(query.get(name) or "")
            return int(value) if value.isascii() and value.isdigit() else None

        return cls(kind=str(query.get("kind") or ""), person=number("person"), document=number("document"),
                   status=str(query.get("status") or ""))

    def accepts(self, entry: Entry) -> bool:
        if self.kind and entry.kind != self.kind:
            return False
        if self.person and entry.person_id != self.person:
            return False
        if self.document and entry.document_id != self.document:
            return False
        if self.status == "reviewed":
            return entry.status in ("recorded", "confirmed")
        if self.status:
            return entry.status == self.status
        return entry.status != "rejected"


def events_for_case(case: Case) -> QuerySet[Event]:
    return Event.objects.filter(case=case).select_related("document", "person")


def all_entries(case: Case) -> list[Entry]:
    entries = list(structured_entries(case)) + [event_entry(e) for e in events_for_case(case)]
    entries.sort(key=lambda e: e.sort_key)
    flag_conflicts(entries)
    return entries


def flag_conflicts(entries: list[Entry]) -> list[list[Entry]]:
    """Two reviewed entries (recorded fields or confirmed events) of a kind that happens once
    (crime, arrest, conviction, sentence, release), for the same person, whose dates cannot
    both be true, are flagged: each names the other. Returns the groups."""
    groups: dict[tuple[str, int | None], list[Entry]] = defaultdict(list)
    for entry in entries:
        if entry.kind in SINGULAR_KINDS and entry.status in ("recorded", "confirmed"):
            groups[(entry.kind, entry.person_id)].append(entry)
    conflicts: list[list[Entry]] = []
    for group in groups.values():
        clashing = [a for a in group if any(not a.date.overlaps(b.date) for b in group if b is not a)]
        if len(clashing) < 2:
            continue
        for entry in clashing:
            entry.conflict = True
            entry.conflict_with = [o.key for o in clashing if o is not entry]
        conflicts.append(clashing)
    return conflicts


def chronology(case: Case, filters: Filters | None = None) -> list[Entry]:
    filters = filters or Filters()
    return [e for e in all_entries(case) if filters.accepts(e)]


def conflicts_for_case(case: Case) -> list[list[Entry]]:
    entries = list(structured_entries(case)) + [event_entry(e) for e in events_for_case(case)]
    return flag_conflicts(entries)


def filter_choices(entries: list[Entry]) -> dict[str, list[tuple[Any, str]]]:
    people = sorted({(e.person_id, e.person_name) for e in entries if e.person_id}, key=lambda p: p[1])
    documents = sorted({(e.document_id, e.document_title) for e in entries if e.document_id}, key=lambda d: d[1])
    return {"people": people, "documents": documents}


def event_get_for_user(user: Any, pk: int) -> Event:
    event = Event.objects.filter(pk=pk, case__in=cases_visible_to(user)).select_related("case").first()
    if event is None:
        raise Http404("No such event.")
    audit.note_read(event, case=event.case)
    return event


def proceedings_for_case(case: Case) -> list[Proceeding]:
    return list(Proceeding.objects.filter(case=case).prefetch_related("steps__document"))


def proceeding_get_for_user(user: Any, pk: int) -> Proceeding:
    proceeding = Proceeding.objects.filter(pk=pk, case__in=cases_visible_to(user)).select_related("case").first()
    if proceeding is None:
        raise Http404("No such proceeding.")
    audit.note_read(proceeding, case=proceeding.case)
    return proceeding


def calendar_items_for_case(case: Case, *, include_done: bool = True) -> QuerySet[CalendarItem]:
    items = CalendarItem.objects.filter(case=case).select_related("document")
    return items if include_done else items.filter(done=False)


def calendar_item_get_for_user(user: Any, pk: int) -> CalendarItem:
    item = CalendarItem.objects.filter(pk=pk, case__in=cases_visible_to(user)).select_related("case").first()
    if item is None:
        raise Http404("No such calendar item.")
    audit.note_read(item, case=item.case)
    return item


def proposed_count(case: Case) -> int:
    return Event.objects.filter(case=case, status=EventStatus.PROPOSED).count()


# --- the calendar across a user's cases ---------------------------------------------------


@dataclass
class Due:
    """One dated thing to do in the calendar: a computed deadline, a calendar item, a task."""

    case: Case
    date: dt.date
    title: str
    kind: str  # "computed deadline", "deadline", "hearing", "reminder", "task"
    uid: str
    rule: str = ""
    detail: str = ""
    unverified: bool = False
    time: dt.time | None = None
    caveat: str = ""

    def days_left(self, today: dt.date) -> int:
        return (self.date - today).days


@dataclass
class Calendar:
    due: list[Due] = field(default_factory=list)
    cannot_compute: list[tuple[Case, str]] = field(default_factory=list)


def calendar_for_cases(cases: list[Case], *, today: dt.date | None = None) -> Calendar:
    today = today or dt.date.today()
    result = Calendar()
    by_id = {c.pk: c for c in cases}
    for case in cases:
        computation = deadline_rules.aedpa(case, today=today)
        if computation.status == "computed" and computation.deadline:
            result.due.append(Due(
                case, computation.deadline, f"{computation.title} ({computation.citation})", "computed deadline",
                f"aedpa-{case.pk}", rule=computation.citation,
                detail="; ".join(computation.arithmetic[-3:]), unverified=computation.unverified,
                caveat=computation.caveat,
            ))
        elif Proceeding.objects.filter(case=case).exists():
            result.cannot_compute.append((case, computation.reason))
    for item in CalendarItem.objects.filter(case_id__in=by_id, done=False).order_by("due_on"):
        result.due.append(Due(by_id[item.case_id], item.due_on, item.title, item.get_kind_display().lower(),
                              f"item-{item.pk}", detail=item.notes, time=item.time))
    for task in Task.objects.filter(case_id__in=by_id, done_at__isnull=True, due_date__isnull=False):
        assert task.due_date is not None
        result.due.append(Due(by_id[task.case_id], task.due_date, task.title, "task", f"task-{task.pk}"))
    result.due.sort(key=lambda d: (d.date, d.case.reference, d.title))
    return result


def calendar_for_user(user: Any, *, today: dt.date | None = None) -> Calendar:
    return calendar_for_cases(list(cases_visible_to(user).order_by("reference")), today=today)


def due_soon(user: Any, *, within_days: int = 30, today: dt.date | None = None) -> tuple[list[Due], list[Due]]:
    """(overdue, due within ``within_days``) across the user's cases: the dashboard panel."""
    today = today or dt.date.today()
    due = calendar_for_user(user, today=today).due
    # A computed deadline long past (a 1990s judgment) is shown on its case, not as "overdue".
    overdue = [d for d in due if d.date < today and d.kind != "computed deadline"]
    soon = [d for d in due if today <= d.date <= today + dt.timedelta(days=within_days)]
    return overdue, soon


def feed_for_secret(secret: str) -> CalendarFeed | None:
    return (
        CalendarFeed.objects.filter(secret_hash=CalendarFeed.hash_secret(secret), revoked_at__isnull=True)
        .select_related("user", "case")
        .first()
    )


def feeds_of(user: Any) -> QuerySet[CalendarFeed]:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).select_related("case")


def feed_cases(feed: CalendarFeed) -> list[Case]:
    """The cases a feed shows: the feed owner's visible cases (re-checked at every fetch, so
    leaving a team or a wall takes a case out of the feed at once)."""
    visible = cases_visible_to(feed.user)
    if feed.case_id:
        visible = visible.filter(pk=feed.case_id)
    return list(visible.order_by("reference"))
