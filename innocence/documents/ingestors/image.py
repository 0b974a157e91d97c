"""Images (TIFF including multi-page, PNG, JPEG, GIF, BMP, WebP): one page per frame, all
through OCR. Pillow's decompression-bomb guard is an error here, not a warning."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from . import sniff
from .base import ExtractedPage, Extraction, IngestError, Ingestor, Sniffed

MAX_FRAMES = 5000


def max_pixels() -> int:
    return int(getattr(settings, "INNOCENCE_MAX_IMAGE_PIXELS", 200_000_000))


@contextmanager
def open_image(path: Path) -> Iterator[Image.Image]:
    """Open an image, refusing absurd sizes (decompression bombs) with a plain reason."""
    limit = max_pixels()
    previous = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = limit
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                image = Image.open(path)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
                raise IngestError(
                    f"The image is absurdly large (over {limit:,} pixels), which is how "
                    "'decompression bomb' files crash computers; it was not opened."
                ) from exc
            except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
                raise IngestError("The image is damaged or in a variant that cannot be read.") from exc
            try:
                yield image
            finally:
                image.close()
    finally:
        Image.MAX_IMAGE_PIXELS = previous


def frame_count(image: Image.Image) -> int:
    return int(getattr(image, "n_frames", 1) or 1)


def check_frame(image: Image.Image, number: int) -> None:
    width, height = image.size
    if width * height > max_pixels():
        raise IngestError(
            f"Page {number} of the image is absurdly large ({width}×{height} pixels); it was not opened."
        )


def load_frame(path: Path, number: int) -> Image.Image:
    """Frame `number` (1-based), fully decoded, as RGB or L."""
    with open_image(path) as image:
        if number > 1:
            image.seek(number - 1)
        check_frame(image, number)
        try:
            if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
                # Transparent pixels are paper: composite over white (a plain convert makes
                # them black, and OCR then reads white text on black boxes).
                rgba = image.convert("RGBA")
                frame = Image.new("RGB", rgba.size, (255, 255, 255))
                frame.paste(rgba, mask=rgba.getchannel("A"))
                frame.info = dict(image.info)
            else:
                frame = image.convert("L" if image.mode in ("1", "L", "I;16", "I") else "RGB")
        except (OSError, ValueError, SyntaxError) as exc:
            raise IngestError(f"Page {number} of the image is damaged and cannot be decoded.") from exc
        return frame


class ImageIngestor(Ingestor):
    name = "image"
    render = "image"
    label = "Image"
    mimes = (sniff.PNG, sniff.JPEG, sniff.TIFF, sniff.GIF, sniff.BMP, sniff.WEBP)
    extensions = ("png", "jpg", "jpeg", "tif", "tiff", "gif", "bmp", "webp")

    def extract(self, path: Path, sniffed: Sniffed, *, depth: int = 0) -> Extraction:
        extraction = Extraction(render="image")
        with open_image(path) as image:
            frames = frame_count(image)
            if frames > MAX_FRAMES:
                raise IngestError(f"The image has {frames} pages, more than the {MAX_FRAMES} allowed.")
            for index in range(frames):
                try:
                    image.seek(index)
                except EOFError:
                    break
                check_frame(image, index + 1)
                width, height = image.size
                extraction.pages.append(
                    ExtractedPage(index + 1, "", "none", needs_ocr=True, width=width, height=height)
                )
        # Decode every frame once now, so a truncated file fails here with its reason.
        for page in extraction.pages:
            load_frame(path, page.number).close()
        return extraction
