"""FICTIONAL demo records for the Evidence lens. Every person, item, lab and review here is
invented.

LIC-DEMO-002 (State v. Odum, 1989) is the case that exercises the lens: a sexual-assault kit
whose whereabouts are unknown (last recorded in 1989, requested by the clinic in 2019),
hair from the bedding compared microscopically by Dr. Helen Prater, whose report says
"could have originated from him" and whose trial testimony says the hair "matched"; the
bedding destroyed in 1996 while a post-conviction petition was pending; and a (fictional,
demo-only) audit of the state crime lab's hair unit that names Dr. Prater.

LIC-DEMO-001 (State v. Hale) gets a smaller inventory: the victim's fingernail scrapings
(status unknown, never tested), the spent bullet, and fibers examined by the same analyst —
so she recurs across the organization's cases. Idempotent: loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from django.db import transaction

from innocence.cases.demo import DemoContext
from innocence.documents.demo import fictional_pdf
from innocence.findings.services import findings_recompute

from .models import EvidenceItem, LabReviewNotice
from .services import LENS, evidence_record_save

DOCUMENTS: tuple[dict[str, Any], ...] = (
    {
        "case": "LIC-DEMO-002",
        "file": "Trial Transcript Odum Day 1 (fictional).pdf",
        "title": "Trial transcript, day 1 (State v. Odum)",
        "pages": [
            "22ND JUDICIAL DISTRICT COURT (FICTIONAL) - STATE v. TERRENCE ODUM\n"
            "No. 89-CR-0412 - REPORTER'S TRANSCRIPT, January 24, 1990\n"
            "\n"
            "DR. HELEN PRATER, having been duly sworn, testified as follows:\n"
            "DIRECT EXAMINATION BY ADA ARTHUR TULLY:\n"
            "Q. What did you find when you compared the hair from the bedding?\n"
            "A. The questioned hair matched the known head hair of the defendant.\n"
            "Q. How sure are you?\n"
            "A. I have examined thousands of hairs in my career.\n"
            "A. In all my years I have never seen two people whose hair I could not tell apart.",
            "CROSS-EXAMINATION BY MS. NORA QUILL:\n"
            "Q. Did you give the defense your bench notes?\n"
            "A. I was not asked for them.\n"
            "Q. Was the vaginal swab in the kit ever tested?\n"
            "A. No. It went back to the sheriff's evidence room unopened.",
        ],
    },
    {
        "case": "LIC-DEMO-002",
        "file": "Sheriff Property Room Log 89-0412 (fictional).pdf",
        "title": "Property room log, Lakeside Parish Sheriff's Office (89-0412)",
        "pages": [
            "LAKESIDE PARISH SHERIFF'S OFFICE (FICTIONAL) - PROPERTY ROOM LOG\n"
            "Case 89-0412\n"
            "\n"
            "Property No. 89-2231: sexual assault kit (victim), sealed, from Lakeside General\n"
            "05/28/1989 received from Nurse K. Dorsey, Lakeside General (fictional)\n"
            "06/02/1989 released to Det. R. Kessler for State Crime Laboratory\n"
            "06/14/1989 returned from State Crime Laboratory, shelf B-14\n"
            "\n"
            "Property No. 89-2235: bedding (fitted sheet and pillowcase) from the victim's room\n"
            "03/02/1996 destroyed under purge order 96-07",
        ],
    },
    {
        "case": "LIC-DEMO-001",
        "file": "Evidence Receipt 94-0412 (fictional).pdf",
        "title": "Evidence receipt 94-0412, Lakeside Parish Sheriff's Office",
        "pages": [
            "LAKESIDE PARISH SHERIFF'S OFFICE (FICTIONAL) - EVIDENCE RECEIPT 94-0412\n"
            "\n"
            "Item 4: fingernail scrapings from the victim, taken at autopsy\n"
            "Item 5: spent bullet recovered from the store counter\n"
            "Item 6: fibers lifted from the counter edge\n"
            "\n"
            "Fibers (Item 6) were examined by Dr. Helen Prater of the State Crime Laboratory.",
        ],
    },
)




def _documents(context: DemoContext) -> None:
    from innocence.documents import services as documents
    from innocence.documents.models import Document
    from innocence.jobs.queue import run_until_empty

    admin = context.users["admin"]
    added = []
    for spec in DOCUMENTS:
        case = context.cases.get(spec["case"])
        if case is None or Document.objects.filter(case=case, title=spec["title"]).exists():
            continue
        result = documents.add_file(actor=admin, organization=case.organization, case=case, name=spec["file"],
                                    stream=io.BytesIO(fictional_pdf(spec["pages"], spec["title"])), provenance="defense_file")
        if not result.duplicate:
            added.append((result.document, spec))
    if added:
        run_until_empty()
    for document, spec in added:
        document.refresh_from_db()
        documents.document_update(actor=admin, document=document, title=spec["title"])


def _page_for(case: Any, phrase: str) -> dict[str, Any]:
    """The page of the case that holds the phrase, with the passage exactly as on the page."""
    from innocence.documents.models import Page

    pattern = re.compile(r"\s+".join(re.escape(word) for word in phrase.split()), re.IGNORECASE)
    for page in Page.objects.filter(document__case=case).select_related("document").order_by("document_id", "number"):
        match = pattern.search(page.text)
        if match:
            return {"document": page.document, "page_number": page.number, "quote": match.group(0)}
    return {}


def _testimony(case: Any, phrase: str) -> dict[str, Any]:
    cite = _page_for(case, phrase)
    return ({"testimony_document": cite["document"], "testimony_page": cite["page_number"],
             "testimony_quote": cite["quote"]} if cite else {"testimony_quote": phrase})


@transaction.atomic
def load(context: DemoContext) -> None:
    odum_case, hale_case = context.cases.get("LIC-DEMO-002"), context.cases.get("LIC-DEMO-001")
    if odum_case is None or hale_case is None or EvidenceItem.objects.filter(case=odum_case).exists():
        return
    actor = context.users["attorney"]
    prater, kessler = context.people["prater"], context.people["kessler"]
    from innocence.people.models import CaseRole

    # Before the documents, so that reading their pages finds the analyst already on the case.
    CaseRole.objects.get_or_create(case=hale_case, person=prater, role="forensic_analyst",
                                   defaults={"description": "state crime lab, hair and fibre unit (fictional)"})
    _documents(context)

    def save(case: Any, kind: str, values: dict[str, Any], cite: str = "") -> Any:
        return evidence_record_save(actor=actor, case=case, kind=kind, recompute=False,
                                    values={**values, **(_page_for(case, cite) if cite else {})})

    # --- LIC-DEMO-002: State v. Odum -------------------------------------------------------
    c = odum_case
    kit = save(c, "item", {
        "description": "Sexual-assault kit of the victim (fictional)", "category": "sa_kit",
        "collected_date": dt.date(1989, 5, 28), "collected_place": "Lakeside General Hospital (fictional)",
        "collected_by_text": "Nurse K. Dorsey (fictional)", "status": "unknown",
        "notes": "Fictional: last recorded on shelf B-14 in 1989; the clinic's 2019 request went unanswered.",
    }, "sexual assault kit (victim), sealed")
    save(c, "number", {"item": kit, "kind": "property", "number": "89-2231", "agency": "Lakeside Parish Sheriff's Office"})
    swab = save(c, "item", {
        "description": "Vaginal swab from the kit (Item 3)", "category": "sa_kit", "parent": kit, "status": "unknown",
    }, "Item 3: vaginal swab (sealed, retained in the parish evidence room)")
    save(c, "number", {"item": swab, "kind": "lab", "number": "L89-0331-3", "agency": "State Crime Laboratory"})
    save(c, "mention", {"item": swab}, "Was the vaginal swab in the kit ever tested?")
    for values, cite in (
        ({"kind": "collected", "date": dt.date(1989, 5, 28), "from_text": "Nurse K. Dorsey, Lakeside General",
          "to_text": "Lakeside Parish Sheriff's Office"}, "05/28/1989 received from Nurse K. Dorsey"),
        ({"kind": "submitted", "date": dt.date(1989, 6, 2), "from_text": "Lakeside Parish Sheriff's Office",
          "to_text": "State Crime Laboratory", "to_person": None}, "06/02/1989 released to Det. R. Kessler"),
        ({"kind": "returned", "date": dt.date(1989, 6, 14), "from_text": "State Crime Laboratory",
          "to_text": "Lakeside Parish Sheriff's Office"}, "06/14/1989 returned from State Crime Laboratory"),
        ({"kind": "requested", "date": dt.date(2019, 8, 1), "from_text": "Lakeside Innocence Clinic (fictional)",
          "to_text": "Lakeside Parish Sheriff's Office",
          "notes": "Fictional: public-records request for the kit; no answer recorded."}, ""),
    ):
        save(c, "custody", {"item": kit, **values}, cite)
    hair = save(c, "item", {
        "description": "Hair recovered from the victim's bedding (Item 1)", "category": "hair",
        "collected_date": dt.date(1989, 5, 28), "collected_by": kessler, "status": "exists",
        "current_location": "State Crime Laboratory slide archive (fictional)", "custodian": "State Crime Laboratory",
    }, "Item 1: hair recovered from the victim's bedding")
    save(c, "number", {"item": hair, "kind": "lab", "number": "L89-0331-1", "agency": "State Crime Laboratory"})
    known = save(c, "item", {
        "description": "Known head hair sample of Terrence Odum (Item 2)", "category": "hair", "status": "exists",
        "current_location": "State Crime Laboratory slide archive (fictional)",
    }, "Item 2: known head hair sample of Terrence Odum")
    save(c, "number", {"item": known, "kind": "lab", "number": "L89-0331-2", "agency": "State Crime Laboratory"})
    bedding = save(c, "item", {
        "description": "Bedding from the victim's room: fitted sheet and pillowcase", "category": "trace",
        "collected_date": dt.date(1989, 5, 28), "collected_by": kessler, "status": "destroyed",
        "status_date": dt.date(1996, 3, 2), "status_by": "Lakeside Parish Sheriff's Office property room",
        "destruction_order": "purge order 96-07",
    }, "Property No. 89-2235: bedding (fitted sheet and pillowcase)")
    save(c, "number", {"item": bedding, "kind": "property", "number": "89-2235", "agency": "Lakeside Parish Sheriff's Office"})
    hair.parent = bedding
    hair.save(update_fields=["parent"])
    save(c, "custody", {"item": bedding, "kind": "destroyed", "date": dt.date(1996, 3, 2),
                        "from_text": "Lakeside Parish Sheriff's Office"}, "03/02/1996 destroyed under purge order 96-07")
    save(c, "proceeding", {"kind": "post_conviction", "filed": dt.date(1995, 9, 1), "decided": dt.date(1998, 1, 20),
                           "description": "Application for post-conviction relief (fictional)"})
    report = _page_for(c, "is microscopically consistent with the known hair of Terrence Odum (Item 2) and could have originated from him")
    test = evidence_record_save(actor=actor, case=c, kind="test", recompute=False, values={
        "method": "hair_microscopy", "lab": "State Crime Laboratory (fictional), hair and fibre unit", "analyst": prater,
        "date": dt.date(1989, 6, 12), "items": [hair, known],
        "result": "Questioned hair microscopically consistent with the known sample.",
        "conclusion": report.get("quote", "could have originated from him"), **report,
        **_testimony(c, "The questioned hair matched the known head hair of the defendant."),
        "bench_notes_to_defense": False,
    })
    notice, _ = LabReviewNotice.objects.get_or_create(
        organization=context.organization, title="State Crime Laboratory hair unit audit, 1985–1992 (fictional)",
        defaults={"lab": "State Crime Laboratory", "year_from": 1985, "year_to": 1992, "discipline": "hair_microscopy",
                  "source": "Fictional demo-only audit report; no such review exists.", "is_fictional": True},
    )
    notice.analysts.add(prater)
    assert test.pk

    # --- LIC-DEMO-001: State v. Hale -------------------------------------------------------
    c = hale_case
    nails = save(c, "item", {
        "description": "Fingernail scrapings from the victim, taken at autopsy", "category": "fingernail",
        "collected_date": dt.date(1994, 6, 13), "status": "unknown",
    }, "Item 4: fingernail scrapings from the victim, taken at autopsy")
    save(c, "number", {"item": nails, "kind": "property", "number": "4", "agency": "Lakeside Parish Sheriff's Office"})
    bullet = save(c, "item", {
        "description": "Spent bullet recovered from the store counter", "category": "firearm",
        "collected_date": dt.date(1994, 6, 12), "collected_by": kessler, "status": "exists",
        "current_location": "Lakeside Parish Sheriff's Office evidence room (fictional)",
    }, "Item 5: spent bullet recovered from the store counter")
    save(c, "number", {"item": bullet, "kind": "property", "number": "5", "agency": "Lakeside Parish Sheriff's Office"})
    fibers = save(c, "item", {
        "description": "Fibers lifted from the counter edge", "category": "trace", "status": "unknown",
    }, "Item 6: fibers lifted from the counter edge")
    save(c, "number", {"item": fibers, "kind": "property", "number": "6", "agency": "Lakeside Parish Sheriff's Office"})
    evidence_record_save(actor=actor, case=c, kind="test", recompute=False, values={
        "method": "fiber_trace", "lab": "State Crime Laboratory (fictional)", "analyst": prater, "items": [fibers],
        **_page_for(c, "Fibers (Item 6) were examined by Dr. Helen Prater of the State Crime Laboratory."),
    })
    for case in (odum_case, hale_case):
        findings_recompute(case=case, lens=LENS, actor=actor)
    from .proposals import proposals_run

    for case in (odum_case, hale_case):
        proposals_run(actor=actor, case=case)
    context.created.append("evidence records for LIC-DEMO-002 and LIC-DEMO-001 (fictional)")
