"""PDF: the text layer through pypdfium2, and a per-page decision whether that text is
usable. A page with no text, or with garbage (broken font encodings, scanner noise), is
marked for OCR; a page that is blank and has no image is left alone."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from . import sniff
from .base import ExtractedPage, Extraction, IngestError, Ingestor, Sniffed

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_VOWELS = set("aeiouyAEIOUYàáâäèéêëìíîïòóôöùúûü")


def text_is_usable(text: str) -> bool:
    """True when a text layer reads like language, not like a broken encoding.

    Signals of garbage: few characters; many control, private-use or replacement characters;
    few letters among the non-space characters; "words" without vowels.
    """
    stripped = "".join(text.split())
    if len(stripped) < 20:
        return False
    bad = sum(1 for ch in stripped if ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs"))
    if bad / len(stripped) > 0.05:
        return False
    letters = sum(1 for ch in stripped if ch.isalpha())
    if letters / len(stripped) < 0.45:
        return False
    words = _WORD.findall(text)
    if len(words) < 3:
        return False
    voweled = sum(1 for w in words if any(ch in _VOWELS for ch in w) or not w.isascii())
    return voweled / len(words) >= 0.6


def open_pdf(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message:
            raise IngestError(
                "The PDF is protected by a password, so it cannot be read. "
                "Ask the sender for an unprotected copy and add that one."
            ) from exc
        raise IngestError(
            "The PDF is damaged and cannot be opened (it may be incomplete or not really a PDF)."
        ) from exc


def _has_image(page: pdfium.PdfPage) -> bool:
    count = pdfium_c.FPDFPage_CountObjects(page)
    for index in range(min(count, 500)):
        obj = pdfium_c.FPDFPage_GetObject(page, index)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM):
            return True
    return count > 500


class PdfIngestor(Ingestor):
    name = "pdf"
    label = "PDF"
    mimes = (sniff.PDF,)
    extensions = ("pdf",)

    def extract(self, path: Path, sniffed: Sniffed, *, depth: int = 0) -> Extraction:
        document = open_pdf(path)
        try:
            try:
                count = len(document)
            except pdfium.PdfiumError as exc:
                raise IngestError("The PDF is damaged: its list of pages cannot be read.") from exc
            if count == 0:
                raise IngestError("The PDF has no pages.")
            extraction = Extraction(render="pdf")
            try:
                title = document.get_metadata_value("Title")
            except Exception:
                title = ""
            extraction.title = (title or "").strip()[:300]
            damaged: list[int] = []
            for index in range(count):
                number = index + 1
                try:
                    page = document[index]
                except pdfium.PdfiumError:
                    damaged.append(number)
                    extraction.pages.append(ExtractedPage(number=number, source="none", needs_ocr=True))
                    continue
                try:
                    width, height = page.get_size()
                    textpage = page.get_textpage()
                    try:
                        text = textpage.get_text_range()
                    finally:
                        textpage.close()
                    text = text.replace("\r\n", "\n").replace("\r", "\n")
                    if text_is_usable(text):
                        extraction.pages.append(
                            ExtractedPage(number, text, "layer", False, int(width), int(height))
                        )
                    else:
                        extraction.pages.append(
                            ExtractedPage(
                                number,
                                text if text.strip() else "",
                                "layer" if text.strip() else "none",
                                needs_ocr=bool(text.strip()) or _has_image(page),
                                width=int(width),
                                height=int(height),
                            )
                        )
                finally:
                    page.close()
            if damaged:
                extraction.notes.append(
                    f"Page(s) {', '.join(map(str, damaged[:20]))} could not be read from the PDF."
                )
            return extraction
        finally:
            document.close()


def page_count(path: Path) -> int:
    document = open_pdf(path)
    try:
        return len(document)
    finally:
        document.close()
