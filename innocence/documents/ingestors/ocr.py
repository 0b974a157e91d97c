"""OCR of single pages, and the searchable PDF derivative.

Two engines read a page (both run locally; nothing is downloaded):

- **Tesseract** (Debian package), one run per page producing the text, the word boxes and
  confidences (TSV) and a one-page PDF with the page image and an invisible text layer;
- **RapidOCR** (PyPI ``rapidocr`` on ``onnxruntime``) with the PP-OCRv6 small detection and
  recognition models its wheel ships, the angle classifier off (the PDF's own page rotation is
  applied instead) and its output restricted to Latin characters. It reads typewritten,
  photocopied and faxed pages much better than Tesseract, at 3–5 times the CPU.

``INNOCENCE_OCR_ENGINE`` chooses: ``"hybrid"`` (the default) runs Tesseract first and
RapidOCR on a page whose mean Tesseract word confidence is below
``INNOCENCE_OCR_HYBRID_THRESHOLD`` (clean modern pages score 85–95, old scans 45–76), keeping
the page RapidOCR read; ``"tesseract"`` or ``"rapidocr"`` alone. Lines found by RapidOCR are
put in reading order column by column (:mod:`.layout`); its page PDF is drawn by OCRmyPDF's
hOCR renderer (fpdf2) from the word boxes over the page image. The word boxes and
confidences of every engine that ran are kept (:meth:`OcrResult.words_json`) for the viewer.

A page is OCR'd at its native resolution: the scale of the page's largest embedded image,
never an assumed 300 dpi (a 200-dpi fax rendered at 300 dpi costs a third more CPU for the
same or worse text). The searchable PDF of a document is assembled from the pages' PDFs and
the original's untouched text-layer pages with pikepdf. Each engine runs single-threaded;
parallelism comes from running pages in separate worker processes.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import tempfile
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from django.conf import settings
from PIL import Image

from .base import IngestError
from .image import load_frame
from .layout import group_rows, reading_order
from .pdf import open_pdf

OCR_DPI = 300  # pages without an embedded image (vector text, drawings)
MIN_NATIVE_DPI = 150
MAX_NATIVE_DPI = 600
VIEW_DPI = 110
MAX_RENDER_PIXELS = 60_000_000
TIMEOUT_SECONDS = 300
ENGINES = ("hybrid", "tesseract", "rapidocr")
DEFAULT_HYBRID_THRESHOLD = 85.0  # tuned on the tuning split only (eval/eval_ocr.py)


@dataclass
class Word:
    text: str
    conf: float  # 0–100
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in pixels of the OCR'd image
    line: int  # line number in reading order, from 0

    def as_list(self) -> list[Any]:
        return [self.text, round(self.conf, 1), *self.box, self.line]


@dataclass
class OcrResult:
    text: str
    confidence: float | None  # mean word confidence 0–100, None when no word was found
    pdf: bytes  # one-page searchable PDF
    engine: str = "tesseract"  # the engine whose reading is the page's text
    words: list[Word] = field(default_factory=list)
    width: int = 0
    height: int = 0
    dpi: float = OCR_DPI
    # Every engine that ran on the page: name -> (mean confidence, words).
    readings: dict[str, tuple[float | None, list[Word]]] = field(default_factory=dict)

    def words_json(self) -> bytes:
        """Word boxes and confidences of each engine that read the page (for highlights)."""
        return json.dumps(
            {
                "width": self.width,
                "height": self.height,
                "dpi": round(self.dpi, 2),
                "engine": self.engine,
                "fields": ["text", "conf", "x0", "y0", "x1", "y1", "line"],
                "engines": {
                    name: {"confidence": conf, "words": [w.as_list() for w in words]}
                    for name, (conf, words) in self.readings.items()
                },
            },
            separators=(",", ":"),
        ).encode()


def native_scale(page: pdfium.PdfPage) -> float | None:
    """Pixels per PDF point of the page's largest image, or None when it has none."""
    best: tuple[float, float] | None = None
    try:
        for obj in page.get_objects(max_depth=2):
            if obj.type != pdfium.raw.FPDF_PAGEOBJ_IMAGE:
                continue
            width_px, height_px = obj.get_px_size()
            left, bottom, right, top = obj.get_bounds()
            placed = max(right - left, top - bottom)
            if placed <= 0:
                continue
            area = (right - left) * (top - bottom)
            scale = max(width_px, height_px) / placed
            if best is None or area > best[0]:
                best = (area, scale)
    except pdfium.PdfiumError:
        return None
    return best[1] if best else None


