"""PDF: the page tree through pypdfium2, the text layer through poppler's ``pdftotext``
(pdfium when it is not installed or cannot read a batch of pages), and a per-page decision
whether that text is usable. A page with no text, or with garbage (broken font encodings,
scanner noise), is marked for OCR; a page that is blank and has no image is left alone."""

from __future__ import annotations

import ctypes
import logging
import re
import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from . import sniff
from .base import ExtractedPage, Extraction, IngestError, Ingestor, Sniffed

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
# Control, replacement and private-use characters: what broken font encodings produce.
_BAD = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd\ue000-\uf8ff]")
_NOT_LETTER = re.compile(r"[\W\d_]+", re.UNICODE)
_NO_VOWEL_WORD = re.compile(r"\b[b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZ]{2,}\b")
_SPACE = re.compile(r"\s+")
# The same tests for an ASCII page, as byte deletions and ASCII-only patterns (the same
# answers there; half the CPU of the general path, on every page of a text PDF).
_ASCII_SPACE = bytes(c for c in range(128) if chr(c).isspace())
_ASCII_BAD = bytes(c for c in range(128) if _BAD.match(chr(c)))
_ASCII_LETTERS = bytes(c for c in range(128) if chr(c).isalpha())
#: the definitions the ASCII counts below keep (tests/documents/test_formats.py fuzzes them)
_ASCII_WORD = re.compile(r"[A-Za-z]{2,}")
_ASCII_NO_VOWEL_WORD = re.compile(_NO_VOWEL_WORD.pattern, re.ASCII)
#: a letter kept as "l", anything else a blank: the page's runs of letters by bytes.split
_LETTER_RUNS = bytes(ord("l") if c < 128 and chr(c).isalpha() else ord(" ") for c in range(256))
#: an ASCII word character (\w: a letter, a digit, "_") as "c" when it is one of
#: _NO_VOWEL_WORD's consonants, else "v"; anything else a blank
_CONSONANT_RUNS = bytes(
    (ord("c") if re.fullmatch(r"[b-df-hj-np-tv-xzB-DF-HJ-NP-TV-XZ]", chr(c)) else ord("v"))
    if c < 128 and re.fullmatch(r"\w", chr(c), re.ASCII) else ord(" ")
    for c in range(256)
)
#: a run of two or more consonants between blanks, once every blank is doubled (so that two
#: runs never share the blank between them)
_ALL_CONSONANTS = re.compile(rb" cc+ ")


def _ascii_counts(raw: bytes) -> tuple[int, int]:
    r"""How many matches _ASCII_WORD and _ASCII_NO_VOWEL_WORD have in this ASCII text, by byte
    tables instead of the two scans (a third of the text-layer check's CPU on every page).
    _ASCII_WORD's matches are the runs of two or more letters; _NO_VOWEL_WORD's (``\b`` on
    both sides) the runs of word characters that are all consonants, two or more of them."""
    lengths = list(map(len, raw.translate(_LETTER_RUNS).split()))
    words = len(lengths) - lengths.count(1)
    marked = b" " + raw.translate(_CONSONANT_RUNS).replace(b" ", b"  ") + b" "
    return words, len(_ALL_CONSONANTS.findall(marked))


def _ascii_text_is_usable(text: str) -> bool:
    raw = text.encode("ascii")
    stripped = raw.translate(None, _ASCII_SPACE)
    size = len(stripped)
    if size < 20:
        return False
    if (size - len(stripped.translate(None, _ASCII_BAD))) / size > 0.05:
        return False
    if (size - len(stripped.translate(None, _ASCII_LETTERS))) / size < 0.45:
        return False
    words, no_vowel = _ascii_counts(raw)
    if words < 3:
        return False
    return (words - no_vowel) / words >= 0.6


def text_is_usable(text: str) -> bool:
    """True when a text layer reads like language, not like a broken encoding.

    Signals of garbage: few characters; many control, private-use or replacement characters;
    few letters among the non-space characters; "words" without vowels. Regular expressions
    keep this at C speed (it runs on every page).
    """
    if text.isascii():
        return _ascii_text_is_usable(text)
    stripped = _SPACE.sub("", text)
    if len(stripped) < 20:
        return False
    if len(_BAD.findall(stripped)) / len(stripped) > 0.05:
        return False
    letters = len(_NOT_LETTER.sub("", stripped))
    if letters / len(stripped) < 0.45:
        return False
    words = len(_WORD.findall(text))
    if words < 3:
        return False
    return (words - len(_NO_VOWEL_WORD.findall(text))) / words >= 0.6


_ENCRYPT = re.compile(rb"/Encrypt\b")
_SECURITY_FILTER = re.compile(rb"/Filter\s*/([A-Za-z0-9._#-]+)")
#: How much of a PDF that would not open is searched for its encryption dictionary.
_ENCRYPT_SCAN = 64 * 1024 * 1024


