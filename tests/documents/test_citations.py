"""PageRef: one citation type, one viewer link, for every app that cites a page."""

from __future__ import annotations

import pathlib
import re
from types import SimpleNamespace

from innocence.documents.citations import PageRef, quote_query, viewer_url


def test_viewer_url_opens_the_page_and_finds_the_query() -> None:
    assert viewer_url(7, 3, "halvorsen") == "/documents/7/view/?page=3&q=halvorsen"
    assert viewer_url(7) == "/documents/7/view/"
    assert viewer_url(None, 3) == ""  # the document is gone: no link, never a broken one


def test_a_quote_is_found_as_a_phrase_of_its_first_words() -> None:
    assert quote_query("Q. Did Det. Kessler show you the photo array? A. Yes.") == '"Q Did Det Kessler show you"'
    assert quote_query("Kessler") == "Kessler"
    assert quote_query("  ") == ""
    ref = PageRef(7, 2, "the photo array", document_title="Fictional transcript")
    assert ref.url == '/documents/7/view/?page=2&q=%22the+photo+array%22'
    assert ref.label == "Fictional transcript, p. 2"
    assert ref.has_page
    assert ref.as_dict()["url"] == ref.url
    # a search hit asks the viewer to find the user's query, not the quote
    assert PageRef(7, 2, "the photo array", query="array OR lineup").url.endswith("q=array+OR+lineup")


def test_page_ref_of_any_cited_record() -> None:
    record = SimpleNamespace(document_id=5, document_title="Kept title", page_number=4, quote="six photos")
    assert PageRef.of(record) == PageRef(5, 4, "six photos", document_title="Kept title")
    removed = SimpleNamespace(document_id=None, document_title="Deleted file", page_number=4, quote="")
    assert PageRef.of(removed).url == "" and PageRef.of(removed).has_page


def test_there_is_one_viewer_url() -> None:
    root = pathlib.Path(__file__).resolve().parents[2] / "innocence"
    copies = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if re.search(r"^def viewer_url\(", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert copies == ["documents/citations.py"]