def render_pdf_page(path: Path, number: int, dpi: float | None) -> Image.Image:
    """The page as a grey image, with the PDF's page rotation applied; at ``dpi``, or at
    the native resolution of its scanned image when ``dpi`` is None."""
    document = open_pdf(path)
    try:
        page = document[number - 1]
        try:
            if dpi is None:
                scale = native_scale(page)
                native = scale * 72 if scale else OCR_DPI
                dpi = min(max(native, MIN_NATIVE_DPI), MAX_NATIVE_DPI)
            width, height = page.get_size()
            scale = dpi / 72
            pixels = width * height * scale * scale
            if pixels > MAX_RENDER_PIXELS:
                scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
            bitmap = page.render(scale=scale, grayscale=True)
            image = bitmap.to_pil()
            image.info["dpi"] = (scale * 72, scale * 72)
            # Whether the text layer can be laid over the original page as it is (see
            # assemble_searchable_pdf): a rotated page is rendered turned upright.
            image.info["rotation"] = page.get_rotation()
            return image
        finally:
            page.close()
    except pdfium.PdfiumError as exc:
        raise IngestError(f"Page {number} of the PDF cannot be rendered.") from exc
    finally:
        document.close()


def page_image(path: Path, render: str, number: int, dpi: float | None = None) -> Image.Image:
    if render == "pdf":
        return render_pdf_page(path, number, dpi)
    if render == "image":
        return load_frame(path, number)
    raise IngestError("This document has no page images.")


def image_dpi(image: Image.Image) -> float:
    """The resolution an image says it has; 300 when it says none or nonsense."""
    value = image.info.get("dpi")
    try:
        dpi = float(value[0]) if value else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    return dpi if 70 <= dpi <= 1200 else OCR_DPI


def _tsv_words(tsv: str) -> list[Word]:
    words: list[Word] = []
    lines: dict[tuple[str, str, str], int] = {}
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        try:
            conf = float(row.get("conf") or -1)
            box = [int(row[k] or 0) for k in ("left", "top", "width", "height")]
        except (ValueError, KeyError):
            continue
        if conf < 0 or not text:
            continue
        key = (row.get("block_num") or "", row.get("par_num") or "", row.get("line_num") or "")
        line = lines.setdefault(key, len(lines))
        words.append(Word(text, conf, (box[0], box[1], box[0] + box[2], box[1] + box[3]), line))
    return words


def _mean(words: list[Word]) -> float | None:
    return round(sum(w.conf for w in words) / len(words), 1) if words else None


def _mean_confidence(tsv: str) -> float | None:
    return _mean(_tsv_words(tsv))


def tesseract_env() -> dict[str, str]:
    env = dict(os.environ)
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def _save_png(image: Image.Image, path: Path, dpi: float) -> Image.Image:
    if image.mode not in ("L", "RGB", "1"):
        image = image.convert("RGB")
    # PNG at the lowest compression level: lossless and quick to write.
    image.save(path, format="PNG", compress_level=1, dpi=(dpi, dpi))
    return image


def engine_input(
    image: Image.Image, folder: Path, dpi: float, *, text_only: bool
) -> tuple[Path, Image.Image]:
    """The file Tesseract reads the page from, and the image as written.

    For a text-only layer the page goes as uncompressed PNM (PGM for grey): the same pixels
    as a PNG, so Tesseract's reading is identical (its resolution comes from ``--dpi``),
    at a sixth of the CPU to write (a 200-dpi letter page: 5 ms instead of 30, the largest
    per-page cost around the engine). When Tesseract's PDF must carry the image, PNG it
    stays: Tesseract copies a PNG's compressed data into its PDF as it is, and would
    compress a PNM's pixels itself."""
    if image.mode not in ("L", "RGB", "1"):
        image = image.convert("RGB")
    if text_only:
        path = folder / "page.pnm"
        image.save(path, format="PPM")
        return path, image
    path = folder / "page.png"
    return path, _save_png(image, path, dpi)


