"""A real browser: drop a file on the case's Documents tab, watch it process, open the
viewer at a page with a search term, select a passage and save it as an excerpt."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from innocence.cases.demo import DEMO_PASSWORD, load_demo

from .conftest import make_pdf

PAGES = [
    "Fictional deposition, page one. Nothing of note on this page at all, only words.",
    "Fictional deposition, page two. Q. Who showed you the photographs? A. Detective Orlan Vesk did.",
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_drop_watch_view_and_excerpt(live_server: Any, chromium_page: Any) -> None:
    from innocence.documents.models import Document, Excerpt
    from innocence.jobs.queue import run_until_empty

    load_demo()
    page = chromium_page
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "attorney")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + "/cases/LIC-DEMO-004/documents/")
    page.wait_for_selector("[data-dropzone-target]")
    payload = base64.b64encode(make_pdf(PAGES)).decode()
    page.evaluate(
        """(b64) => {
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const transfer = new DataTransfer();
          transfer.items.add(new File([bytes], "deposition.pdf", {type: "application/pdf"}));
          const zone = document.querySelector("[data-dropzone-target]");
          zone.dispatchEvent(new DragEvent("drop", {dataTransfer: transfer, bubbles: true, cancelable: true}));
        }""",
        payload,
    )
    # A dropped file gets its row (provenance and type of its own) before it is sent.
    page.wait_for_selector("[data-file-rows] td:has-text('deposition.pdf')")
    page.select_option("select[name='doc_type:deposition.pdf']", "transcript")
    page.click("button:has-text('Add to')")
    page.wait_for_url("**batch=*")
    assert "1 file(s) added" in page.inner_text(".messages")
    run_until_empty()  # the background worker's part
    page.wait_for_selector(".batch-progress:has-text('1 done')", timeout=20000)

    document = Document.objects.get(title="deposition")
    assert document.doc_type == "transcript"
    page.goto(live_server.url + f"/documents/{document.pk}/view/?page=1&q=Vesk")
    assert "is on 1 page(s)" in page.inner_text(".find-results")
    page.click(".find-results a:has-text('next hit')")
    page.wait_for_url("**page=2**")
    assert page.inner_text("#page-text mark") == "Vesk"
    page.wait_for_function(
        "() => { const i = document.querySelector('.page-image img'); return i.complete && i.naturalWidth > 0; }"
    )
    page.evaluate(
        """() => {
          const pre = document.querySelector("#page-text");
          const node = pre.firstChild;
          const start = node.textContent.indexOf("Who showed");
          const range = document.createRange();
          range.setStart(node, start);
          range.setEnd(node, start + "Who showed you the photographs?".length);
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        }"""
    )
    page.wait_for_function("document.querySelector('[name=quote]').value.length > 0")
    page.fill("[name=tags]", "identification")
    page.fill("[name=note]", "who ran the array")
    page.click("button:has-text('Save excerpt')")
    page.wait_for_selector("text=Excerpt saved")
    excerpt = Excerpt.objects.get()
    assert excerpt.quote == "Who showed you the photographs?"
    assert excerpt.page.number == 2 and excerpt.tags == ["identification"]
    assert excerpt.page.text[excerpt.start_offset : excerpt.end_offset] == excerpt.quote

    # From the excerpt, a statement record in the Witness lens: document, page, quote carried over.
    page.click("a:has-text('Start a statement record')")
    page.wait_for_url("**/statement/new/?excerpt=*")
    assert page.input_value("[name=quote]") == "Who showed you the photographs?"
    assert page.input_value("[name=page_number]") == "2"
    assert page.input_value("[name=document]") == str(document.pk)
