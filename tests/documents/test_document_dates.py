"""A document's date read from its first page where the record states one ("DATE: 03/14/1987",
"Date of Report ...", a dated line at the top), kept with the page and the verbatim passage
and shown on the document page; "not recorded" when the page states none; a date entered by
hand is never replaced. The labels are data (knowledge/documents/date_labels.yaml), the parser
is the timeline's. Fictional pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from .conftest import make_pdf


@pytest.mark.parametrize(
    ("text", "date", "quote"),
    [
        ("FICTIONAL COUNTY SHERIFF\nOFFENSE REPORT\nDATE: 03/14/1987   TIME: 1430\nVictim: R. Quenby",
         dt.date(1987, 3, 14), "DATE: 03/14/1987"),
        ("Crime Laboratory\nDate of Report  March 14, 1987\nItem 1: hair",
         dt.date(1987, 3, 14), "Date of Report  March 14, 1987"),
        ("Case No. 87-0412    Report Date: 1987-03-15\nNarrative follows.", dt.date(1987, 3, 15), "Report Date: 1987-03-15"),
        ("Law Office of Fictive & Partners\n14 March 1987\nDear Ms. Ambrel,", dt.date(1987, 3, 14), "14 March 1987"),
        ("Date of Birth: 01/02/1960\nDate of Offense: 02/02/1987\nDate Typed: 03/16/1987",
         dt.date(1987, 3, 16), "Date Typed: 03/16/1987"),
        ("Dated this 14th day of March, 1987", dt.date(1987, 3, 14), "Dated this 14th day of March, 1987"),
    ],
)
def test_header_dates_are_read_with_their_passage(text: str, date: dt.date, quote: str) -> None:
    from innocence.timeline.document_dates import read_header_date

    found = read_header_date(text)
    assert found is not None and (found.date, found.quote) == (date, quote)
    assert found.quote in text  # verbatim


@pytest.mark.parametrize(
    "text",
    [
        "Fictional notes of a conversation about the blue sedan.\nNo date anywhere.",
        "Date of Birth: 01/02/1960\nSuspect: fictional",
        "DATE: June 1987\nOnly a month: not a document's day.",
        "DATE: 03/14/87\nTwo-digit year: the century is not on the page.",
        "DATE: on or about March 14, 1987",
        "DATE: 02/30/1987",
        "\n" * 40 + "DATE: 03/14/1987 (far below the header)",
    ],
)
def test_no_date_is_guessed(text: str) -> None:
    from innocence.timeline.document_dates import read_header_date

    assert read_header_date(text) is None


def test_day_of_the_month_without_label_is_not_a_document_date() -> None:
    from innocence.timeline.document_dates import read_header_date

    assert read_header_date("Page 1 of 3\nThe witness arrived on March 14, 1987 at the diner.") is None


@pytest.mark.django_db
def test_ingested_document_keeps_its_page_date_and_shows_it(world: Any, add: Any, drain: Any, settings: Any, client: Any) -> None:
    from innocence.documents import services
    from innocence.documents.models import Document

    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = ["timeline.document_date"]
    dated = add("report.pdf", make_pdf(["FICTIONAL POLICE DEPARTMENT\nDATE: 03/14/1987   TIME: 1430\nNarrative.", "p2"])).document
    undated = add("notes.pdf", make_pdf(["Fictional notes without a date line."])).document
    drain()
    dated.refresh_from_db()
    undated.refresh_from_db()
    assert (dated.doc_date, dated.doc_date_source, dated.doc_date_page, dated.doc_date_quote) == (
        dt.date(1987, 3, 14), "page", 1, "DATE: 03/14/1987",
    )
    assert (undated.doc_date, undated.doc_date_source) == (None, "")

    client.force_login(world.viewer)
    page = client.get(f"/documents/{dated.pk}/").content.decode()
    assert "Read from" in page and "page 1</a>: “DATE: 03/14/1987”" in page
    assert "Not recorded: no date found on the first page" in client.get(f"/documents/{undated.pk}/").content.decode()

    # A hand correction of the header moves the date; removing it clears it (never kept as a guess).
    first = dated.pages.get(number=1)
    services.page_correct(actor=world.on_team, page=first, text="FICTIONAL POLICE DEPARTMENT\nDATE: 03/15/1987\nNarrative.")
    drain()
    dated.refresh_from_db()
    assert (dated.doc_date, dated.doc_date_quote) == (dt.date(1987, 3, 15), "DATE: 03/15/1987")
    services.page_correct(actor=world.on_team, page=first, text="FICTIONAL POLICE DEPARTMENT\nNarrative.")
    drain()
    dated.refresh_from_db()
    assert (dated.doc_date, dated.doc_date_source, dated.doc_date_page) == (None, "", None)

    # A date entered by hand is the person's: no later reading replaces it.
    services.document_update(actor=world.on_team, document=dated, doc_date=dt.date(1987, 4, 1))
    services.page_correct(actor=world.on_team, page=first, text="DATE: 03/16/1987\nNarrative.")
    drain()
    dated = Document.objects.get(pk=dated.pk)
    assert (dated.doc_date, dated.doc_date_source, dated.doc_date_quote) == (dt.date(1987, 4, 1), "hand", "")


@pytest.mark.django_db
def test_page_date_travels_in_the_case_archive(world: Any, add: Any, drain: Any, settings: Any, tmp_path: Any) -> None:
    from innocence.cases.archive import export_case, import_case
    from innocence.documents.models import Document

    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = ["timeline.document_date"]
    add("report.pdf", make_pdf(["Report Date: 1987-03-15\nFictional."]))
    drain()
    path = tmp_path / "case.zip"
    export_case(actor=world.admin, case=world.case, destination=path)
    case = import_case(actor=world.outsider, organization=world.south, source=path, reference="SS-DATES").case
    copy = Document.objects.get(case=case)
    assert (copy.doc_date, copy.doc_date_source, copy.doc_date_page, copy.doc_date_quote) == (
        dt.date(1987, 3, 15), "page", 1, "Report Date: 1987-03-15",
    )
