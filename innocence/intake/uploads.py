"""Checking uploaded files before they are kept: size, type by content (not by the
name), and the usual hostile shapes (scripts in PDFs, image bombs, disguised files)."""

from __future__ import annotations

import io
from typing import Any

from django.conf import settings

PUBLIC_MAX_BYTES = 10 * 1024 * 1024
PUBLIC_MAX_FILES = 5
_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_PDF_ACTIVE = (b"/JavaScript", b"/JS ", b"/JS(", b"/Launch", b"/EmbeddedFile", b"/OpenAction")
#: An image larger than this many pixels is refused (decompression bombs).
MAX_PIXELS = 80_000_000


class UploadRejected(ValueError):
    """A file that is not kept, with the reason in plain words."""


def sniff(content: bytes) -> str:
    for signature, mime in _SIGNATURES:
        if content.startswith(signature):
            return mime
    if content.startswith(b"PK\x03\x04") and b"word/" in content[:4096]:
        return _DOCX
    return ""


def _check_image(name: str, content: bytes) -> None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise UploadRejected(f"'{name}' is an image of {width}×{height} pixels: too large to accept.")
            image.verify()
    except UploadRejected:
        raise
    except Exception as exc:
        raise UploadRejected(f"'{name}' could not be read as an image: the file is damaged or not an image.") from exc


def check_content(name: str, content: bytes, *, public: bool) -> str:
    """The content type, or UploadRejected saying why the file is refused."""
    limit = PUBLIC_MAX_BYTES if public else getattr(settings, "MAX_UPLOAD_BYTES", 512 * 1024 * 1024)
    if not content:
        raise UploadRejected(f"'{name}' is empty.")
    if len(content) > limit:
        raise UploadRejected(
            f"'{name}' is {len(content) / 1048576:.1f} MB; the limit is {limit / 1048576:.0f} MB."
        )
    mime = sniff(content)
    allowed = "PDF, JPEG, PNG or TIFF" + ("" if public else ", or a Word document (.docx)")
    if not mime or (public and mime == _DOCX):
        raise UploadRejected(f"'{name}' is not a {allowed} file (judged by its content, not its name).")
    if mime.startswith("image/"):
        _check_image(name, content)
    if mime == "application/pdf" and public and any(marker in content for marker in _PDF_ACTIVE):
        raise UploadRejected(f"'{name}' contains scripts or embedded files; please send a plain scan instead.")
    return mime


def read_upload(upload: Any, *, staff: bool = False, public: bool = False) -> tuple[str, bytes, str]:
    name = str(getattr(upload, "name", "upload"))[:300]
    limit = PUBLIC_MAX_BYTES if public else getattr(settings, "MAX_UPLOAD_BYTES", 512 * 1024 * 1024)
    if getattr(upload, "size", 0) > limit:
        raise UploadRejected(f"'{name}' is {upload.size / 1048576:.1f} MB; the limit is {limit / 1048576:.0f} MB.")
    content = upload.read(limit + 1)
    return name, content, check_content(name, content, public=public)
