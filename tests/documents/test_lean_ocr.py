"""The searchable PDF of a scanned PDF keeps the original page (its 1-bit image as it was)
and lays the OCR text over it, as OCRmyPDF does: about the size of the original, never a
re-rendered grayscale copy, and the text lies where the words are on the image.
Pages are generated here (Pillow, fictional text)."""

from __future__ import annotations

import io
import subprocess
from typing import Any

import pytest

from innocence.documents.models import DocumentStatus


def _bilevel_scan(lines: list[str], pages: int = 2) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    frames = []
    for number in range(pages):
        image = Image.new("L", (1700, 2200), 255)  # letter at 200 dpi, like a fax
        draw = ImageDraw.Draw(image)
        try:
            font: Any = ImageFont.truetype("DejaVuSans.ttf", 34)
        except OSError:
            font = ImageFont.load_default(size=34)
        for index, line in enumerate(lines):
            draw.text((150, 150 + index * 90), f"{line} {number + 1}", fill=0, font=font)
        frames.append(image.convert("1"))
    buffer = io.BytesIO()
    frames[0].save(buffer, "PDF", resolution=200, save_all=True, append_images=frames[1:])
    return buffer.getvalue()


@pytest.mark.ocr
def test_searchable_pdf_keeps_the_original_scan_and_adds_only_text(add: Any, drain: Any, tmp_path: Any) -> None:
    import pikepdf

    from innocence.documents import storage

    original = _bilevel_scan(["FICTIONAL TRANSCRIPT Detective Quillfeather", "the witness said the lineup"])
    document = add("fax.pdf", original).document
    drain()
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE, document.error
    assert all(p.text_source == "ocr" for p in document.pages.all())
    with storage.open_file(document.searchable_pdf_path) as fh:
        searchable = fh.read()
    assert len(searchable) <= 1.5 * len(original) + 20_000, (len(searchable), len(original))
    with pikepdf.open(io.BytesIO(searchable)) as pdf, pikepdf.open(io.BytesIO(original)) as source:
        assert len(pdf.pages) == 2
        for page, before in zip(pdf.pages, source.pages, strict=True):
            images = [pikepdf.PdfImage(obj) for obj in page.images.values()]
            # The form of the text layer carries no image: the page's only image is the scan.
            kept = [pikepdf.PdfImage(obj) for obj in before.images.values()]
            assert [(i.bits_per_component, i.width, i.height) for i in kept] == [(1, 1700, 2200)]
            assert all(i.bits_per_component == 1 for i in images), [i.bits_per_component for i in images]
    path = tmp_path / "searchable.pdf"
    path.write_bytes(searchable)
    words = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # "FICTIONAL" starts 150 px from the left at 200 dpi: 54 points.
    line = next(w for w in words.splitlines() if ">FICTIONAL<" in w)
    x_min = float(line.split('xMin="')[1].split('"')[0])
    assert 45 <= x_min <= 65, line
