"""Recognise a file by its content, never by its name alone."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .base import Sniffed

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
TIFF = "image/tiff"
GIF = "image/gif"
BMP = "image/bmp"
WEBP = "image/webp"
ZIP = "application/zip"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
OOXML_OTHER = "application/x-ooxml-other"
OLE = "application/x-ole-storage"
MSG = "application/vnd.ms-outlook"
EML = "message/rfc822"
HTML = "text/html"
TEXT = "text/plain"
GZIP = "application/gzip"
RAR = "application/vnd.rar"
SEVENZ = "application/x-7z-compressed"
OCTET = "application/octet-stream"

LABELS = {
    PDF: "a PDF",
    PNG: "a PNG image",
    JPEG: "a JPEG image",
    TIFF: "a TIFF image",
    GIF: "a GIF image",
    BMP: "a BMP image",
    WEBP: "a WebP image",
    ZIP: "a zip archive",
    DOCX: "a Word document (.docx)",
    OOXML_OTHER: "an Office document other than Word (Excel or PowerPoint)",
    OLE: "an old Office file (.doc/.xls)",
    MSG: "an Outlook message (.msg)",
    EML: "an e-mail (.eml)",
    HTML: "a web page (HTML)",
    TEXT: "plain text",
    GZIP: "a gzip archive",
    RAR: "a RAR archive",
    SEVENZ: "a 7-Zip archive",
    OCTET: "binary data of an unknown kind",
}

#: What a file's extension claims, to tell the user when the content disagrees.
EXTENSION_CLAIMS = {
    "pdf": PDF,
    "png": PNG,
    "jpg": JPEG,
    "jpeg": JPEG,
    "tif": TIFF,
    "tiff": TIFF,
    "gif": GIF,
    "bmp": BMP,
    "zip": ZIP,
    "docx": DOCX,
    "msg": MSG,
    "eml": EML,
    "html": HTML,
    "htm": HTML,
    "txt": TEXT,
}

_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{1,40}:[ \t]?.*$")
_MAIL_HEADERS = {
    b"from",
    b"to",
    b"subject",
    b"date",
    b"received",
    b"return-path",
    b"message-id",
    b"mime-version",
    b"delivered-to",
    b"cc",
    b"content-type",
    b"reply-to",
    b"x-mailer",
}


def extension_of(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return suffix[1:] if suffix else ""


def _looks_like_email(head: bytes) -> bool:
    lines = head.replace(b"\r\n", b"\n").split(b"\n")[:40]
    names: set[bytes] = set()
    for line in lines:
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t"):
            continue  # folded header
        if not _HEADER_LINE.match(line):
            return False
        names.add(line.split(b":", 1)[0].strip().lower())
    known = names & _MAIL_HEADERS
    return len(known) >= 2 and bool(known & {b"from", b"received", b"message-id", b"subject"})


def _looks_like_text(head: bytes) -> bool:
    if not head:
        return False
    if b"\x00" in head:
        # UTF-16 with a byte-order mark is text too.
        return head[:2] in (b"\xff\xfe", b"\xfe\xff")
    sample = head[:4096]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:  # not merely a character cut at the end
            controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
            return controls / len(sample) < 0.01
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls / len(sample) < 0.01


def _zip_kind(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist()[:2000])
    except (zipfile.BadZipFile, OSError, ValueError):
        return ZIP  # let the archive ingestor report it damaged
    if "word/document.xml" in names:
        return DOCX
    if "[Content_Types].xml" in names and ({"xl/workbook.xml", "ppt/presentation.xml"} & names):
        return OOXML_OTHER
    return ZIP


def _ole_kind(path: Path) -> str:
    try:
        import olefile

        with olefile.OleFileIO(str(path)) as ole:
            if (
                ole.exists("__substg1.0_0037001F")
                or ole.exists("__substg1.0_0037001E")
                or any(entry and entry[0].startswith("__substg1.0_") for entry in ole.listdir())
            ):
                return MSG
    except Exception:  # noqa: S110 - unknown OLE content is reported as such below
        pass
    return OLE


def sniff(path: Path, name: str) -> Sniffed:
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(8192)
    mime = ""
    if b"%PDF-" in head[:1024]:
        mime = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        mime = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        mime = JPEG
    elif head[:4] in (b"II*\x00", b"MM\x00*"):
        mime = TIFF
    elif head[:6] in (b"GIF87a", b"GIF89a"):
        mime = GIF
    elif head[:2] == b"BM" and size > 26:
        mime = BMP
    elif head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        mime = WEBP
    elif head[:4] in (b"PK\x03\x04", b"PK\x05\x06"):
        mime = _zip_kind(path)
    elif head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        mime = _ole_kind(path)
    elif head[:2] == b"\x1f\x8b":
        mime = GZIP
    elif head[:6] == b"Rar!\x1a\x07":
        mime = RAR
    elif head[:6] == b"7z\xbc\xaf\x27\x1c":
        mime = SEVENZ
    elif _looks_like_email(head):
        mime = EML
    elif _looks_like_text(head):
        lowered = head[:2048].lstrip().lower()
        if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:1024]:
            mime = HTML
        else:
            mime = TEXT
    elif head:
        mime = OCTET
    return Sniffed(mime=mime, extension=extension_of(name), head=head, size=size)


def describe(mime: str) -> str:
    return LABELS.get(mime, mime or "unknown content")


def extension_lies(sniffed: Sniffed) -> str:
    """A plain-words note when the name's extension claims another type than the content."""
    claimed = EXTENSION_CLAIMS.get(sniffed.extension)
    if not claimed or not sniffed.mime or claimed == sniffed.mime:
        return ""
    if {claimed, sniffed.mime} <= {TEXT, HTML}:
        return ""
    return (
        f"The file name ends in .{sniffed.extension} but its content is {describe(sniffed.mime)}; "
        f"it was read as {describe(sniffed.mime)}."
    )
