"""FICTIONAL demo of the actor network. The demo's detective Raymond Kessler worked
LIC-DEMO-001 and LIC-DEMO-002; here the jailhouse informant Curtis Bell, who testified in
LIC-DEMO-001, also offers information in LIC-DEMO-002 — a letter to the prosecutor that
Det. Kessler received — so that the pair "officer and informant on the same two cases"
shows in the network with its cited pages. Every name and event is invented. Idempotent."""

from __future__ import annotations

import io
from typing import Any

from innocence.documents.demo import fictional_pdf

from . import services

LETTER: dict[str, Any] = {
    "case": "LIC-DEMO-002",
    "file": "Inmate Letter Bell 1989 (fictional).pdf",
    "title": "Letter from inmate Curtis Bell to the District Attorney, 1989",
    "pages": [
        "LAKESIDE PARISH JAIL (FICTIONAL) - INMATE CORRESPONDENCE\n"
        "To: ADA Arthur Tully, District Attorney's Office\n"
        "From: Mr. Curtis Bell, inmate, cell block C\n"
        "Date: August 30, 1989\n"
        "\n"
        "Det. Raymond Kessler asked me to write down what Terrence Odum\n"
        "told me in the day room. Odum said he knew the victim's street.\n"
        "I want the D.A. to remember I helped when my charge comes up.\n"
        "\n"
        "Received by Det. R. Kessler, Lakeside Parish Sheriff's Office, 08/31/1989",
    ],
}


def load(context: Any) -> None:
    from innocence.documents import services as documents
    from innocence.documents.models import Document, Page
    from innocence.jobs.queue import run_until_empty
    from innocence.people import extraction_service
    from innocence.people.models import CaseRole, Mention

    case = context.cases.get(LETTER["case"])
    bell = context.people.get("bell")
    if case is None or not case.is_fictional or bell is None:
        return
    # the role first, so that the letter's "Mr. Curtis Bell" resolves to the demo's Bell
    CaseRole.objects.get_or_create(
        case=case, person=bell, role="informant",
        defaults={"description": "jailhouse informant; letter to the prosecutor received by Det. Kessler"},
    )
    if not Document.objects.filter(case=case, title=LETTER["title"]).exists():
        result = documents.add_file(
            actor=context.users["admin"], organization=case.organization, case=case, name=LETTER["file"],
            stream=io.BytesIO(fictional_pdf(LETTER["pages"], LETTER["title"])), provenance="prosecutor_file",
        )
        run_until_empty()
        document = result.document
        document.refresh_from_db()
        documents.document_update(actor=context.users["admin"], document=document, title=LETTER["title"],
                                  doc_type="correspondence", tags=["fictional demo"])
        context.created.append(f"document {LETTER['title']}")
        pages = Page.objects.filter(document=document)
        if pages.exists() and not Mention.objects.filter(page__in=pages).exists():
            extraction_service.extract_case(case)  # the page-text consumers are off
    run_until_empty()
    fictional = [c.pk for c in context.cases.values() if c.is_fictional]
    services.refresh_cases(fictional)
