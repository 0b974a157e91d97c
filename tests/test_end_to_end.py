"""One path from upload to finding with the real parts switched on: a FICTIONAL scanned PDF
uploaded through the web app, OCR'd by Tesseract, its page text event delivered through the
job queue to the real consumers (search index, people extraction), found by search, its
people extracted and resolved, a statement-claim proposal confirmed into the record, and a
finding that cites the page."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from typing import Any

import pytest

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.ocr]

LINES = (
    "SUPPLEMENTARY REPORT - FICTIONAL TEST RECORD",
    "Det. Quill Notreal interviewed the witness",
    "Dana Placeholder at the station.",
    "She said the man was a white male about 25",
    "years old wearing a green army jacket.",
    "She was shown the suspect in a show-up.",
)


def _scanned_pdf() -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("L", (2550, 3300), 255)
    draw = ImageDraw.Draw(image)
    try:
        font: Any = ImageFont.truetype("DejaVuSans.ttf", 52)
    except OSError:
        font = ImageFont.load_default(size=52)
    for i, line in enumerate(LINES):
        draw.text((200, 300 + i * 110), line, fill=0, font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PDF", resolution=300.0)  # an image only: no text layer
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _real_consumers(settings: Any, tmp_path: Any) -> None:
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = None  # every consumer the apps declare
    settings.MEDIA_ROOT = tmp_path / "files"
    from django.core.files.storage import default_storage

    default_storage._wrapped = None  # type: ignore[attr-defined]
    default_storage._setup()  # type: ignore[attr-defined]


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="needs Tesseract")
def test_upload_to_finding(world: Any, client: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from innocence.documents.models import Document
    from innocence.findings.models import Finding
    from innocence.jobs.queue import run_until_empty
    from innocence.people.models import Mention
    from innocence.witnesses.models import ClaimStatus
    from innocence.witnesses.services import witness_record_save

    case = world.case
    client.force_login(world.on_team)
    upload = SimpleUploadedFile("fictional-supplement.pdf", _scanned_pdf(), content_type="application/pdf")
    response = client.post(f"/documents/case/{case.reference}/upload/", {"files": [upload]})
    assert response.status_code in (200, 302)
    run_until_empty()  # process → OCR → finalize → page-text event → search + people consumers

    document = Document.objects.get(case=case)
    assert document.status == "done", document.error
    page = document.pages.get(number=1)
    assert page.text_source == "ocr" and "Notreal" in page.text
    assert document.consumer_errors == {}

    # Search, through the web page, finds the OCR'd name and cites the page.
    found = client.get("/search/", {"q": "Notreal", "case": case.reference})
    assert found.status_code == 200
    assert f"/documents/{document.pk}/view/" in found.content.decode()

    # People: the detective is extracted from the page and resolved into a person.
    mention = Mention.objects.filter(case=case, page=page, text__icontains="Notreal").first()
    assert mention is not None and mention.person is not None
    assert mention.person.full_name.endswith("Notreal")

    # The Witness lens: a statement on that page; its claims are proposed from the OCR'd
    # text, and one is confirmed into the record through the web.
    from innocence.people.models import CaseRole, Person

    witness = Person.objects.create(organization=world.north, full_name="Dana Placeholder", is_fictional=True)
    suspect = Person.objects.create(organization=world.north, full_name="Bram Tolliver", is_fictional=True)
    CaseRole.objects.create(case=case, person=witness, role="witness")
    CaseRole.objects.create(case=case, person=suspect, role="applicant")
    statement = witness_record_save(
        actor=world.on_team, case=case, kind="statement",
        values={"witness": witness, "kind": "police_interview", "date": dt.date(1994, 6, 12),
                "document": document, "page_number": 1},
    )
    client.post(f"/witnesses/cases/{case.reference}/statements/{statement.pk}/propose/")
    proposals = list(statement.claims.filter(status=ClaimStatus.PROPOSED))
    jacket = next(p for p in proposals if p.topic == "clothing")
    assert jacket.page_number == 1 and jacket.quote in page.text
    client.post(f"/witnesses/cases/{case.reference}/claims/{jacket.pk}/review/", {"action": "confirm"})
    jacket.refresh_from_db()
    assert jacket.status == ClaimStatus.CONFIRMED

    # A record of the show-up on that page makes a finding that cites the page, verbatim.
    quote = next(line for line in page.text.splitlines() if "show-up" in line).strip()
    witness_record_save(
        actor=world.on_team, case=case, kind="procedure",
        values={"witness": witness, "suspect": suspect, "kind": "show_up", "date": dt.date(1994, 6, 12),
                "document": document, "page_number": 1, "quote": quote},
    )
    finding = Finding.objects.get(case=case, rule_id="eyewitness.show_up")
    assert finding.status == "present"
    cited = [c for c in finding.citations.all() if c.document_id == document.pk and c.page_number == 1]
    assert cited and cited[0].quote == quote
    tab = client.get(f"/cases/{case.reference}/witnesses/")
    assert f"/documents/{document.pk}/view/" in tab.content.decode()
