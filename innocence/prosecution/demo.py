"""FICTIONAL demo records for the Prosecution lens on LIC-DEMO-001 (State v. Hale). Every
person, page, production and misconduct entry here is invented.

The story: the sheriff's incident report (police file) has two pages; page 2 is Det.
Kessler's supplemental report (the show-up, the non-blind photo array, the informant's
pending charge). The defense trial file holds only page 1 — scanned and OCR'd again, with
OCR noise — and the State's 1994 discovery response lists only page 1. A 2019 public-records
release to the clinic brought the whole report. The prosecutor's file holds ADA Tully's memo
agreeing to recommend a sentence reduction for the informant Curtis Bell; at trial Tully told
the jury Bell "was promised nothing". Det. Kessler, who also worked LIC-DEMO-002, has a
sustained (fictional) internal-affairs finding for coaching a witness during a photo array.
Idempotent: loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.db import transaction

from innocence.cases.demo import DemoContext
from innocence.documents.demo import fictional_pdf
from innocence.findings.services import findings_recompute

from .models import BradyItem, ItemStatus, MisconductRecord, Production
from .services import (
    brady_item_review,
    brady_item_save,
    conflict_save,
    misconduct_review,
    misconduct_save,
    production_assign,
    production_save,
)

CASE = "LIC-DEMO-001"

DOCUMENTS: tuple[dict[str, Any], ...] = (
    {
        "file": "Defense trial file - incident report copy (fictional).pdf",
        "title": "Defense trial file: incident report 94-0412, page 1 (fictional copy)",
        "provenance": "defense_file",
        "doc_type": "police_report",
        "doc_date": dt.date(1994, 6, 12),
        # page 1 of the sheriff's report as a second scan and OCR would read it
        "pages": [
            "LAKES1DE PARISH SHER1FF'S 0FFICE (FICTI0NAL)\n"
            "INCIDENT REP0RT   Case nurnber 94-0412\n"
            "0ffense: Arrned robbery / hornicide, Corner Market, 1100 Delacroix Street\n"
            "Rep0rting officer: Det. Rayrnond Kess1er\n"
            "Date of rep0rt: June 12, 1994\n"
            "\n"
            "NARRATIVE\n"
            "At approxirnately 21:10 the st0re clerk, Gloria Vance, reported that a rnan\n"
            "entered the st0re, dernanded the register and fired one sh0t, killing her\n"
            "business partner at the c0unter.\n"
            "Ms. Vance described the r0bber as\n"
            "a black rnale, about 5'8\", wearing a dark h00ded sweatshirt.\n"
            "She stated: He didn't have n0 beard or n0thing, clean-shaven.\n"
            "She stated: He p0inted a srnall black pist0l at rne.\n"
            "She saw hirn for 'a c0uple of seconds' under one flickering light.",
        ],
    },
    {
        "file": "DA memo re Curtis Bell (fictional).pdf",
        "title": "Prosecutor file: ADA Tully memo re Curtis Bell, 1995 (fictional)",
        "provenance": "prosecutor_file",
        "doc_type": "correspondence",
        "doc_date": dt.date(1995, 2, 20),
        "pages": [
            "OFFICE OF THE DISTRICT ATTORNEY, LAKESIDE PARISH (FICTIONAL)\n"
            "INTERNAL MEMORANDUM - February 20, 1995\n"
            "From: ADA Arthur Tully   Re: State v. Hale, witness Curtis Bell\n"
            "\n"
            "We agreed to recommend a reduced sentence on Bell's pending burglary charge\n"
            "in exchange for his testimony against Hale. Do not put this memo in the\n"
            "discovery file. A second clerk, Iris Penhallow, viewed the photo array on\n"
            "June 14 and did not identify anyone.",
        ],
    },
    {
        "file": "Trial Transcript Day 3 (fictional).pdf",
        "title": "Trial transcript, day 3, closing argument (State v. Hale, fictional)",
        "provenance": "court_file",
        "doc_type": "transcript",
        "doc_date": dt.date(1995, 3, 16),
        "pages": [
            "22ND JUDICIAL DISTRICT COURT (FICTIONAL) - STATE v. MARCUS HALE\n"
            "No. 94-CR-1187 - REPORTER'S TRANSCRIPT, March 16, 1995\n"
            "CLOSING ARGUMENT BY ADA ARTHUR TULLY:\n"
            "Curtis Bell was promised nothing. He came forward because it was the\n"
            "right thing to do, and the State made him no deal of any kind.\n"
            "THE COURT: Thank you, counsel.",
        ],
    },
)




def _documents(case: Any, admin: Any) -> dict[str, Any]:
    from innocence.documents import services as documents
    from innocence.documents.models import Document
    from innocence.jobs.queue import run_until_empty

    added = []
    for spec in DOCUMENTS:
        if Document.objects.filter(case=case, title=spec["title"]).exists():
            continue
        result = documents.add_file(actor=admin, organization=case.organization, case=case, name=spec["file"],
                                    stream=io.BytesIO(fictional_pdf(spec["pages"], spec["title"])),
                                    provenance=spec["provenance"])
        if not result.duplicate:
            added.append((result.document, spec))
    if added:
        run_until_empty()  # text, then the page-text consumers (signatures, proposals)
        for document, spec in added:
            document.refresh_from_db()
            documents.document_update(actor=admin, document=document, title=spec["title"],
                                      doc_type=spec["doc_type"], doc_date=spec["doc_date"],
                                      tags=["fictional demo"])
    return {d.title: d for d in Document.objects.filter(case=case)}


def _on_page(document: Any, phrase: str) -> tuple[int, str]:
    """The page of ``document`` holding ``phrase`` and the passage exactly as on the page."""
    import re

    pattern = re.compile(r"\s+".join(re.escape(w) for w in phrase.split()), re.IGNORECASE)
    for page in document.pages.order_by("number"):
        match = pattern.search(page.text)
        if match:
            return page.number, match.group(0)
    raise LookupError(f"'{phrase}' is not on '{document.title}'")


@transaction.atomic
def load(context: DemoContext) -> None:
    case = context.cases.get(CASE)
    if case is None or Production.objects.filter(case=case).exists():
        return
    actor = context.users["attorney"]
    docs = _documents(case, context.users["admin"])
    report = docs.get("Incident report 94-0412, Lakeside Parish Sheriff's Office")
    transcript = docs.get("Trial transcript, day 2 (State v. Hale)")
    defense = docs.get(DOCUMENTS[0]["title"])
    memo = docs.get(DOCUMENTS[1]["title"])
    closing = docs.get(DOCUMENTS[2]["title"])
    if not (report and transcript and defense and memo and closing):
        return  # the documents demo did not run
    kessler, bell, tully = context.people["kessler"], context.people["bell"], context.people["tully"]

    discovery = production_save(actor=actor, case=case, recompute=False, values={
        "title": "State's discovery response (fictional)", "kind": "discovery", "producer": "prosecutor",
        "producer_name": "Lakeside Parish DA's office (fictional)", "recipient": "defense",
        "recipient_name": "Nora Quill, trial counsel (fictional)", "date": dt.date(1994, 11, 2),
        "bates_start": "HALE-000001", "bates_end": "HALE-000001",
        "description": "Fictional: the response lists the incident report's first page only.",
    })
    production_assign(actor=actor, production=discovery, documents=[report], page_start=1, page_end=1,
                      recompute=False)
    release = production_save(actor=actor, case=case, recompute=False, values={
        "title": "Sheriff's public-records release (fictional)", "kind": "records_release", "producer": "police",
        "producer_name": "Lakeside Parish Sheriff's Office (fictional)", "recipient": "organization",
        "recipient_name": "Lakeside Innocence Clinic (fictional)", "date": dt.date(2019, 8, 14),
        "bates_start": "LPSO-2019-0001", "bates_end": "LPSO-2019-0002",
    })
    production_assign(actor=actor, production=release, documents=[report], recompute=False)

    # Confirm the proposals the page pass made on the supplemental report and the memo.
    for item in BradyItem.objects.filter(case=case, status=ItemStatus.PROPOSED, document__in=[report, memo]):
        keep = {("tentative_identification", report.pk), ("witness_benefit", memo.pk), ("non_identification", memo.pk)}
        if (item.pattern_id, item.document_id) in keep:
            brady_item_review(actor=actor, item=item, accept=True)
    page, quote = _on_page(report, "She selected photograph 4 (Hale) and said: I think it's him.")
    found = BradyItem.objects.filter(case=case, document=report, page_number=page, status=ItemStatus.CONFIRMED).first()
    values = {
        "document": report, "page_number": page, "quote": quote, "category": "prior_inconsistent",
        "favorable": "impeaching", "held_by": "police", "witness": context.people["vance"],
        "why": "Fictional: a tentative identification ('I think it's him'), against '100% sure' at trial.",
        "disclosure": "not_disclosed",
        "disclosure_note": "Fictional: page 2 is not in the defense trial file, and the discovery response lists "
        "page 1 only.",
        "prejudice": True,
        "prejudice_reason": "Fictional assessment: the conviction rests on this one stranger identification.",
    }
    brady_item_save(actor=actor, case=case, instance=found, values=values, recompute=False)
    page, quote = _on_page(memo, "did not identify anyone")
    found = BradyItem.objects.filter(case=case, document=memo, page_number=page, pattern_id="non_identification").first()
    brady_item_save(actor=actor, case=case, instance=found, recompute=False, values={
        "document": memo, "page_number": page, "quote": quote, "category": "non_identification",
        "favorable": "exculpatory", "held_by": "prosecutor", "disclosure": "not_disclosed", "status": "confirmed",
        "why": "Fictional: a second witness viewed the array and identified no one.",
    })
    from innocence.witnesses.models import InformantBenefit

    benefit = InformantBenefit.objects.filter(case=case, informant__person=bell).first()
    page, quote = _on_page(memo, "We agreed to recommend a reduced sentence")
    found = BradyItem.objects.filter(case=case, document=memo, page_number=page, pattern_id="witness_benefit").first()
    brady_item_save(actor=actor, case=case, instance=found, recompute=False, values={
        "document": memo, "page_number": page, "quote": quote, "category": "witness_benefit",
        "favorable": "impeaching", "held_by": "prosecutor", "witness": bell, "informant_benefit": benefit,
        "disclosure": "not_disclosed", "status": "confirmed",
        "disclosure_note": "Fictional: the memo says 'Do not put this memo in the discovery file.'",
    })
    t_page, t_quote = _on_page(closing, "Curtis Bell was promised nothing.")
    conflict_save(actor=actor, case=case, recompute=False, values={
        "witness": tully, "summary": "the prosecutor's own memo of February 20, 1995 records the deal (fictional).",
        "testimony_document": closing, "testimony_page": t_page, "testimony_quote": t_quote,
        "document": memo, "page_number": _on_page(memo, "in exchange for his testimony")[0],
        "quote": _on_page(memo, "We agreed to recommend a reduced sentence")[1],
        "informant_benefit": benefit, "state_knew": True, "corrected": False,
    })
    k_page, k_quote = _on_page(transcript, "Not that I know of.")
    conflict_save(actor=actor, case=case, recompute=False, values={
        "witness": kessler, "summary": "asked whether Bell received consideration; the DA's memo records the "
        "agreement (fictional).", "testimony_document": transcript, "testimony_page": k_page,
        "testimony_quote": k_quote, "document": memo, "page_number": page, "quote": quote,
        "informant_benefit": benefit, "state_knew": None, "corrected": False,
    })
    if not MisconductRecord.objects.filter(person=kessler).exists():
        entry = misconduct_save(actor=actor, organization=case.organization, values={
            "person": kessler, "actor_role": "officer", "agency": "Lakeside Parish Sheriff's Office (fictional)",
            "kind": "witness_tampering", "status": "sustained", "source_kind": "disciplinary",
            "date": dt.date(1997, 8, 1),
            "description": "Fictional: coached a witness during a photo array in an unrelated 1996 robbery case.",
            "source_title": "LPSO Internal Affairs disposition IA-97-014 (fictional)",
            "source_date": dt.date(1997, 8, 1), "source_url": "https://example.invalid/lpso/ia-97-014",
            "source_quote": "The allegation that Det. Kessler suggested a photograph to the witness is SUSTAINED.",
        })
        misconduct_review(actor=context.users["admin"], record=entry)
        misconduct_save(actor=actor, organization=case.organization, values={
            "person": kessler, "actor_role": "officer", "kind": "concealing_exculpatory", "status": "alleged",
            "source_kind": "own_case", "case": case, "document": report, "page_number": 2,
            "quote": _on_page(report, "Bell has a burglary charge pending.")[1],
            "description": "Fictional: the supplemental report naming the informant's pending charge did not reach "
            "the defense (our allegation, not a finding).",
        })
    findings_recompute(case=case, lens="prosecution", actor=actor)
    context.created.append("prosecution records for LIC-DEMO-001")