def tesseract_ocr(image: Image.Image, *, dpi: float | None = None, text_only: bool = False) -> OcrResult:
    """``text_only``: the one-page PDF holds only the invisible text (no copy of the image),
    to be laid over the original page (:func:`assemble_searchable_pdf`)."""
    languages = getattr(settings, "INNOCENCE_OCR_LANGUAGES", "eng") or "eng"
    dpi = dpi or image_dpi(image)
    with tempfile.TemporaryDirectory(prefix="innocence-ocr-") as tmp:
        source, image = engine_input(image, Path(tmp), dpi, text_only=text_only)
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
                    str(round(dpi)),
                    *(["-c", "textonly_pdf=1"] if text_only else []),
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
    words = _tsv_words(tsv)
    confidence = _mean(words)
    return OcrResult(
        text=text.replace("\f", "").strip("\n"),
        confidence=confidence,
        pdf=pdf,
        engine="tesseract",
        words=words,
        width=image.width,
        height=image.height,
        dpi=dpi,
        readings={"tesseract": (confidence, words)},
    )


# --- RapidOCR ------------------------------------------------------------------------------

_EXTRA_LATIN = set("‘’“”–—•…§¶°±×·")
_rapid_lock = threading.Lock()


def _latin(char: str) -> bool:
    return len(char) == 1 and (32 <= ord(char) < 0x250 or char in _EXTRA_LATIN) and char.isprintable()


class _LatinDecode:
    """RapidOCR's CTC decoder with every non-Latin character of the multilingual model's
    alphabet masked out before the best path is taken (so "rn" is not read as a CJK sign)."""

    def __init__(self, inner: Any) -> None:
        import numpy as np

        self.inner = inner
        characters = list(inner.character)
        keep = [i == 0 or ch == " " or _latin(ch) for i, ch in enumerate(characters)]
        self.mask = np.array(keep, dtype=bool)

    def __call__(self, preds: Any, return_word_box: bool = False, **kwargs: Any) -> Any:
        import numpy as np

        if preds.shape[-1] == self.mask.shape[0]:
            preds = np.where(self.mask, preds, 0.0)
        return self.inner(preds, return_word_box, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def rapid_model_paths() -> tuple[Path, Path]:
    """The detection and recognition models inside the installed rapidocr wheel."""
    import rapidocr

    root = Path(rapidocr.__file__).resolve().parent / "models"
    return root / "PP-OCRv6_det_small.onnx", root / "PP-OCRv6_rec_small.onnx"


def rapid_available() -> bool:
    try:
        det, rec = rapid_model_paths()
    except ImportError:
        return False
    return det.exists() and rec.exists()


@cache
def rapid_engine() -> Any:
    """One RapidOCR engine per process, built from the models its wheel ships; it never
    downloads (model paths are given, so RapidOCR's downloader is not reached)."""
    if not rapid_available():
        raise IngestError("RapidOCR or its shipped models are not installed.", permanent=False)
    from rapidocr import RapidOCR

    det, rec = rapid_model_paths()
    engine = RapidOCR(
        params={
            "Global.use_cls": False,
            "Global.log_level": "error",
            "Global.return_word_box": True,
            "Det.model_path": str(det),
            "Rec.model_path": str(rec),
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
    )
    recognizer = engine._load_rec_model()
    recognizer.postprocess_op = _LatinDecode(recognizer.postprocess_op)
    return engine


def _box(points: Any) -> tuple[int, int, int, int]:
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    return round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys))


