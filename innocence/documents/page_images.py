"""Page images for the viewer: rendered on first view from the original, then kept beside
it in storage (``derived/<sha>/view/page-00001.png``)."""

from __future__ import annotations

import io

from . import storage
from .ingestors.base import IngestError
from .ingestors.ocr import VIEW_DPI, page_image
from .models import Document, Page
from .pipeline import render_mode

MAX_VIEW_WIDTH = 1400


def page_image_bytes(document: Document, page: Page) -> bytes | None:
    """PNG bytes of the page, or None when the document has no page images (text formats)."""
    render = render_mode(document)
    if not render:
        return None
    sha = document.stored_file.sha256
    path = storage.derived_path(sha, f"view/page-{page.number:05d}.png")
    if storage.exists(path):
        with storage.open_file(path) as fh:
            return fh.read()
    try:
        with storage.local_copy(document.stored_file.storage_path) as original:
            image = page_image(original, render, page.number, dpi=VIEW_DPI)
    except IngestError:
        return None
    if image.width > MAX_VIEW_WIDTH:
        image = image.resize((MAX_VIEW_WIDTH, round(image.height * MAX_VIEW_WIDTH / image.width)))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=6)
    data = buffer.getvalue()
    storage.save_derived(sha, f"view/page-{page.number:05d}.png", data)
    Page.objects.filter(pk=page.pk).update(image_path=path)
    return data
