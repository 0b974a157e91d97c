"""The timeline travels in the case archive (round trip: events with their review status,
proceedings and steps, calendar items; a rejected proposal stays rejected), and the CSV and
iCalendar exports and the CLI say what the web says."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from innocence.timeline import services
from innocence.timeline.models import CalendarItem, Event, EventStatus, Proceeding, ProceedingStep

pytestmark = pytest.mark.django_db


def _fill(world: Any, document: Any) -> None:
    proposal = Event.objects.filter(case=world.case, status=EventStatus.PROPOSED).order_by("pk").first()
    services.event_review(actor=world.on_team, event=proposal, accept=False)
    services.event_save(actor=world.on_team, case=world.case, values={
        "kind": "crime", "title": "=HYPERLINK(\"x\") robbery (fictional)", "date": "Spring 1984",
        "document": document, "page_number": 1, "quote": "Date of offense: 06/11/1994"})
    p = services.proceeding_save(actor=world.on_team, case=world.case, values={
        "kind": "state_postconviction", "docket_number": "PCR-1 (fictional)", "outcome": "denied"})
    services.step_save(actor=world.on_team, proceeding=p, values={
        "kind": "filing", "label": "Application", "date": "2020-05-01", "document": document, "page_number": 1})
    services.calendar_item_save(actor=world.on_team, case=world.case, values={
        "kind": "hearing", "title": "Hearing (fictional)", "due_on": dt.date(2030, 1, 2), "time": dt.time(9, 30)})


def _rows(case: Any) -> dict[str, list[tuple[Any, ...]]]:
    return {
        "events": sorted(Event.objects.filter(case=case).values_list(
            "kind", "title", "date_start", "date_end", "precision", "status", "origin", "proposal_key",
            "page_number", "quote", "document__title")),
        "proceedings": sorted(Proceeding.objects.filter(case=case).values_list("kind", "docket_number", "outcome")),
        "steps": sorted(ProceedingStep.objects.filter(proceeding__case=case).values_list(
            "kind", "label", "date_start", "proceeding__docket_number", "document__title")),
        "items": sorted(CalendarItem.objects.filter(case=case).values_list("kind", "title", "due_on", "time")),
    }


def test_case_archive_round_trip(world: Any, document: Any, tmp_path: Path, make_org: Any, make_user: Any,
                                 drain: Any) -> None:
    from innocence.cases.archive import export_case, import_case

    _fill(world, document)
    before = _rows(world.case)
    archive = tmp_path / "case.zip"
    export_case(actor=world.admin, case=world.case, destination=archive)
    target = make_org("eastside", prefix="ES")
    importer = make_user("e_admin", target, "admin")
    result = import_case(actor=importer, organization=target, source=archive, reference="ES-2026-0001")
    drain()  # the import re-extracts the pages; the proposer must not undo the rejection
    assert "timeline" in result.sections
    after = _rows(result.case)
    assert after == before
    assert Event.objects.filter(case=result.case, status=EventStatus.REJECTED).count() == 1


def test_csv_quotes_formula_cells_and_keeps_precision(world: Any, document: Any, client: Any) -> None:
    from django.urls import reverse

    _fill(world, document)
    client.force_login(world.on_team)
    body = client.get(reverse("timeline:export_csv", args=[world.case.reference])).content.decode()
    assert "'=HYPERLINK" in body
    assert "1984-spring" in body and "season" in body


def test_ics_imports_as_a_calendar(world: Any, document: Any, client: Any) -> None:
    from django.urls import reverse
    from icalendar import Calendar

    _fill(world, document)
    client.force_login(world.on_team)
    body = client.get(reverse("timeline:export_ics", args=[world.case.reference])).content
    cal = Calendar.from_ical(body)
    events = list(cal.walk("VEVENT"))
    assert events and all(e.get("uid") and e.get("dtstart") for e in events)
    spring = next(e for e in events if "robbery" in str(e.get("summary")))
    assert "[spring 1984]" in str(spring.get("summary"))
    assert spring.decoded("dtstart") == dt.date(1984, 3, 1) and spring.decoded("dtend") == dt.date(1984, 6, 1)


def test_cli_timeline_and_deadlines(world: Any, document: Any) -> None:
    _fill(world, document)
    out = StringIO()
    call_command("timeline", "--case", world.case.reference, "--as", world.on_team.username, "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["case"] == world.case.reference
    assert any(e["precision"] == "season" for e in data["events"])
    out = StringIO()
    call_command("timeline", "--case", world.case.reference, "--as", world.on_team.username, "--csv", stdout=out)
    assert out.getvalue().startswith("date,date_label,precision")
    with pytest.raises(Exception, match="may see"):
        call_command("timeline", "--case", world.case.reference, "--as", world.outsider.username, stdout=StringIO())
    out = StringIO()
    call_command("deadlines", "--as", world.on_team.username, "--json", stdout=out)
    due = json.loads(out.getvalue())["due"]
    assert any(d["title"] == "Hearing (fictional)" for d in due)
    out = StringIO()
    call_command("deadlines", "--as", world.outsider.username, "--json", stdout=out)
    assert all(d["case"] != world.case.reference for d in json.loads(out.getvalue())["due"])
    out = StringIO()
    call_command("deadlines", "--as", world.on_team.username, "--due-within", "3", stdout=out)
    assert "Hearing (fictional)" not in out.getvalue()