def rapid_words(image: Image.Image) -> tuple[list[Word], str]:
    """Words (with boxes, in reading order) and the page text RapidOCR reads."""
    import numpy as np

    rgb = np.asarray(image.convert("RGB"))
    with _rapid_lock:
        output = rapid_engine()(rgb)
    if output is None or not getattr(output, "txts", None):
        return [], ""
    line_boxes = [_box(b) for b in output.boxes]
    texts = list(output.txts)
    scores = list(output.scores)
    word_results = list(getattr(output, "word_results", ()) or ())
    order = reading_order(line_boxes, page_width=image.width)
    rows = group_rows(line_boxes, order)
    words: list[Word] = []
    lines_out: list[str] = []
    for row_number, row in enumerate(rows):
        pieces = []
        for index in row:
            text = " ".join(texts[index].split())
            if not text:
                continue
            pieces.append(text)
            found = word_results[index] if index < len(word_results) else None
            parsed = []
            for item in found or ():
                try:
                    word, score, points = item
                except (TypeError, ValueError):
                    continue
                if word.strip() and points is not None:
                    parsed.append(Word(word.strip(), float(score) * 100, _box(points), row_number))
            if not parsed:  # no word boxes: share the line's box by character count
                x0, y0, x1, y1 = line_boxes[index]
                tokens = text.split()
                total = sum(len(t) for t in tokens) + len(tokens) - 1
                x = float(x0)
                for token in tokens:
                    width = (x1 - x0) * len(token) / max(total, 1)
                    parsed.append(
                        Word(
                            token,
                            float(scores[index]) * 100,
                            (round(x), y0, round(x + width), y1),
                            row_number,
                        )
                    )
                    x += width + (x1 - x0) / max(total, 1)
            words.extend(parsed)
        if pieces:
            lines_out.append(" ".join(pieces))
    return words, "\n".join(lines_out)


def words_pdf(image: Image.Image, words: list[Word], dpi: float, *, text_only: bool = False) -> bytes:
    """A one-page PDF: the image with an invisible text layer from ``words`` (OCRmyPDF's
    hOCR renderer, fpdf2); only the text layer when ``text_only``."""
    from ocrmypdf.font import MultiFontManager
    from ocrmypdf.fpdf_renderer import Fpdf2PdfRenderer
    from ocrmypdf.hocrtransform import BoundingBox, OcrClass, OcrElement

    lines: dict[int, list[Word]] = {}
    for word in words:
        lines.setdefault(word.line, []).append(word)
    line_elements = []
    for _, members in sorted(lines.items()):
        box = BoundingBox(
            left=min(w.box[0] for w in members),
            top=min(w.box[1] for w in members),
            right=max(w.box[2] for w in members),
            bottom=max(w.box[3] for w in members),
        )
        children = [
            OcrElement(
                ocr_class=OcrClass.WORD,
                bbox=BoundingBox(left=w.box[0], top=w.box[1], right=w.box[2], bottom=w.box[3]),
                text=w.text,
                confidence=w.conf / 100,
            )
            for w in members
        ]
        line_elements.append(OcrElement(ocr_class=OcrClass.LINE, bbox=box, children=children))
    page = OcrElement(
        ocr_class=OcrClass.PAGE,
        bbox=BoundingBox(left=0, top=0, right=image.width, bottom=image.height),
        children=line_elements,
        dpi=dpi,
    )
    import ocrmypdf

    fonts = MultiFontManager(Path(ocrmypdf.__file__).resolve().parent / "data")
    with tempfile.TemporaryDirectory(prefix="innocence-ocr-") as tmp:
        source: Path | None = None
        if not text_only:
            source = Path(tmp) / "page.png"
            _save_png(image, source, dpi)
        target = Path(tmp) / "page.pdf"
        Fpdf2PdfRenderer(
            page=page, dpi=dpi, multi_font_manager=fonts, invisible_text=True, image=source
        ).render(target)
        return target.read_bytes()


