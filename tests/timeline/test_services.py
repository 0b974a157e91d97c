"""Writes: proposals from the pages' dates (rejections survive re-runs), reviews, litigation
steps in order, citations that must be on their page, nothing half-written, all audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innocence.core.models import AuditEntry
from innocence.timeline import services
from innocence.timeline.models import Event, EventStatus, Proceeding, ProceedingStep
from innocence.timeline.selectors import chronology, conflicts_for_case

pytestmark = pytest.mark.django_db


def test_pages_dates_become_proposals_with_their_sentence(world: Any, document: Any) -> None:
    proposals = list(Event.objects.filter(case=world.case, status=EventStatus.PROPOSED).order_by("date_start"))
    by_text = {e.date_text: e for e in proposals}
    assert "06/11/1994" in by_text and "June 12, 1994" in by_text and "July 1994" in by_text
    arrest = by_text["June 12, 1994"]
    assert arrest.precision == "day" and arrest.kind == "arrest"
    assert arrest.quote == "The suspect was arrested on June 12, 1994 near the store."
    assert arrest.document_id == document.pk and arrest.page_number == 1
    month = by_text["July 1994"]
    assert month.precision == "month" and (month.date_start.day, month.date_end.day) == (1, 31)
    assert month.kind == "identification"


def test_rejections_and_confirmations_survive_a_rerun(world: Any, document: Any) -> None:
    proposals = list(Event.objects.filter(case=world.case, status=EventStatus.PROPOSED).order_by("pk"))
    rejected, confirmed = proposals[0], proposals[1]
    services.event_review(actor=world.on_team, event=rejected, accept=False)
    services.event_review(actor=world.on_team, event=confirmed, accept=True, values={"title": "Edited (fictional)"})
    before = Event.objects.filter(case=world.case).count()
    counts = services.events_propose(case=world.case, actor=world.on_team)
    assert counts["proposed"] == 0
    assert Event.objects.filter(case=world.case).count() == before
    assert Event.objects.get(pk=rejected.pk).status == EventStatus.REJECTED
    kept = Event.objects.get(pk=confirmed.pk)
    assert kept.status == EventStatus.CONFIRMED and kept.title == "Edited (fictional)"
    assert kept.reviewed_by == world.on_team
    assert rejected.pk not in [e.event.pk for e in chronology(world.case) if e.event is not None]


def test_changed_page_text_drops_stale_unreviewed_proposals(world: Any, document: Any, drain: Any) -> None:
    from innocence.documents import services as documents

    page = document.pages.get(number=1)
    keep = Event.objects.get(case=world.case, date_text="July 1994")
    services.event_review(actor=world.on_team, event=keep, accept=True)
    documents.page_correct(actor=world.on_team, page=page, text="Nothing dated here (fictional).")
    drain()
    left = Event.objects.filter(case=world.case)
    assert list(left.values_list("status", flat=True)) == [EventStatus.CONFIRMED]


def test_conflicting_dates_are_flagged_with_both_citations(world: Any, document: Any) -> None:
    services.event_save(actor=world.on_team, case=world.case, values={
        "kind": "crime", "title": "Robbery (report)", "date": "1994-06-12", "document": document,
        "page_number": 1, "quote": "arrested on June 12, 1994"})
    services.event_save(actor=world.on_team, case=world.case, values={
        "kind": "crime", "title": "Robbery (register)", "date": "1994-06-11", "document": document,
        "page_number": 1, "quote": "Date of offense: 06/11/1994"})
    services.event_save(actor=world.on_team, case=world.case, values={
        "kind": "crime", "title": "Robbery (month only)", "date": "June 1994", "source_field": "fictional letter"})
    groups = conflicts_for_case(world.case)
    assert len(groups) == 1
    titles = sorted(e.title for e in groups[0])
    assert titles == ["Robbery (register)", "Robbery (report)"]  # "June 1994" agrees with both
    assert all(e.quote for e in groups[0])


def test_a_citation_must_be_on_its_page(world: Any, document: Any) -> None:
    with pytest.raises(ValidationError) as exc:
        services.event_save(actor=world.on_team, case=world.case, values={
            "kind": "crime", "title": "x", "date": "1994", "document": document, "page_number": 1,
            "quote": "words that are not there"})
    assert "not on page 1" in str(exc.value)
    with pytest.raises(ValidationError, match="Cite where this comes from"):
        services.event_save(actor=world.on_team, case=world.case, values={"title": "x", "date": "1994"})


def test_bad_input_writes_nothing(world: Any) -> None:
    audit_before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.event_save(actor=world.on_team, case=world.case, values={
            "title": "x", "date": "on or about the 3rd", "source_field": "fictional"})
    assert "no month or year" in str(exc.value)
    assert not Event.objects.exists() and AuditEntry.objects.count() == audit_before


def test_a_ruling_cannot_precede_its_filing(world: Any) -> None:
    p = services.proceeding_save(actor=world.on_team, case=world.case, values={"kind": "state_postconviction"})
    services.step_save(actor=world.on_team, proceeding=p, values={
        "kind": "filing", "label": "Application", "date": "2020-05-01", "source_field": "fictional docket"})
    with pytest.raises(ValidationError, match="cannot come before the filing"):
        services.step_save(actor=world.on_team, proceeding=p, values={
            "kind": "ruling", "label": "Denied", "date": "2020-04-01", "source_field": "fictional docket"})
    assert ProceedingStep.objects.filter(proceeding=p).count() == 1


def test_writes_need_the_right_to_edit(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.proceeding_save(actor=world.viewer, case=world.case, values={"kind": "trial"})
    with pytest.raises(PermissionDenied):
        services.proceeding_save(actor=world.off_team, case=world.case, values={"kind": "trial"})
    assert not Proceeding.objects.exists()


def test_writes_are_audited(world: Any) -> None:
    p = services.proceeding_save(actor=world.on_team, case=world.case, values={"kind": "trial", "court": "X"})
    services.proceeding_save(actor=world.on_team, case=world.case, values={"court": "Y"}, instance=p)
    entries = AuditEntry.objects.filter(case_reference=world.case.reference, action__in=["create", "update"])
    assert entries.filter(object_repr__icontains="trial").count() >= 2


def test_reminders_mail_the_team_once(world: Any, mailoutbox: Any) -> None:
    import datetime as dt

    world.on_team.email = "attorney@example.invalid"
    world.on_team.save()
    services.calendar_item_save(actor=world.on_team, case=world.case, values={
        "kind": "hearing", "title": "Hearing (fictional)", "due_on": dt.date(2030, 1, 10), "remind_days_before": 5})
    assert services.reminders_send(today=dt.date(2030, 1, 4)) == 0
    assert services.reminders_send(today=dt.date(2030, 1, 5)) == 1
    assert services.reminders_send(today=dt.date(2030, 1, 6)) == 0
    assert len(mailoutbox) == 1
    assert world.case.reference in mailoutbox[0].subject
    assert world.case.title not in mailoutbox[0].body


def test_person_merge_moves_event_lanes(world: Any) -> None:
    from innocence.people.models import Person

    a = Person.objects.create(organization=world.north, full_name="Ann Example (fictional)")
    b = Person.objects.create(organization=world.north, full_name="Anne Example (fictional)")
    e = services.event_save(actor=world.on_team, case=world.case, values={
        "title": "Statement", "date": "1994", "person": a, "source_field": "fictional"})
    services.person_references_move(from_person=a, to_person=b)
    assert Event.objects.get(pk=e.pk).person == b


def test_the_case_record_offense_and_arrest_dates_are_events_said_to_come_from_the_record(world: Any) -> None:
    case = world.case
    assert not [e for e in chronology(case) if e.key in ("case.offense_date", "case.arrest_date")]  # not recorded
    case.offense_date, case.arrest_date = dt.date(1994, 6, 12), dt.date(1994, 6, 13)
    case.save(update_fields=["offense_date", "arrest_date"])
    entries = {e.key: e for e in chronology(case)}
    offense, arrest = entries["case.offense_date"], entries["case.arrest_date"]
    assert (offense.kind, offense.date.start) == ("crime", dt.date(1994, 6, 12))
    assert (arrest.kind, arrest.date.start) == ("arrest", dt.date(1994, 6, 13))
    assert "Entered on the case record" in offense.description and offense.status == "recorded"
    assert not offense.quote and offense.document_id is None  # never passed off as a cited page
