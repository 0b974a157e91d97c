"""FICTIONAL demo records for the Timeline app. Every document, date, court, docket number and
event here is invented.

LIC-DEMO-001 (State v. Hale): two fictional papers are filed — an arrest register that dates
the offense 06/11/1994 while the incident report dates it June 12, 1994 (a conflict, shown
with both citations), and a public-records response of January 21, 2025 that reveals an
undisclosed benefit to the informant (the factual predicate under §2244(d)(1)(D)). Its
litigation history: trial, direct appeal (writ denied by the state's highest court), a state
post-conviction application pending from 3 March 2025 to 3 February 2026 (statutory tolling).
The computed AEDPA deadline falls on Friday 25 December 2026, a legal holiday, and rolls
forward to Monday 28 December 2026.

LIC-DEMO-002 (State v. Odum): a direct appeal whose decision is recorded only as "1991" and no
finality date, and a DNA-testing motion still pending: the deadline "cannot compute: the
date the conviction became final is not recorded".

Idempotent: loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from django.db import transaction

from innocence.cases.demo import DemoContext
from innocence.documents.demo import fictional_pdf

from . import dates as record_dates
from .models import CalendarItem, Event, EventKind, EventStatus, Proceeding
from .services import calendar_item_save, event_review, event_save, events_propose, proceeding_save, step_save

DOCUMENTS: tuple[dict[str, Any], ...] = (
    {
        "case": "LIC-DEMO-001",
        "file": "Arrest Register 94-0412 (fictional).pdf",
        "title": "Arrest register 94-0412, Lakeside Parish Sheriff's Office",
        "pages": [
            "LAKESIDE PARISH SHERIFF'S OFFICE (FICTIONAL) - ARREST REGISTER\n"
            "Item number: 94-0412\n"
            "Arrestee: HALE, MARCUS D.\n"
            "Charge: Second degree murder; armed robbery\n"
            "Date of offense: 06/11/1994\n"
            "Date of arrest: 06/12/1994 at 2150 hrs\n"
            "Arresting officer: Det. R. Kessler\n"
            "Booked into Lakeside Parish Jail on June 13, 1994.",
        ],
    },
    {
        "case": "LIC-DEMO-001",
        "file": "Public Records Response 2025-017 (fictional).pdf",
        "title": "Public records response 2025-017, District Attorney (fictional)",
        "pages": [
            "OFFICE OF THE DISTRICT ATTORNEY, LAKESIDE PARISH (FICTIONAL)\n"
            "Response to public records request 2025-017, January 21, 2025\n"
            "\n"
            "Enclosed: memorandum of agreement dated August 9, 1994, between this office\n"
            "and Curtis Bell, reducing his pending burglary charge in exchange for his\n"
            "testimony in State v. Hale. No record shows it was disclosed to the defense.",
        ],
    },
)




def _file_documents(context: DemoContext) -> None:
    from innocence.documents import services as document_services
    from innocence.documents.models import Document
    from innocence.jobs.queue import run_until_empty

    admin = context.users["admin"]
    added = []
    for spec in DOCUMENTS:
        case = context.cases.get(spec["case"])
        if case is None or Document.objects.filter(case=case, title=spec["title"]).exists():
            continue
        result = document_services.add_file(
            actor=admin, organization=case.organization, case=case, name=spec["file"],
            stream=io.BytesIO(fictional_pdf(spec["pages"], spec["title"])), provenance="records_request",
        )
        if not result.duplicate:
            added.append((result.document, spec))
    if not added:
        return
    run_until_empty()
    for document, spec in added:
        document.refresh_from_db()
        document_services.document_update(actor=admin, document=document, title=spec["title"],
                                          tags=["fictional demo"])
        context.created.append(f"document {spec['title']}")


def _cite(case: Any, phrase: str) -> dict[str, Any]:
    """The page of the case that holds ``phrase``, with the passage exactly as on the page."""
    from innocence.documents.models import Page

    pattern = re.compile(r"\s+".join(re.escape(word) for word in phrase.split()), re.IGNORECASE)
    for page in Page.objects.filter(document__case=case).select_related("document").order_by("document_id", "number"):
        match = pattern.search(page.text)
        if match:
            return {"document": page.document, "page_number": page.number, "quote": match.group(0)}
    return {"source_field": f"fictional demo record (page text not found: '{phrase}')"}


@transaction.atomic
def load(context: DemoContext) -> None:
    _file_documents(context)
    actor = context.users["attorney"]
    hale = context.cases.get("LIC-DEMO-001")
    if hale is not None and not Proceeding.objects.filter(case=hale).exists():
        _hale(context, hale, actor)
    odum = context.cases.get("LIC-DEMO-002")
    if odum is not None and not Proceeding.objects.filter(case=odum).exists():
        _odum(context, odum, actor)


def _hale(context: DemoContext, case: Any, actor: Any) -> None:
    events_propose(case=case, actor=actor)
    event_save(actor=actor, case=case, values={
        "kind": EventKind.CRIME, "title": "Robbery and fatal shooting at the Corner Market (fictional)",
        "date": record_dates.day(dt.date(1994, 6, 12)), "time": dt.time(21, 10),
        "description": "The incident report is dated June 12, 1994 and puts the call at about 21:10.",
        **_cite(case, "Date of report: June 12, 1994"),
    })
    event_save(actor=actor, case=case, values={
        "kind": EventKind.CRIME, "title": "Offense date on the arrest register (fictional)",
        "date": record_dates.day(dt.date(1994, 6, 11)), **_cite(case, "Date of offense: 06/11/1994"),
    })
    event_save(actor=actor, case=case, values={
        "kind": EventKind.ARREST, "title": "Marcus Hale stopped and arrested two blocks from the store",
        "date": "1994-06-12", "time": dt.time(21, 50), "person": context.people.get("hale"),
        **_cite(case, "At 21:50, about forty minutes after the robbery, deputies stopped Marcus Hale"),
    })
    event_save(actor=actor, case=case, values={
        "kind": EventKind.OTHER, "title": "Informant Curtis Bell's sentence-reduction agreement (undisclosed)",
        "date": "1994-08-09", "person": context.people.get("bell"),
        **_cite(case, "memorandum of agreement dated August 9, 1994"),
    })
    event_save(actor=actor, case=case, values={
        "kind": EventKind.OTHER, "title": "Hale's mother recalls a visit to the parish jail (fictional)",
        "date": "Summer 1994", "status": EventStatus.CONFIRMED,
        "source_field": "fictional demo: intake questionnaire, question 12 (season only, as the record gives it)",
    })
    # Review two proposals: confirm the day-2 transcript's date, reject the report's date
    # (a document date, not an event); the others stay proposed for a person to review.
    proposals = Event.objects.filter(case=case, status=EventStatus.PROPOSED).select_related("document")
    day_two = next((p for p in proposals.order_by("id") if p.document and p.document.title.startswith(
        "Trial transcript, day 2") and "TRANSCRIPT" in p.quote), None)
    if day_two is not None:
        event_review(actor=actor, event=day_two, accept=True,
                     values={"kind": EventKind.COURT, "title": "Trial, day 2: Gloria Vance and Det. Kessler testify"})
    report = next((p for p in proposals.order_by("id") if p.quote.startswith("Date of report")), None)
    if report is not None:
        event_review(actor=actor, event=report, accept=False)

    trial = proceeding_save(actor=actor, case=case, values={
        "kind": "trial", "title": "Jury trial", "court": "22nd Judicial District Court (fictional)",
        "docket_number": "94-CR-1187", "outcome": "convicted"})
    step_save(actor=actor, proceeding=trial, values={
        "kind": "ruling", "label": "Verdict and judgment of conviction", "date": "1995-03-17",
        "outcome": "convicted", "source_field": "case.conviction_date"})
    appeal = proceeding_save(actor=actor, case=case, values={
        "kind": "direct_appeal", "title": "Appeal of the conviction", "docket_number": "95-KA-2210",
        "court": "First Circuit Court of Appeal (fictional)", "outcome": "affirmed"})
    step_save(actor=actor, proceeding=appeal, values={
        "kind": "filing", "label": "Notice of appeal", "date": "1995-04-03",
        "source_field": "fictional demo: appellate docket sheet, entry 1"})
    step_save(actor=actor, proceeding=appeal, values={
        "kind": "ruling", "label": "Conviction affirmed", "date": "1996-06-28", "outcome": "affirmed",
        "source_field": "fictional demo: appellate docket sheet, entry 19"})
    step_save(actor=actor, proceeding=appeal, values={
        "kind": "last_resort_decision", "label": "State supreme court denies writ; no certiorari petition filed",
        "date": "1997-01-10", "outcome": "denied", "source_field": "fictional demo: supreme court docket 96-K-1733"})
    pcr = proceeding_save(actor=actor, case=case, values={
        "kind": "state_postconviction", "title": "Application for post-conviction relief (Brady claim)",
        "court": "22nd Judicial District Court (fictional)", "docket_number": "94-CR-1187-PCR", "outcome": "denied"})
    step_save(actor=actor, proceeding=pcr, values={
        "kind": "factual_predicate", "label": "Records response reveals the informant's agreement",
        "date": "2025-01-21", **_cite(case, "Response to public records request 2025-017, January 21, 2025")})
    step_save(actor=actor, proceeding=pcr, values={
        "kind": "filing", "label": "Application for post-conviction relief filed", "date": "2025-03-03",
        "source_field": "fictional demo: district court minute entry, 3 March 2025"})
    step_save(actor=actor, proceeding=pcr, values={
        "kind": "ruling", "label": "Application denied", "date": "2026-02-03", "outcome": "denied",
        "source_field": "fictional demo: district court judgment, 3 February 2026"})
    proceeding_save(actor=actor, case=case, values={
        "kind": "federal_habeas", "title": "Petition for a writ of habeas corpus (to be filed)",
        "court": "U.S. District Court (fictional district)", "outcome": "",
        "notes": "Fictional demo: not yet filed. See the computed deadline."})
    if not CalendarItem.objects.filter(case=case).exists():
        calendar_item_save(actor=actor, case=case, values={
            "kind": "hearing", "title": "Status conference on the records subpoena (fictional)",
            "due_on": dt.date(2026, 12, 10), "time": dt.time(9, 30), "remind_days_before": 3})
    context.created.append("timeline LIC-DEMO-001: events, litigation history, AEDPA deadline")


def _odum(context: DemoContext, case: Any, actor: Any) -> None:
    events_propose(case=case, actor=actor)
    trial = proceeding_save(actor=actor, case=case, values={
        "kind": "trial", "title": "Bench trial", "court": "22nd Judicial District Court (fictional)",
        "docket_number": "89-CR-0412", "outcome": "convicted"})
    step_save(actor=actor, proceeding=trial, values={
        "kind": "ruling", "label": "Judgment of conviction", "date": "1990-01-26", "outcome": "convicted",
        "source_field": "case.conviction_date"})
    appeal = proceeding_save(actor=actor, case=case, values={
        "kind": "direct_appeal", "title": "Appeal of the conviction", "outcome": "affirmed",
        "court": "First Circuit Court of Appeal (fictional)",
        "notes": "Fictional demo: only the year of the decision is known; the file holds no finality date."})
    step_save(actor=actor, proceeding=appeal, values={
        "kind": "ruling", "label": "Conviction affirmed", "date": "1991", "outcome": "affirmed",
        "source_field": "fictional demo: applicant's letter (year only)"})
    dna = proceeding_save(actor=actor, case=case, values={
        "kind": "dna_motion", "title": "Motion for post-conviction DNA testing of Item 3",
        "court": "22nd Judicial District Court (fictional)", "docket_number": "89-CR-0412-DNA", "outcome": "pending"})
    step_save(actor=actor, proceeding=dna, values={
        "kind": "filing", "label": "Motion for DNA testing filed", "date": "2024-09-16",
        "source_field": "fictional demo: clinic filing log"})
    context.created.append("timeline LIC-DEMO-002: litigation history without a finality date")