def encryption_handler(path: Path) -> str:
    """The security handler a PDF names in its encryption dictionary ("Standard" for
    passwords, "Adobe.PubSec" for certificates), or "" when it declares none. Read from the
    raw bytes, only for a PDF that PDFium would not open, to say why."""
    with path.open("rb") as fh:
        data = fh.read(_ENCRYPT_SCAN)
    if not _ENCRYPT.search(data):
        return ""
    filters = [m.group(1).decode("latin-1") for m in _SECURITY_FILTER.finditer(data)]
    for name in filters:
        if name == "Standard" or "PubSec" in name or "PPKEF" in name:
            return name
    return "unknown"


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
        handler = encryption_handler(path)
        if "PubSec" in handler or "PPKEF" in handler:
            raise IngestError(
                "The PDF is encrypted for a certificate (public-key security): only the holder of the "
                "recipient's private key can open it, so it cannot be read here. Ask the sender for an "
                "unencrypted copy and add that one; the original is kept."
            ) from exc
        if handler or "security" in message:
            raise IngestError(
                "The PDF is encrypted with a security scheme that cannot be opened here (it is encrypted, "
                "not damaged). Ask the sender for an unencrypted copy; the original is kept."
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


#: Pages of text read by one ``pdftotext`` run: memory stays bounded by the batch, and the
#: run's start (a process, the PDF's cross-reference table) is paid once per batch.
TEXT_BATCH = 500
#: Below this many pages pdfium reads the text: starting pdftotext costs about what pdfium
#: spends on ten pages, so a short file would pay more for the process than it saves.
POPPLER_MIN_PAGES = 40
#: A ``pdftotext`` run that takes longer than this is given up; pdfium reads its pages.
TEXT_TIMEOUT = 300


def _pdftotext() -> str | None:
    return shutil.which("pdftotext")


def poppler_text(path: Path, first: int, last: int) -> list[str] | None:
    """The text of pages ``first``..``last`` (1-based) in reading order, as ``pdftotext``
    gives it by default (its "-raw" content-stream order breaks a rotated page's lines into
    words), with nothing cropped at the page edge (as pdfium crops nothing). pdftotext reads a
    text layer in about half pdfium's CPU, and pdfium's text page was the largest cost of
    ingesting a text PDF. None when pdftotext is missing, fails, or gives
    another number of pages (a damaged page tree): the caller reads those pages with pdfium."""
    program = _pdftotext()
    if program is None:
        return None
    command = [program, "-q", "-enc", "UTF-8", "-x", "-100000", "-y", "-100000", "-W", "300000",
               "-H", "300000", "-f", str(first), "-l", str(last), str(path), "-"]
    try:
        done = subprocess.run(command, capture_output=True, timeout=TEXT_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("pdftotext could not read pages %s-%s of %s: %s", first, last, path.name, exc)
        return None
    if done.returncode != 0:
        return None
    # Each page ends with a form feed; a form feed inside a page's text is not kept apart.
    parts = done.stdout.decode("utf-8", errors="replace").split("\f")
    if len(parts) != last - first + 2 or parts[-1].strip():
        return None
    return [part.rstrip("\n") for part in parts[:-1]]  # a page's last line ends with blank lines


def _lines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _page_size(document: pdfium.PdfDocument, index: int) -> tuple[int, int] | None:
    """A page's width and height in points, as displayed (rotation applied), read from the
    page tree without loading the page; None when the page cannot be found there."""
    size = pdfium_c.FS_SIZEF()
    if not pdfium_c.FPDF_GetPageSizeByIndexF(document, index, ctypes.byref(size)):
        return None
    return int(size.width), int(size.height)


def _flush_missing(extraction: Extraction, missing: list[int], damaged: list[int]) -> None:
    """A page loaded after pages that did not: those count as damaged (kept, for OCR)."""
    for lost in missing:
        damaged.append(lost)
        extraction.pages.append(ExtractedPage(number=lost, source="none", needs_ocr=True))
    missing.clear()


def _pdfium_text(page: pdfium.PdfPage) -> str:
    textpage = page.get_textpage()
    try:
        return str(textpage.get_text_range())
    finally:
        textpage.close()


#: Past the last page that loads, this many declared pages in a row that do not load end the
#: count: the rest of a declared page count is not believed.
MISSING_RUN = 1000


class PdfIngestor(Ingestor):
    name = "pdf"
    render = "pdf"
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
            declared = count
            extraction = Extraction(render="pdf")
            try:
                title = document.get_metadata_value("Title")
            except Exception:
                title = ""
            extraction.title = (title or "").strip()[:300]
            # The pages the page tree really holds, in one pass: a PDF can declare any page
            # count (/Count 100000 over four pages). A page that does not load counts (as
            # damaged) only when a later page loads; past the last page that loads, the
            # declared count is not believed, and MISSING_RUN misses in a row end the reading.
            damaged: list[int] = []
            missing: list[int] = []
            batch_start, batch = -1, None  # the batch of poppler's text holding `index`
            for index in range(declared):
                number = index + 1
                if declared >= POPPLER_MIN_PAGES and (index >= batch_start + TEXT_BATCH or batch_start < 0):
                    batch_start = index
                    batch = poppler_text(path, number, min(declared, index + TEXT_BATCH))
                text = None if batch is None else _lines(batch[index - batch_start])
                if text is not None and text_is_usable(text):
                    # A page with usable text needs no loading (its size comes from the page
                    # tree); loading each page was a third of pdfium's cost here.
                    size = _page_size(document, index)
                    if size is not None:
                        _flush_missing(extraction, missing, damaged)
                        extraction.pages.append(ExtractedPage(number, text, "layer", False, *size))
                        continue
                try:
                    page = document[index]
                except pdfium.PdfiumError:
                    missing.append(number)
                    if len(missing) >= MISSING_RUN:
                        break
                    continue
                _flush_missing(extraction, missing, damaged)
                try:
                    width, height = page.get_size()
                    if text is None:
                        text = _lines(_pdfium_text(page))
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
            count = len(extraction.pages)
            if count == 0:
                raise IngestError(
                    f"The PDF declares {declared:,} page(s) but none of them can be read: it is damaged."
                )
            if count < declared:
                extraction.notes.append(
                    f"The PDF declares {declared:,} pages but its page tree holds {count:,}; those "
                    f"{count:,} were read (the original is kept unchanged)."
                )
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
