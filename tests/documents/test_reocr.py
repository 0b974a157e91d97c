"""Re-OCR of existing documents: on the queue with progress, hand corrections kept, every
earlier text kept, the search index brought up to date through the page-text event.
Fictional scans generated here; real Tesseract reads them."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from innocence.documents import services
from innocence.documents.models import Document, Page, PageTextVersion

from .conftest import make_text_image


def scanned_pdf(texts: list[str]) -> bytes:
    """A PDF whose pages are only images (a scan), one fictional line each."""
    from PIL import Image
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=letter)
    for text in texts:
        image = Image.open(io.BytesIO(make_text_image(text, size=(1500, 300))))
        pdf.drawImage(ImageReader(image), 36, 500, width=540, height=108)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture
def scan(add: Any, drain: Any, settings: Any) -> Document:
    settings.INNOCENCE_OCR_ENGINE = "tesseract"  # fast; the set-up itself is tested elsewhere
    document = add("fictional-scan.pdf", scanned_pdf(["FICTIONAL lineup notes", "FICTIONAL photo array"])).document
    drain()
    document.refresh_from_db()
    assert document.status == "done" and document.pages.filter(text_source="ocr").count() == 2
    return document


def test_reocr_rereads_keeps_earlier_text_and_corrections(scan: Document, world: Any, drain: Any, settings: Any) -> None:
    from innocence.search.selectors import search_pages

    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = ["search.index"]
    first, second = scan.pages.order_by("number")
    Page.objects.filter(pk=first.pk).update(text="stale reading of an old engine")
    services.page_correct(actor=world.on_team, page=second, text="FICTIONAL photo array (corrected by hand)")
    drain()
    assert services.document_reocr(actor=world.on_team, document=scan) == 1
    scan.refresh_from_db()
    assert scan.status == "processing" and scan.pages_done == 1 and scan.page_count == 2
    with pytest.raises(ValidationError, match="being processed"):
        services.document_reocr(actor=world.on_team, document=scan)
    drain()
    scan.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert scan.status == "done" and scan.pages_done == 2
    assert "lineup" in first.text.lower() and first.text_source == "ocr"
    assert second.text == "FICTIONAL photo array (corrected by hand)" and second.text_source == "corrected"
    kept = list(PageTextVersion.objects.filter(page=first))
    assert [k.text for k in kept] == ["stale reading of an old engine"] and kept[0].reason == "re-OCR (tesseract)"
    assert search_pages(world.on_team, "lineup").total == 1  # re-indexed by the event
    assert search_pages(world.on_team, "stale").total == 0


def test_reocr_refuses_text_formats_and_other_cases(add: Any, drain: Any, world: Any) -> None:
    document = add("fictional-notes.txt", b"FICTIONAL typed notes").document
    drain()
    with pytest.raises(ValidationError, match="no page images"):
        services.document_reocr(actor=world.on_team, document=document)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.document_reocr(actor=world.off_team, document=document)


def test_reocr_from_the_web_and_the_command_line(client: Any, scan: Document, world: Any) -> None:
    client.force_login(world.on_team)
    body = client.get(f"/documents/{scan.pk}/").content.decode()
    assert "Re-OCR" in body
    response = client.post(f"/documents/{scan.pk}/reocr/", follow=True)
    assert "2 page(s) will be read again" in response.content.decode()
    client.force_login(world.off_team)
    assert client.post(f"/documents/{scan.pk}/reocr/").status_code == 404
    out = io.StringIO()
    call_command("reocr", "--as", world.on_team.username, "--document", str(scan.pk), "--wait", stdout=out)
    assert "being processed" in out.getvalue() or "Done" in out.getvalue()
    scan.refresh_from_db()
    assert scan.status == "done"
    assert PageTextVersion.objects.filter(page__document=scan).count() == 2
