"""The DNA-testing worksheet as a PDF draft (issue 15 item 7): the same elements and every
citation as the DOCX, a DRAFT marking, the statutes' authorities in full, and the same
export right (a viewer gets 403, off the case 404). All records are fictional."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pypdfium2
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PAGE = ("LAKESIDE PARISH SHERIFF (FICTIONAL) PROPERTY RECEIPT\n"
        "Item 89-2231: sexual assault kit received from Nurse Ilsa Fenwick-Dorr (fictional), sealed.\n")


def _text(content: bytes) -> str:
    pdf = pypdfium2.PdfDocument(content)
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    return " ".join(text.split())


@pytest.fixture
def cited_kit(lens: Any) -> Any:
    from innocence.documents.models import Document, Page, StoredFile

    case = lens.case
    digest = hashlib.sha256(b"fictional property receipt").hexdigest()
    stored = StoredFile.objects.create(organization=case.organization, sha256=digest, size=1,
                                       original_name="receipt.pdf", storage_path=f"test/{digest}")
    receipt = Document.objects.create(organization=case.organization, case=case, stored_file=stored,
                                      title="Property receipt (fictional)", page_count=1)
    Page.objects.create(document=receipt, number=1, text=PAGE, text_source="layer")
    kit = lens.save("item", description="Fictional kit", category="sa_kit", status="unknown", document=receipt,
                    page_number=1, quote="sexual assault kit received from Nurse Ilsa Fenwick-Dorr (fictional)")
    lens.save("custody", item=kit, kind="collected", date=dt.date(1989, 5, 28), to_text="Sheriff")
    return kit


def test_the_pdf_carries_every_element_citation_and_the_draft_marking(client: Any, world: Any, cited_kit: Any) -> None:
    from innocence.core.models import AuditEntry
    from innocence.evidence.worksheet import worksheet_for_case

    client.force_login(world.on_team)
    response = client.get(reverse("evidence:worksheet_pdf", args=[world.case.reference]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f'{world.case.reference}-dna-worksheet-draft.pdf' in response["Content-Disposition"]
    text = _text(response.content)
    pages = len(pypdfium2.PdfDocument(response.content))
    assert text.count("DRAFT — for motion preparation") >= pages  # the running marking, on every page
    assert "UNVERIFIED" in text and "Not recorded (not the same as not met)" in text
    sheet = worksheet_for_case(world.case)
    assert sheet.statutes, "the fixture case's state has a statute in the knowledge base"
    cites = 0
    for view in sheet.statutes:
        assert " ".join(view.statute.citation.split()) in text
        for element in view.elements:
            assert " ".join(element.element.text.split()) in text
            assert " ".join(f"{element.status_label}. {element.explanation}".split()) in text
            for support in element.support:
                assert " ".join(support.text.split()) in text
                if support.cite:
                    cites += 1
                    assert " ".join(support.cite.split()) in text, support.cite
    assert cites and "Property receipt (fictional) · p. 1 · “sexual assault kit received" in text
    assert AuditEntry.objects.filter(case_reference=world.case.reference,
                                     changes__viewed="DNA-testing worksheet (PDF)").exists()


def test_a_viewer_gets_403_and_off_the_case_404(client: Any, world: Any, cited_kit: Any) -> None:
    url = reverse("evidence:worksheet_pdf", args=[world.case.reference])
    client.force_login(world.viewer)
    response = client.get(url)
    assert response.status_code == 403 and b"%PDF" not in response.content
    for who in ("off_team", "walled_admin", "outsider"):
        client.force_login(getattr(world, who))
        response = client.get(url)
        assert response.status_code == 404 and b"Fictional kit" not in response.content


def test_the_worksheet_page_links_the_pdf_beside_the_docx_only_for_those_who_may_export(
        client: Any, world: Any, cited_kit: Any) -> None:
    page = reverse("evidence:worksheet", args=[world.case.reference])
    pdf = reverse("evidence:worksheet_pdf", args=[world.case.reference])
    client.force_login(world.on_team)
    html = client.get(page).content.decode()
    assert pdf in html and reverse("evidence:worksheet_docx", args=[world.case.reference]) in html
    client.force_login(world.viewer)
    assert pdf not in client.get(page).content.decode()
