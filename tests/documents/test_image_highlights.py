"""Hits and citations on the page image: the OCR step keeps each page's word boxes, the viewer
draws search hits and excerpts over the image from them, and a quote read off the image is
accepted when it lines up with the OCR text (the matched span and similarity kept beside it).

Fictional scans generated here; real Tesseract reads them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from innocence.documents import services
from innocence.documents.models import Page
from innocence.documents.page_words import (
    boxes_for_offsets,
    load_words,
    text_word_boxes,
)
from innocence.documents.quote_alignment import align_quote, long_enough

from .conftest import make_text_image

OCR_TEXT = "Witness flinel Larkwend viewed the line up and picked tionvua Phemas at 14:00."


def _words_doc(words: list[str]) -> dict[str, Any]:
    """A words.json as the OCR step writes it: one line, each word 100 px wide."""
    return {
        "width": 1000,
        "height": 100,
        "engine": "tesseract",
        "engines": {
            "tesseract": {
                "confidence": 70,
                "words": [[w, 70, 10 + 100 * i, 20, 90 + 100 * i, 60, 0] for i, w in enumerate(words)],
            }
        },
    }


def test_text_words_are_placed_even_after_a_hand_correction() -> None:
    data = _words_doc(["Witness", "flinel", "Larkwend,", "Line-up"])
    # 'flinel' corrected to 'Mirel' by hand: it still sits where the OCR read it.
    boxes = text_word_boxes("Witness Mirel Larkwend, line up", data)
    assert [round(b.left) for b in boxes if b] == [1, 11, 21, 31, 37]
    assert all(b is not None for b in boxes)
    text = "Witness Mirel Larkwend, line up"
    assert len(boxes_for_offsets(text, boxes, text.index("Mirel"), text.index("Mirel") + 4)) == 1
    assert text_word_boxes("Nothing alike here", None) == [None, None, None]


def test_ocr_keeps_word_boxes_and_the_viewer_draws_hits(client: Any, add: Any, drain: Any, world: Any) -> None:
    image = make_text_image("FICTIONAL REPORT\nsuspect Morvus Phemas lineup", size=(1400, 360))
    document = add("fictional-scan.png", image).document
    drain()
    page = Page.objects.get(document=document, number=1)
    assert page.text_source == "ocr" and "Phemas" in page.text
    data = load_words(document.stored_file.sha256, 1)
    assert data is not None and data["engines"][data["engine"]]["words"]
    client.force_login(world.on_team)
    body = client.get(f"/documents/{document.pk}/view/", {"page": 1, "q": "phemas"}).content.decode()
    boxes = re.findall(r'class="image-hit" style="left:([\d.]+)%;top:([\d.]+)%;width:([\d.]+)%', body)
    assert len(boxes) == 1
    left, top, width = (float(v) for v in boxes[0])
    assert 0 < left < 100 and 0 < top < 100 and 0 < width < 30
    assert "data-key-next-page" not in body  # one page: nothing to move to
    assert 'data-zoom="1"' in body


def test_a_quote_read_off_the_image_lines_up_with_the_ocr_text() -> None:
    quote = "Witness Mirel Larkwend viewed the line-up and picked Morvus Phemas"
    alignment = align_quote(quote, OCR_TEXT)
    assert alignment is not None and alignment.similarity >= 0.8
    assert alignment.text == OCR_TEXT[: OCR_TEXT.index(" at 14")]
    assert OCR_TEXT[alignment.start : alignment.end] == alignment.text
    assert not long_enough("Mirel Larkwend")
    unrelated = align_quote("The defendant was at work in another parish all evening", OCR_TEXT)
    assert unrelated is None or unrelated.similarity < 0.8


@pytest.fixture
def scanned_page(world: Any, add: Any, drain: Any) -> Page:
    document = add("fictional-notes.txt", b"FICTIONAL notes, replaced by the OCR text below.\n").document
    drain()
    page = Page.objects.get(document=document, number=1)
    Page.objects.filter(pk=page.pk).update(text=OCR_TEXT, text_source="ocr", ocr_confidence=64.0)
    page.refresh_from_db()
    return page


def test_an_excerpt_keeps_the_quote_and_the_matched_ocr_span(client: Any, world: Any, scanned_page: Page) -> None:
    quote = "Witness Mirel Larkwend viewed the line up and picked Morvus Phemas"
    excerpt = services.excerpt_create(actor=world.on_team, page=scanned_page, quote=quote)
    assert excerpt.quote == quote
    assert excerpt.ocr_text.startswith("Witness flinel Larkwend") and excerpt.similarity >= 0.8
    assert OCR_TEXT[excerpt.start_offset : excerpt.end_offset] == excerpt.ocr_text
    assert "flinel" in excerpt.page_ref.url  # the viewer finds it by the OCR words
    exact = services.excerpt_create(actor=world.on_team, page=scanned_page, quote="viewed the line up")
    assert exact.ocr_text == "" and exact.similarity is None
    with pytest.raises(ValidationError, match="at least 3 words"):
        services.excerpt_create(actor=world.on_team, page=scanned_page, quote="Mirel Larkwend")
    with pytest.raises(ValidationError, match="not even approximately"):
        services.excerpt_create(
            actor=world.on_team, page=scanned_page, quote="The defendant was at work in another parish"
        )
    client.force_login(world.on_team)
    body = client.get(f"/documents/{scanned_page.document_id}/view/", {"page": 1}).content.decode()
    assert "Read off the image; the OCR text there reads" in body and "flinel Larkwend" in body


def test_a_short_quote_off_the_image_needs_three_words_and_twelve_letters(world: Any, scanned_page: Page) -> None:
    """The length minimum tuned on real tuning pages (eval/eval_ocr_search.py): three words and
    twelve letters identify a passage; fewer are refused, whatever they match. Fictional text."""
    assert long_enough("viewed the lime") and not long_enough("at 14 00")
    excerpt = services.excerpt_create(actor=world.on_team, page=scanned_page, quote="viewed the lime")
    assert excerpt.ocr_text == "viewed the line" and excerpt.similarity is not None
    with pytest.raises(ValidationError, match=r"at least 3 words \(12 letters\)"):
        services.excerpt_create(actor=world.on_team, page=scanned_page, quote="at 14 00")
    with pytest.raises(ValidationError, match="at least 3 words"):
        services.excerpt_create(actor=world.on_team, page=scanned_page, quote="the lime")
