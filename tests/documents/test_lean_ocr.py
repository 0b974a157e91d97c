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
def test_searchable_pdf_keeps_the_original_scan_and_adds_only_text(
    add: Any, drain: Any, tmp_path: Any
) -> None:
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
            # Not a copy made again: the scan's own compressed bytes, as they were, and no
            # other image anywhere on the page (the text layer's form included).
            assert [obj.read_raw_bytes() for obj in page.get_images().values()] == [
                obj.read_raw_bytes() for obj in before.get_images().values()
            ]
    path = tmp_path / "searchable.pdf"
    path.write_bytes(searchable)
    words = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # "FICTIONAL" starts 150 px from the left at 200 dpi: 54 points.
    line = next(w for w in words.splitlines() if ">FICTIONAL<" in w)
    x_min = float(line.split('xMin="')[1].split('"')[0])
    assert 45 <= x_min <= 65, line


@pytest.mark.ocr
def test_each_page_is_one_tesseract_run_on_the_page_at_its_own_resolution(
    add: Any, drain: Any, monkeypatch: Any
) -> None:
    """The lean path: one engine run per page (text, word boxes and the text layer from the
    same run, never a second run for boxes), on the page as rendered at the scan's native
    200 dpi (no 300-dpi re-render), handed over uncompressed (PNM, no PNG encoding)."""
    from PIL import Image

    from innocence.documents.ingestors import ocr

    runs: list[dict[str, Any]] = []
    real_run = subprocess.run

    def spy(args: Any, *rest: Any, **kwargs: Any) -> Any:
        if args and args[0] == "tesseract":
            with Image.open(args[1]) as image:
                runs.append(
                    {"args": list(args), "format": image.format, "size": image.size, "mode": image.mode}
                )
        return real_run(args, *rest, **kwargs)

    monkeypatch.setattr(ocr.subprocess, "run", spy)
    document = add(
        "fax.pdf", _bilevel_scan(["FICTIONAL TRANSCRIPT Detective Quillfeather"], pages=3)
    ).document
    drain()
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE, document.error
    assert [p.text_source for p in document.pages.order_by("number")] == ["ocr"] * 3
    assert len(runs) == 3, [r["args"] for r in runs]
    for run in runs:
        assert run["format"] == "PPM" and run["size"] == (1700, 2200) and run["mode"] == "L", run
        args = run["args"]
        assert args[args.index("--dpi") + 1] == "200", args
        assert "textonly_pdf=1" in args and args[-3:] == ["txt", "tsv", "pdf"], args


@pytest.mark.ocr
def test_the_uncompressed_engine_input_reads_exactly_as_the_png_did() -> None:
    """Same pixels, same reading: the text-only layer's PNM input gives Tesseract's reading
    of the PNG it replaced, word for word, box for box."""
    from PIL import Image, ImageDraw, ImageFont

    from innocence.documents.ingestors import ocr

    image = Image.new("L", (1700, 700), 255)
    draw = ImageDraw.Draw(image)
    try:
        font: Any = ImageFont.truetype("DejaVuSans.ttf", 34)
    except OSError:
        font = ImageFont.load_default(size=34)
    for index, line in enumerate(
        ["FICTIONAL TRANSCRIPT page 4", "Q. Did Detective Vorlandsen show you", "a photo array?"]
    ):
        draw.text((150, 120 + index * 90), line, fill=0, font=font)
    # A grey scan (anti-aliased edges), not only black and white: the input is not binarized here.
    image = image.resize((1275, 525)).resize((1700, 700))
    lean = ocr.tesseract_ocr(image, dpi=200, text_only=True)
    png = ocr.tesseract_ocr(image, dpi=200, text_only=False)
    assert "Vorlandsen" in lean.text
    assert lean.text == png.text
    assert [w.as_list() for w in lean.words] == [w.as_list() for w in png.words]
