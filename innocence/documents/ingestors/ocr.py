"""OCR of single pages with Tesseract, and the searchable PDF derivative.

One Tesseract run per page produces, at once, the text, the word confidences (TSV) and a
one-page PDF with the page image and an invisible text layer (Tesseract's own PDF renderer,
the one OCRmyPDF's hocr-less mode uses). The searchable PDF of a document is assembled
from those pages and the original's untouched text-layer pages with pikepdf (OCRmyPDF's
PDF library). Tesseract runs single-threaded (OMP_THREAD_LIMIT=1); parallelism comes from
running pages in separate worker processes.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from django.conf import settings
from PIL import Image

from .base import IngestError
from .image import load_frame
from .pdf import open_pdf

OCR_DPI = 300
VIEW_DPI = 110
MAX_RENDER_PIXELS = 60_000_000
TIMEOUT_SECONDS = 300


@dataclass
class OcrResult:
    text: str
    confidence: float | None  # mean word confidence 0–100, None when no word was found
    pdf: bytes  # one-page searchable PDF


def render_pdf_page(path: Path, number: int, dpi: int) -> Image.Image:
    document = open_pdf(path)
    try:
        page = document[number - 1]
        try:
            width, height = page.get_size()
            scale = dpi / 72
            pixels = width * height * scale * scale
            if pixels > MAX_RENDER_PIXELS:
                scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
            bitmap = page.render(scale=scale, grayscale=True)
            image = bitmap.to_pil()
            image.info["dpi"] = (dpi, dpi)
            return image
        finally:
            page.close()
    except pdfium.PdfiumError as exc:
        raise IngestError(f"Page {number} of the PDF cannot be rendered.") from exc
    finally:
        document.close()


def page_image(path: Path, render: str, number: int, dpi: int = OCR_DPI) -> Image.Image:
    if render == "pdf":
        return render_pdf_page(path, number, dpi)
    if render == "image":
        return load_frame(path, number)
    raise IngestError("This document has no page images.")


def _mean_confidence(tsv: str) -> float | None:
    values: list[float] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        try:
            conf = float(row.get("conf") or -1)
        except ValueError:
            continue
        if conf >= 0 and (row.get("text") or "").strip():
            values.append(conf)
    return round(sum(values) / len(values), 1) if values else None


def tesseract_env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def ocr_image(image: Image.Image, *, dpi: int = OCR_DPI) -> OcrResult:
    languages = getattr(settings, "INNOCENCE_OCR_LANGUAGES", "eng") or "eng"
    with tempfile.TemporaryDirectory(prefix="innocence-ocr-") as tmp:
        source = Path(tmp) / "page.png"
        if image.mode not in ("L", "RGB", "1"):
            image = image.convert("RGB")
        # PNG at the lowest compression level: lossless and quick to write.
        image.save(source, format="PNG", compress_level=1, dpi=(dpi, dpi))
        base = Path(tmp) / "out"
        try:
            completed = subprocess.run(
                [
                    "tesseract",
                    str(source),
                    str(base),
                    "-l",
                    languages,
                    "--dpi",
                    str(dpi),
                    "txt",
                    "tsv",
                    "pdf",
                ],
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                env=tesseract_env(),
                check=False,
            )
        except FileNotFoundError as exc:
            raise IngestError("OCR is not available: Tesseract is not installed.", permanent=False) from exc
        except subprocess.TimeoutExpired as exc:
            raise IngestError("OCR of this page took more than five minutes and was stopped.") from exc
        if completed.returncode != 0:
            detail = completed.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
            raise IngestError(f"OCR failed on this page ({detail[0][:200]}).", permanent=False)
        text = (base.with_suffix(".txt")).read_text(encoding="utf-8", errors="replace")
        tsv = (base.with_suffix(".tsv")).read_text(encoding="utf-8", errors="replace")
        pdf = (base.with_suffix(".pdf")).read_bytes()
    return OcrResult(text=text.replace("\f", "").strip("\n"), confidence=_mean_confidence(tsv), pdf=pdf)


def assemble_searchable_pdf(original: Path | None, page_pdfs: dict[int, bytes], page_count: int) -> bytes:
    """A PDF of all pages: the OCR'd pages from Tesseract's one-page PDFs, the others taken
    from the original PDF as they are."""
    import pikepdf

    output = pikepdf.Pdf.new()
    source = pikepdf.open(original) if original is not None else None
    opened: list[pikepdf.Pdf] = []
    try:
        for number in range(1, page_count + 1):
            if number in page_pdfs:
                single = pikepdf.open(io.BytesIO(page_pdfs[number]))
                opened.append(single)
                output.pages.append(single.pages[0])
            elif source is not None and number <= len(source.pages):
                output.pages.append(source.pages[number - 1])
        buffer = io.BytesIO()
        output.save(buffer)
        return buffer.getvalue()
    finally:
        for single in opened:
            single.close()
        if source is not None:
            source.close()