def rapid_ocr(image: Image.Image, *, dpi: float | None = None, text_only: bool = False) -> OcrResult:
    dpi = dpi or image_dpi(image)
    try:
        words, text = rapid_words(image)
    except IngestError:
        raise
    except Exception as exc:  # onnxruntime errors: retry later, as with Tesseract's
        raise IngestError(f"OCR failed on this page ({str(exc)[:200]}).", permanent=False) from exc
    confidence = _mean(words)
    return OcrResult(
        text=text,
        confidence=confidence,
        pdf=words_pdf(image, words, dpi, text_only=text_only),
        engine="rapidocr",
        words=words,
        width=image.width,
        height=image.height,
        dpi=dpi,
        readings={"rapidocr": (confidence, words)},
    )


def ocr_settings() -> tuple[str, float]:
    """The engine set-up: settings ``INNOCENCE_OCR_ENGINE`` and ``INNOCENCE_OCR_HYBRID_THRESHOLD``
    (or the environment variables of those names)."""
    engine = getattr(settings, "INNOCENCE_OCR_ENGINE", None) or os.environ.get("INNOCENCE_OCR_ENGINE")
    engine = str(engine or "hybrid").lower()
    if engine not in ENGINES:
        engine = "hybrid"
    raw = getattr(settings, "INNOCENCE_OCR_HYBRID_THRESHOLD", None)
    if raw is None:
        raw = os.environ.get("INNOCENCE_OCR_HYBRID_THRESHOLD")
    try:
        threshold = float(raw) if raw not in (None, "") else DEFAULT_HYBRID_THRESHOLD
    except ValueError:
        threshold = DEFAULT_HYBRID_THRESHOLD
    return engine, threshold


def needs_second_engine(confidence: float | None, threshold: float) -> bool:
    """The hybrid routing rule: a page Tesseract read with low (or no) confidence."""
    return confidence is None or confidence < threshold


def ocr_image(
    image: Image.Image,
    *,
    dpi: float | None = None,
    engine: str | None = None,
    threshold: float | None = None,
    text_only: bool = False,
) -> OcrResult:
    """Read one page image with the configured engine(s). ``text_only``: the result's PDF
    is the invisible text layer alone, for a page whose original stays in the searchable PDF."""
    configured, configured_threshold = ocr_settings()
    engine = engine or configured
    threshold = configured_threshold if threshold is None else threshold
    dpi = dpi or image_dpi(image)
    if engine == "rapidocr":
        return rapid_ocr(image, dpi=dpi, text_only=text_only)
    first = tesseract_ocr(image, dpi=dpi, text_only=text_only)
    if engine != "hybrid" or not rapid_available():
        return first
    if not needs_second_engine(first.confidence, threshold):
        return first
    second = rapid_ocr(image, dpi=dpi, text_only=text_only)
    if not second.text.strip() and first.text.strip():
        second = first
    second.readings = {**first.readings, **second.readings}
    return second


def assemble_searchable_pdf(original: Path | None, page_pdfs: dict[int, bytes], page_count: int) -> bytes:
    """A PDF of all pages, as OCRmyPDF makes it: each page of the original kept as it is
    (its own image, at its own resolution and compression — a 1-bit fax stays a 1-bit fax)
    with the OCR'd pages' invisible text laid over it. A page's OCR PDF that carries its own
    image (an image file's page, a rotated PDF page, one made before text-only layers) takes
    the place of the original page instead."""
    import pikepdf

    output = pikepdf.Pdf.new()
    source = pikepdf.open(original) if original is not None else None
    opened: list[pikepdf.Pdf] = []
    try:
        for number in range(1, page_count + 1):
            in_source = source is not None and number <= len(source.pages)
            if number in page_pdfs:
                single = pikepdf.open(io.BytesIO(page_pdfs[number]))
                opened.append(single)
                layer = single.pages[0]
                if in_source and not layer.images:
                    assert source is not None
                    output.pages.append(source.pages[number - 1])
                    page = output.pages[-1]
                    page.add_overlay(layer, pikepdf.Rectangle(page.cropbox))
                    continue
                output.pages.append(layer)
            elif in_source:
                assert source is not None
                output.pages.append(source.pages[number - 1])
        buffer = io.BytesIO()
        output.save(buffer)
        return buffer.getvalue()
    finally:
        for single in opened:
            single.close()
        if source is not None:
            source.close()
