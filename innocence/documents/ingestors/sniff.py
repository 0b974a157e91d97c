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
UNIFORM = "application/x-uniform-bytes"

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
    UNIFORM: "one byte value repeated, with no content",
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


#: Byte-order marks, longest first (UTF-32 LE starts with UTF-16 LE's).
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
#: The name a person knows an encoding by, for notices.
ENCODING_NAMES = {
    "utf-32-le": "UTF-32",
    "utf-32-be": "UTF-32",
    "utf-16-le": "UTF-16",
    "utf-16-be": "UTF-16",
    "utf-8": "UTF-8",
    "cp1252": "Windows-1252",
}


def _controls(text: str) -> float:
    """The share of control characters (other than tab, newline, form feed, carriage return)."""
    if not text:
        return 1.0
    return sum(1 for c in text if (c < "\t" or "\r" < c < " " or c == "\x7f")) / len(text)


def _zero_share(sample: bytes, position: int, width: int) -> float:
    column = sample[position::width]
    return column.count(0) / max(len(column), 1)


def text_encoding(sample: bytes) -> str | None:
    """The encoding a sample of text is written in, by its content; None when it is not text.

    A byte-order mark decides. Without one, UTF-32 and UTF-16 are told by where the zero
    bytes fall: text in a Latin script has a zero in every high byte (three of four bytes in
    UTF-32, one of two in UTF-16), which neither UTF-8 text nor binary data shows; the guess
    is kept only if the sample then decodes to text with almost no control characters.
    Text of non-Latin scripts in UTF-16 without a mark has no such zeros and is not guessed.
    Then UTF-8 (NUL bytes aside: they are removed with a notice by the text reader), and
    last Windows-1252, which accepts any bytes and so must also read like text: mostly
    printable ASCII, as text in a Western language is."""
    if not sample:
        return None
    for bom, encoding in _BOMS:
        if sample.startswith(bom):
            return encoding
    candidates: list[str] = []
    if len(sample) >= 8:
        if all(_zero_share(sample, i, 4) > 0.9 for i in (1, 2, 3)) and _zero_share(sample, 0, 4) < 0.5:
            candidates.append("utf-32-le")
        if all(_zero_share(sample, i, 4) > 0.9 for i in (0, 1, 2)) and _zero_share(sample, 3, 4) < 0.5:
            candidates.append("utf-32-be")
        if _zero_share(sample, 1, 2) > 0.6 and _zero_share(sample, 0, 2) < 0.2:
            candidates.append("utf-16-le")
        if _zero_share(sample, 0, 2) > 0.6 and _zero_share(sample, 1, 2) < 0.2:
            candidates.append("utf-16-be")
    for encoding in candidates:
        width = 4 if "32" in encoding else 2
        cut = sample[: len(sample) - len(sample) % width]
        try:
            decoded = cut.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _controls(decoded) < 0.01:
            return encoding
    without_nuls = sample.replace(b"\x00", b"")
    if len(without_nuls) < max(16, len(sample) // 20):
        return None  # almost nothing but NUL bytes: not text (a file of NULs only is told apart before)
    try:
        decoded = without_nuls.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(without_nuls) - 4:  # not merely a character cut at the end
            printable = sum(1 for b in without_nuls if 32 <= b < 127 or b in (9, 10, 12, 13))
            if printable / len(without_nuls) < 0.7:
                return None
            return "cp1252" if _controls(without_nuls.decode("cp1252", errors="replace")) < 0.01 else None
        decoded = without_nuls[: exc.start].decode("utf-8")
    return "utf-8" if _controls(decoded) < 0.01 else None


def _looks_like_text(head: bytes) -> bool:
    return text_encoding(head[:4096]) is not None


def uniform_byte(path: Path, head: bytes, size: int) -> int | None:
    """The byte value a file is made of when the whole file is one repeated byte (a wiped or
    blank medium, a placeholder): such a file holds nothing to read."""
    if size < 16 or not head or head.count(head[:1]) != len(head):
        return None
    if size > len(head):
        with path.open("rb") as fh:
            fh.seek(len(head))
            while chunk := fh.read(1024 * 1024):
                if chunk.count(head[:1]) != len(chunk):
                    return None
    return head[0]


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
    elif uniform_byte(path, head, size) is not None:
        mime = UNIFORM
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
    if claimed == DOCX and sniffed.mime in (ZIP, OOXML_OTHER):
        return (
            f"The file name ends in .docx, but it is not a Word document: it is {describe(sniffed.mime)} "
            "(it has no word/document.xml, the part every Word document has)"
            + ("; the files inside it were unpacked as an archive's." if sniffed.mime == ZIP else ".")
        )
    return (
        f"The file name ends in .{sniffed.extension} but its content is {describe(sniffed.mime)}; "
        f"it was read as {describe(sniffed.mime)}."
    )
