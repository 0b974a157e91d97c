from __future__ import annotations

import io
from typing import Any

import pytest

from innocence.documents.models import Document, DocumentStatus, Page

from .conftest import make_pdf

pytestmark = pytest.mark.django_db


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = "Motion for post-conviction DNA testing (fictional)"
    document.add_paragraph("COMES NOW the petitioner, by counsel, and respectfully moves this Court.")
    document.add_paragraph("WHEREFORE the petitioner prays for relief. Certificate of service attached.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Item 3"
    table.rows[0].cells[1].text = "vaginal swab, retained"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_html_and_text(add: Any, drain: Any) -> None:
    docx_doc = add("motion.docx", _docx()).document
    html_doc = add(
        "page.html",
        b"<!doctype html><html><head><title>Clinic news</title><style>p{}</style>"
        b"<script>var hidden = 1;</script></head><body><h1>Fictional</h1><p>Visible words &amp; more.</p></body></html>",
    ).document
    text_doc = add("letter.txt", "Dear counsel,\fsecond page — café\n".encode()).document
    drain()
    docx_doc, html_doc, text_doc = (Document.objects.get(pk=d.pk) for d in (docx_doc, html_doc, text_doc))
    assert docx_doc.status == DocumentStatus.DONE, docx_doc.error
    docx_text = docx_doc.pages.get(number=1).text
    assert "COMES NOW" in docx_text and "Item 3 | vaginal swab, retained" in docx_text
    assert docx_doc.doc_type == "motion_brief"
    html_text = html_doc.pages.get(number=1).text
    assert "Visible words & more." in html_text and "hidden" not in html_text
    assert [p.text for p in text_doc.pages.order_by("number")] == ["Dear counsel,", "second page — café"]


def test_garbage_text_layer_is_marked_for_ocr() -> None:
    from innocence.documents.ingestors.pdf import text_is_usable

    assert text_is_usable("The witness said that he was at the store when the detective arrived.")
    assert not text_is_usable("\ue000\ue001\ue002" * 20)
    assert not text_is_usable("xzq bcd fgh jkl mnp qrs tvw xyz bcd")
    assert not text_is_usable("   ")


def test_consumers_get_the_event_and_a_failing_one_is_recorded_without_holding_back_others(
    add: Any, drain: Any, settings: Any
) -> None:
    from innocence.search.selectors import search_pages
    from tests.lensapp import consumers

    consumers.SEEN.clear()
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = ["search.index", "lensapp.count"]
    document = add("c.pdf", make_pdf(["A fictional page about a zeppelin and ordinary words."] * 2)).document
    consumers.FAIL = True
    try:
        drain()
    finally:
        consumers.FAIL = False
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE
    # one entry per consumer and chunk of pages ("lensapp.count:<first page id>")
    by_consumer = {key.split(":")[0]: value for key, value in document.consumer_errors.items()}
    assert "sightings index is offline" in by_consumer["lensapp.count"]
    assert "search.index" not in by_consumer
    assert len(search_pages(document.created_by, "zeppelin").hits) == 2  # the other consumer ran
    # The failed consumer's job is retried on its own; once it works, its error is cleared.
    from innocence.jobs.models import Job

    Job.objects.filter(name="documents.page_text_changed", status="queued").update(run_after="2000-01-01T00:00Z")
    drain()
    document.refresh_from_db()
    page_ids = list(Page.objects.filter(document=document).order_by("number").values_list("pk", flat=True))
    assert [page_ids] == consumers.SEEN
    assert document.consumer_errors == {}


def test_a_misspelled_consumer_is_an_error_not_a_silent_skip(add: Any, settings: Any) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from innocence.core.checks import check_extensions
    from innocence.documents.pipeline import page_text_changed

    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = ["search.index", "search.indx"]
    assert any(e.id == "innocence.E006" and "search.indx" in e.msg for e in check_extensions())
    with pytest.raises(ImproperlyConfigured, match=r"search\.indx"):
        page_text_changed(1, [1])


@pytest.mark.ocr
def test_multipage_tiff_is_ocrd_page_by_page(add: Any, drain: Any) -> None:
    from PIL import Image

    from .conftest import make_text_image

    frames = [
        Image.open(io.BytesIO(make_text_image(text))) for text in ("Detective Kessler", "Lineup of six")
    ]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="TIFF", save_all=True, append_images=frames[1:], dpi=(300, 300))
    document = add("scan.tif", buffer.getvalue()).document
    drain()
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE, document.error
    pages = list(document.pages.order_by("number"))
    assert [p.number for p in pages] == [1, 2]
    assert "Kessler" in pages[0].text and "Lineup" in pages[1].text
    assert all(p.text_source == "ocr" and (p.ocr_confidence or 0) > 50 for p in pages)
    from innocence.documents import storage

    assert document.searchable_pdf_path and storage.exists(document.searchable_pdf_path)
    with storage.open_file(document.searchable_pdf_path) as fh:
        assert fh.read(5) == b"%PDF-"


def test_ascii_word_counts_are_the_patterns_counts() -> None:
    """The byte-table counts of the text-layer check are exactly its two patterns' counts."""
    import random

    from innocence.documents.ingestors import pdf

    rng = random.Random(1)
    pieces = [*"abcdeyBCDYZ xq_19-.\n\t'", "the", "rhythm", "XYZ", "tsk", "a1b", "__", "cc", "Bcd"]
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(20000)]
    texts.append("".join(chr(c) for c in range(128)) * 3)
    for text in texts:
        expected = (len(pdf._ASCII_WORD.findall(text)), len(pdf._ASCII_NO_VOWEL_WORD.findall(text)))
        assert pdf._ascii_counts(text.encode("ascii")) == expected, text
