"""The contract every ingestor keeps.

An ingestor reads one original (a local file) and returns an :class:`Extraction`: its pages
(text, and whether the page needs OCR), the files inside it (e-mail attachments, archive
members) and hints (title, date). It never writes to the database: the pipeline does.

When it cannot read the file it raises :class:`IngestError` with a reason in plain words,
meant for the person who added the file. ``permanent`` errors are not retried.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import ClassVar


class IngestError(Exception):
    """A file could not be read. ``reason`` is shown to the user as is."""

    def __init__(self, reason: str, *, status: str = "failed", permanent: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status  # "failed" or "unsupported"
        self.permanent = permanent


@dataclass
class ExtractedPage:
    number: int  # 1-based
    text: str = ""
    source: str = "layer"  # "layer" or "none"
    needs_ocr: bool = False
    width: int | None = None
    height: int | None = None


@dataclass
class ChildFile:
    """A file found inside another (an attachment, an archive member)."""

    name: str
    path: Path  # a temporary local file, removed by the pipeline after storing it


@dataclass
class Extraction:
    pages: list[ExtractedPage] = field(default_factory=list)
    children: list[ChildFile] = field(default_factory=list)
    title: str = ""
    date_text: str = ""
    #: How the pipeline renders page images for OCR and the viewer: "pdf", "image" or "".
    render: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Sniffed:
    """What the content (not the name) says a file is."""

    mime: str  # our best guess from magic bytes, "" when unknown
    extension: str  # lower-case, without the dot, from the file name
    head: bytes
    size: int


class Ingestor:
    """Base class. Subclasses set ``name`` and ``mimes`` and implement :meth:`extract`."""

    name: ClassVar[str] = ""
    label: ClassVar[str] = ""
    mimes: ClassVar[tuple[str, ...]] = ()
    extensions: ClassVar[tuple[str, ...]] = ()
    #: How a page of this kind of file becomes an image (for OCR and the viewer): "pdf",
    #: "image", or "" when its pages have no image. The one place that says it.
    render: ClassVar[str] = ""

    def score(self, sniffed: Sniffed) -> int:
        """How well this ingestor fits: the sniffed content decides (100), the extension
        only breaks ties (1). 0 means it cannot read the file."""
        score = 0
        if sniffed.mime in self.mimes:
            score += 100
        if score and sniffed.extension in self.extensions:
            score += 1
        return score

    def extract(self, path: Path, sniffed: Sniffed, *, depth: int = 0) -> Extraction:
        raise NotImplementedError


def split_text_pages(text: str, *, target: int = 3500) -> list[ExtractedPage]:
    """Pages for formats that have none (plain text, DOCX, e-mail): form feeds when the text
    has them, otherwise chunks of about `target` characters cut at paragraph breaks.

    Linear in the length of the text: a giant paragraph is cut by index, never by slicing
    off its head again and again (which copied the rest each time: 4.5 minutes for a 50 MB
    single line)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\f" in text:
        chunks = text.split("\f")
    else:
        chunks = []
        current: list[str] = []
        length = 0
        for paragraph in text.split("\n"):
            if length + len(paragraph) > target and current:
                chunks.append("\n".join(current))
                current, length = [], 0
            start = 0
            while len(paragraph) - start > target * 2:  # one giant paragraph
                chunks.append(paragraph[start : start + target])
                start += target
            if start:
                paragraph = paragraph[start:]
            current.append(paragraph)
            length += len(paragraph) + 1
        chunks.append("\n".join(current))
    pages = [ExtractedPage(number=i + 1, text=chunk.strip("\n")) for i, chunk in enumerate(chunks)]
    if len(pages) > 1 and not pages[-1].text.strip():
        pages.pop()
    for page in pages:
        page.source = "layer" if page.text.strip() else "none"
    return pages
