"""Plain text and HTML. HTML is reduced to its visible text (scripts and styles dropped)."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from . import sniff
from .base import Extraction, IngestError, Ingestor, Sniffed, split_text_pages

MAX_TEXT_BYTES = 200 * 1024 * 1024


def decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


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
        return Extraction(pages=split_text_pages(decode(path.read_bytes())))


class HtmlIngestor(Ingestor):
    name = "html"
    label = "Web page"
    mimes = (sniff.HTML,)
    extensions = ("html", "htm")

    def extract(self, path: Path, sniffed: Sniffed, *, depth: int = 0) -> Extraction:
        if sniffed.size > MAX_TEXT_BYTES:
            raise IngestError("The HTML file is over 200 MB; it was not read.")
        text, title = html_to_text(decode(path.read_bytes()))
        extraction = Extraction(pages=split_text_pages(text))
        extraction.title = title[:300]
        return extraction
