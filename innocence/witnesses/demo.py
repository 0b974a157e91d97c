"""FICTIONAL demo records for the Witness lens on LIC-DEMO-001 (State v. Hale).

Every person, statement and event here is invented. The story: the store clerk Gloria
Vance is shown Marcus Hale at a show-up 40 minutes after the robbery, then picks him from a
photo array the next day ("I think it's him"), and at trial says "I'm 100% sure". A jailhouse
informant, Curtis Bell, testifies to a confession and receives an undisclosed sentence
reduction. Idempotent: loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django.db import transaction

from innocence.cases.demo import DemoContext
from innocence.findings.services import findings_recompute

from .models import Informant, Statement
from .services import witness_record_save

CASE = "LIC-DEMO-001"


def _page_for(case: Any, phrase: str) -> dict[str, Any]:
    """If the documents demo filed pages on the case, cite the page that holds the phrase,
    with the passage exactly as it is on the page (line breaks included)."""
    from innocence.documents.models import Page

    pattern = re.compile(r"\s+".join(re.escape(word) for word in phrase.split()), re.IGNORECASE)
    for page in Page.objects.filter(document__case=case).select_related("document").order_by("document_id", "number"):
        match = pattern.search(page.text)
        if match:
            return {"document": page.document, "page_number": page.number, "quote": match.group(0)}
    return {}


@transaction.atomic
def load(context: DemoContext) -> None:
    case = context.cases.get(CASE)
    if case is None:
        return
    people = context.people
    vance, hale, kessler, bell = people["vance"], people["hale"], people["kessler"], people["bell"]
    actor = context.users["attorney"]
    if Statement.objects.filter(case=case, witness=vance).exists() or Informant.objects.filter(case=case).exists():
        return

    def save(kind: str, values: dict[str, Any], cite: str = "") -> Any:
        return witness_record_save(
            actor=actor, case=case, kind=kind, values={**values, **(_page_for(case, cite) if cite else {})},
            recompute=False,
        )

    night = save("statement", {
        "witness": vance, "kind": "police_interview", "date": dt.date(1994, 6, 12), "taken_by": kessler,
        "form": "officer_summary",
        "summary": "Fictional: clerk's account taken at the scene the night of the robbery.",
    }, "described the robber as")
    written = save("statement", {
        "witness": vance, "kind": "written_statement", "date": dt.date(1994, 6, 13), "taken_by": kessler,
        "form": "signed", "summary": "Fictional: signed statement at the sheriff's office.",
    })
    trial = save("statement", {
        "witness": vance, "kind": "trial", "date": dt.date(1995, 3, 14), "form": "verbatim",
        "summary": "Fictional: direct and cross-examination of the clerk.", "page_end": 2,
    }, "GLORIA VANCE, having been duly sworn")
    claims = [
        (night, "race", "black", "a black male, about 5'8\", wearing a dark hooded sweatshirt"),
        (night, "sex", "male", "a black male, about 5'8\", wearing a dark hooded sweatshirt"),
        (night, "height", "5'8\"", "a black male, about 5'8\", wearing a dark hooded sweatshirt"),
        (night, "clothing", "dark hooded sweatshirt", "a black male, about 5'8\", wearing a dark hooded sweatshirt"),
        (night, "facial_hair", "clean-shaven", "He didn't have no beard or nothing, clean-shaven."),
        (night, "weapon", "small black pistol", "He pointed a small black pistol at me."),
        (written, "height", "5'8\"", "He was about 5'8\"."),
        (written, "clothing", "dark hooded sweatshirt", "He had on a dark hooded sweatshirt."),
        (written, "weapon", "small black pistol", "a small black pistol"),
        (trial, "height", "about six feet", "He was tall, about six feet."),
        (trial, "facial_hair", "thin mustache", "He had a thin mustache."),
        (trial, "clothing", "red jacket", "He was wearing a red jacket."),
        (trial, "weapon", "silver revolver", "a silver revolver"),
        (trial, "certainty", "i'm 100% sure", "I'm 100% sure that's the man."),
    ]
    for statement, topic, value, quote in claims:
        cited = _page_for(case, quote) if statement.document else {}
        save("claim", {
            "statement": statement, "topic": topic, "value": value, "quote": cited.get("quote", quote),
            "document": cited.get("document"), "page_number": cited.get("page_number"), "status": "confirmed",
        })

    save("procedure", {
        "witness": vance, "suspect": hale, "kind": "show_up", "date": dt.date(1994, 6, 12), "sequence": 1,
        "delay_hours": Decimal("0.7"), "administrator": kessler, "administration": "non_blind",
        "result": "suspect", "feedback_given": True,
        "feedback_text": "A deputy told her 'we caught the guy'.",
        "video_recorded": False, "prior_exposure": False,
        "notes": "Fictional: Hale shown alone in the back of a patrol car two blocks from the store.",
    }, "viewed Mr. Hale alone in the back of a patrol car")
    save("procedure", {
        "witness": vance, "suspect": hale, "kind": "photo_array", "date": dt.date(1994, 6, 13), "sequence": 2,
        "delay_hours": Decimal("20"), "administrator": kessler, "administration": "non_blind",
        "instructions_unbiased": False,
        "instructions_text": "The detective said they had the guy and I should just confirm it.",
        "fillers_count": 5, "suspects_count": 1, "suspect_stood_out": None, "result": "suspect",
        "confidence_statement": "I think it's him", "confidence_immediate": True,
        "prior_exposure": True, "prior_exposure_text": "Saw Hale at the show-up the night before.",
        "video_recorded": False, "pre_lineup_interview": False,
    }, "She selected photograph 4 (Hale) and said: I think it's him.")
    save("procedure", {
        "witness": vance, "suspect": hale, "kind": "in_court", "date": dt.date(1995, 3, 14), "sequence": 3,
        "result": "suspect", "confidence_statement": "I'm 100% sure that's the man.",
    }, "Yes, at that table. I'm 100% sure that's the man.")
    save("viewing", {
        "witness": vance, "weapon_present": True, "lighting": "poor", "duration_seconds": 2,
        "stress": "high", "familiarity": "stranger",
        "notes": "Fictional: one flickering light over the counter; distance and race not yet recorded.",
    }, "She saw him for 'a couple of seconds' under one flickering light.")
    informant = save("informant", {
        "person": bell, "custody_status": "with_defendant", "heard_date": dt.date(1994, 8, 2), "testified": True,
        "statement_summary": "Said Hale told him in the parish jail that he shot the clerk's partner (fictional).",
        "corroborated": False,
    }, "inmate Curtis Bell contacted this office stating that Hale had confessed to him in the parish jail")
    save("benefit", {
        "informant": informant, "kind": "leniency_sentence", "stage": "received", "date": dt.date(1995, 5, 2),
        "description": "Sentence on his pending burglary charge reduced from 12 to 4 years (fictional).",
        "disclosed_to_defense": False,
        "notes": "Fictional: the reduction appears in Bell's own (not yet filed) docket; at trial the detective "
        "answered 'Not that I know of'.",
    }, "Did Curtis Bell receive any consideration for his statement?")
    findings_recompute(case=case, lens="witness", actor=actor)
    context.created.append("witness records for LIC-DEMO-001")
