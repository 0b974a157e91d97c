"""The OCR engines on fictional generated scans: RapidOCR from the models its wheel ships
with networking switched off, the hybrid routing rule, column-aware reading order, native
resolution and page rotation, word boxes of both engines, the text layer drawn from them."""

from __future__ import annotations

import io
import json
import random
import socket
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from innocence.documents.ingestors import ocr
from innocence.documents.ingestors.layout import reading_order

needs_rapid = pytest.mark.skipif(not ocr.rapid_available(), reason="rapidocr is not installed")


def _font(size: int) -> Any:
    for name in ("DejaVuSansMono.ttf", "DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def scan(lines: list[str], *, size: int = 34, noise: float = 0.0, width: int = 1400) -> Image.Image:
    """A fictional typewritten page, optionally photocopied (blur, speckle)."""
    image = Image.new("L", (width, 90 + 70 * len(lines)), 255)
    draw = ImageDraw.Draw(image)
    for index, line in enumerate(lines):
        draw.text((60, 40 + 70 * index), line, fill=0, font=_font(size))
    if noise:
        rng = random.Random(7)
        image = image.filter(ImageFilter.GaussianBlur(1.2))
        pixels = image.load()
        assert pixels is not None
        for _ in range(int(image.width * image.height * noise)):
            x, y = rng.randrange(image.width), rng.randrange(image.height)
            pixels[x, y] = 0 if rng.random() < 0.5 else 255
    image.info["dpi"] = (300, 300)
    return image


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError("networking is switched off in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@needs_rapid
def test_rapidocr_reads_from_shipped_models_with_networking_off(no_network: None) -> None:
    ocr.rapid_engine.cache_clear()
    page = scan(["FICTIONAL REPORT", "Detective Orlaith Quenby met the witness."])
    result = ocr.rapid_ocr(page)
    assert result.engine == "rapidocr"
    assert "quenby" in result.text.lower() and "orlaith" in result.text.lower()
    assert result.confidence is not None and result.confidence > 50
    assert all(w.box[2] > w.box[0] and w.box[3] > w.box[1] for w in result.words)
    assert {w.text for w in result.words} >= {"Detective", "Quenby"}
    det, rec = ocr.rapid_model_paths()
    assert det.exists() and rec.exists()


@needs_rapid
def test_rapidocr_output_is_latin_only() -> None:
    result = ocr.rapid_ocr(scan(["rn m cl d 1 l 0 O (fictional)"], noise=0.01))
    assert all(ocr._latin(ch) or ch.isspace() for ch in result.text)


@needs_rapid
def test_hybrid_routes_low_confidence_pages_and_keeps_both_readings() -> None:
    page = scan(["Fictional page for the routing rule."])
    kept = ocr.ocr_image(page, engine="hybrid", threshold=0)
    assert kept.engine == "tesseract" and set(kept.readings) == {"tesseract"}
    routed = ocr.ocr_image(page, engine="hybrid", threshold=101)
    assert routed.engine == "rapidocr" and set(routed.readings) == {"tesseract", "rapidocr"}
    stored = json.loads(routed.words_json())
    assert stored["engine"] == "rapidocr" and stored["width"] == page.width
    assert stored["engines"]["tesseract"]["words"] and stored["engines"]["rapidocr"]["words"]
    assert ocr.needs_second_engine(None, 80) and ocr.needs_second_engine(79.9, 80)
    assert not ocr.needs_second_engine(80, 80)


@needs_rapid
def test_rapidocr_page_pdf_has_an_invisible_text_layer_from_its_word_boxes() -> None:
    import pypdfium2 as pdfium

    result = ocr.rapid_ocr(scan(["Fictional witness Tamsin Okonkwo-Reyes"]))
    document = pdfium.PdfDocument(result.pdf)
    try:
        text = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    assert "Tamsin" in text


def test_tesseract_words_have_boxes_and_lines() -> None:
    result = ocr.tesseract_ocr(scan(["First fictional line", "Second fictional line"]))
    assert result.engine == "tesseract"
    assert [w.text for w in result.words][:3] == ["First", "fictional", "line"]
    assert result.words[0].line == 0 and result.words[-1].line == 1
    assert result.confidence is not None


def test_reading_order_reads_columns_one_after_the_other() -> None:
    header = (100, 50, 1900, 100)
    left = [(100, 200 + 60 * i, 950, 240 + 60 * i) for i in range(5)]
    right = [(1050, 200 + 60 * i, 1900, 240 + 60 * i) for i in range(5)]
    footer = (100, 600, 1900, 640)
    boxes = [right[0], left[0], footer, right[1], left[1], header, *left[2:], *right[2:]]
    order = [boxes[i] for i in reading_order(boxes, page_width=2000)]
    assert order == [header, *left, *right, footer]


def test_reading_order_of_a_single_column_is_top_to_bottom() -> None:
    lines = [(100, 100 + 50 * i, 1500 - 40 * i, 140 + 50 * i) for i in range(8)]
    shuffled = lines[::-1]
    assert [shuffled[i] for i in reading_order(shuffled, page_width=1600)] == lines


def _image_pdf(image: Image.Image, dpi: int, rotate: int = 0) -> bytes:
    import pikepdf

    buffer = io.BytesIO()
    image.save(buffer, format="PDF", resolution=dpi)
    if not rotate:
        return buffer.getvalue()
    pdf = pikepdf.open(io.BytesIO(buffer.getvalue()))
    pdf.pages[0].Rotate = rotate
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_pdf_page_is_ocrd_at_its_native_resolution_with_its_rotation(tmp_path: Path) -> None:
    page = scan(["Fictional fax page at two hundred dpi"], width=1700)
    path = tmp_path / "fax.pdf"
    path.write_bytes(_image_pdf(page, 200))
    image = ocr.page_image(path, "pdf", 1)
    assert image.size == page.size
    assert round(image.info["dpi"][0]) == 200
    path.write_bytes(_image_pdf(page, 200, rotate=90))
    turned = ocr.page_image(path, "pdf", 1)
    assert turned.size == (page.height, page.width)
    assert ocr.page_image(path, "pdf", 1, 100).size[0] < turned.size[0]


def test_image_dpi_falls_back_to_300_for_nonsense() -> None:
    image = Image.new("L", (10, 10))
    assert ocr.image_dpi(image) == 300
    image.info["dpi"] = (200, 200)
    assert ocr.image_dpi(image) == 200
    image.info["dpi"] = (1, 1)
    assert ocr.image_dpi(image) == 300
