"""The text layer of a PDF: read by poppler's pdftotext in batches of pages, by pdfium when
pdftotext is missing or cannot read a batch, with the same text either way. Fictional text."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest

from innocence.documents.ingestors import pdf as pdf_ingestor
from innocence.documents.ingestors.pdf import PdfIngestor

from .conftest import make_pdf

PAGES = [
    "FICTIONAL REPORT page one\nDetective Orla Quennby spoke to the clerk at the counter\nThe clerk said the man wore a jacket",
    "Page two of the fictional report\nThe witness viewed a photo array of six men at the station",
    "",  # a blank page: no text, no image
    "Page four: Officer Tamsin Varne took the sample to the laboratory for the test",
]

needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.fixture(autouse=True)
def _poppler_for_short_files_too(monkeypatch: Any) -> None:
    monkeypatch.setattr(pdf_ingestor, "POPPLER_MIN_PAGES", 1)  # these fictional PDFs are short


def _extract(path: Path) -> list[tuple[int, str, str, bool, int, int]]:
    extraction = PdfIngestor().extract(path, None)  # type: ignore[arg-type]
    return [(p.number, p.text, p.source, p.needs_ocr, p.width, p.height) for p in extraction.pages]


def _write(tmp_path: Path, data: bytes, name: str = "report.pdf") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@needs_pdftotext
def test_pdftotext_and_pdfium_read_the_same_pages(tmp_path: Path, monkeypatch: Any) -> None:
    path = _write(tmp_path, make_pdf(PAGES))
    calls: list[tuple[int, int]] = []
    real = pdf_ingestor.poppler_text

    def counted(path: Path, first: int, last: int) -> list[str] | None:
        calls.append((first, last))
        return real(path, first, last)

    monkeypatch.setattr(pdf_ingestor, "poppler_text", counted)
    monkeypatch.setattr(pdf_ingestor, "TEXT_BATCH", 3)  # two batches: 1-3 and 4
    by_poppler = _extract(path)
    assert calls == [(1, 3), (4, 4)]
    monkeypatch.setattr(pdf_ingestor, "_pdftotext", lambda: None)
    by_pdfium = _extract(path)
    assert by_poppler == by_pdfium
    assert by_poppler[0][1].splitlines()[1] == "Detective Orla Quennby spoke to the clerk at the counter"
    assert by_poppler[2][1:4] == ("", "none", False)  # blank, no image: nothing to OCR
    assert by_poppler[0][4:] == (612, 792)


@needs_pdftotext
def test_a_batch_pdftotext_cannot_read_is_read_by_pdfium(tmp_path: Path, monkeypatch: Any) -> None:
    path = _write(tmp_path, make_pdf(PAGES))
    expected = _extract(path)
    real = pdf_ingestor.poppler_text
    monkeypatch.setattr(pdf_ingestor, "TEXT_BATCH", 2)
    # the second batch fails (as a damaged page tree or a killed pdftotext would)
    monkeypatch.setattr(pdf_ingestor, "poppler_text", lambda p, a, b: None if a == 3 else real(p, a, b))
    assert _extract(path) == expected


@needs_pdftotext
def test_an_answer_with_other_pages_than_asked_is_not_believed(tmp_path: Path) -> None:
    """pdftotext's pages are believed only when it gives exactly the pages asked for."""
    path = _write(tmp_path, make_pdf(PAGES))
    assert pdf_ingestor.poppler_text(path, 1, 4) is not None
    assert pdf_ingestor.poppler_text(path, 1, 9) is None  # the PDF has four pages, not nine
    assert pdf_ingestor.poppler_text(tmp_path / "missing.pdf", 1, 1) is None


@needs_pdftotext
def test_a_rotated_page_and_text_past_the_edge_read_as_pdfium_reads_them(tmp_path: Path, monkeypatch: Any) -> None:
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    sheet = canvas.Canvas(buffer, pagesize=letter)
    sheet.drawString(72, 700, "the witness said that he was at the store when the detective arrived")
    sheet.showPage()
    sheet.setFont("Courier", 10)
    # one line running past the right edge of the page: pdfium keeps all of it
    sheet.drawString(300, 700, "the fictional clerk counted the money in the drawer twice before the robbery")
    sheet.showPage()
    sheet.save()
    document = pdfium.PdfDocument(buffer.getvalue())
    document[0].set_rotation(90)
    rotated = tmp_path / "rotated.pdf"
    document.save(str(rotated))
    document.close()
    by_poppler = _extract(rotated)
    monkeypatch.setattr(pdf_ingestor, "_pdftotext", lambda: None)
    assert by_poppler == _extract(rotated)
    assert by_poppler[0][1] == "the witness said that he was at the store when the detective arrived"
    assert by_poppler[0][4:] == (792, 612)  # the page as displayed
    assert by_poppler[1][1].endswith("before the robbery")


@needs_pdftotext
def test_a_short_file_is_read_by_pdfium(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(pdf_ingestor, "POPPLER_MIN_PAGES", 40)
    calls: list[int] = []
    monkeypatch.setattr(pdf_ingestor, "poppler_text", lambda *a: calls.append(1))
    assert [p[0] for p in _extract(_write(tmp_path, make_pdf(PAGES)))] == [1, 2, 3, 4]
    assert calls == []


def test_without_pdftotext_a_pdf_is_still_read(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(pdf_ingestor, "_pdftotext", lambda: None)
    pages = _extract(_write(tmp_path, make_pdf(PAGES)))
    assert [p[0] for p in pages] == [1, 2, 3, 4]
    assert "Officer Tamsin Varne" in pages[3][1]
