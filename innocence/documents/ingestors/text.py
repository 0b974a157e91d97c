"""Plain text and HTML. HTML is reduced to its visible text (scripts and styles dropped)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from . import sniff
from .base import Extraction, IngestError, Ingestor, Sniffed, split_text_pages

MAX_TEXT_BYTES = 200 * 1024 * 1024


def decode_with_notes(data: bytes) -> tuple[str, list[str]]:
    """The text of these bytes, in the encoding their content shows (see
    :func:`sniff.text_encoding`), and notices in words for what a reader should know: an
    encoding that had no byte-order mark, NUL bytes removed."""
    notes: list[str] = []
    encoding = sniff.text_encoding(data[:4096]) or "utf-8"
    bom = any(data.startswith(mark) for mark, _ in sniff._BOMS)
    if encoding in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        width = 4 if "32" in encoding else 2
        body = data[width:] if bom else data
        text = body[: len(body) - len(body) % width].decode(encoding, errors="replace")
        if not bom:
            notes.append(
                f"The text is in {sniff.ENCODING_NAMES[encoding]} without a byte-order mark; "
                "it was recognised by its content and read as such."
            )
    else:
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
    nuls = text.count("\x00")
    if nuls:
        text = text.replace("\x00", "")
        notes.append(
            f"{nuls:,} NUL byte(s) (character 0, which text does not contain) were removed from the text; "
            "the original is kept unchanged."
        )
    return text, notes


def decode(data: bytes) -> str:
    return decode_with_notes(data)[0]


class _TextOf(HTMLParser):
    BLOCK = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article"}
    SKIP = {"script", "style", "head", "noscript", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str]:
    """(visible text, title) of an HTML document."""
    parser = _TextOf()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    text = re.sub(r"[ \t\u00a0]+", " ", text)
    text = re.sub(r"\n\s*\n\s*\n+", "\n\n", text)
    return text.strip(), parser.title.strip()


class TextIngestor(Ingestor):
    name = "text"
    label = "Plain text"
    mimes = (sniff.TEXT,)
    extensions = ("txt", "text", "csv", "md", "log")

    def extract(self, path: Path, sniffed: Sniffed, *, depth: int = 0) -> Extraction:
        if sniffed.size > MAX_TEXT_BYTES:
            raise IngestError("The text file is over 200 MB; split it and add the parts.")
        text, notes = decode_with_notes(path.read_bytes())
        return Extraction(pages=split_text_pages(text), notes=notes)


class HtmlIngestor(Ingestor):
    name = "html"
    label = "Web page"
    mimes = (sniff.HTML,)
    extensions = ("html", "htm")

    def extract(self, path: Path, sniffed: Sniffed, *, depth: int = 0) -> Extraction:
        if sniffed.size > MAX_TEXT_BYTES:
            raise IngestError("The HTML file is over 200 MB; it was not read.")
        markup, notes = decode_with_notes(path.read_bytes())
        text, title = html_to_text(markup)
        extraction = Extraction(pages=split_text_pages(text), notes=notes)
        extraction.title = title[:300]
        return extraction
