"""Word documents (.docx) through python-docx: paragraphs and tables, in reading order.
Explicit page breaks become page boundaries; otherwise the text is cut into pages."""

from __future__ import annotations

import zipfile
from pathlib import Path

from . import sniff
from .base import Extraction, IngestError, Ingestor, Sniffed, split_text_pages

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class DocxIngestor(Ingestor):
    name = "docx"
    label = "Word document"
    mimes = (sniff.DOCX,)
    extensions = ("docx",)

    def extract(self, path: Path, sniffed: Sniffed, *, depth: int = 0) -> Extraction:
        import docx
        from docx.opc.exceptions import PackageNotFoundError

        try:
            with zipfile.ZipFile(path) as archive:
                info = archive.getinfo("word/document.xml")
                if info.file_size > 200 * 1024 * 1024 or info.file_size > 200 * max(info.compress_size, 1):
                    raise IngestError("The Word document's text is implausibly large; it was not opened.")
            document = docx.Document(str(path))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise IngestError("The Word document is damaged and cannot be opened.") from exc
        parts: list[str] = []
        body = document.element.body
        for block in body.iterchildren():
            if block.tag == f"{_W}p":
                text = "".join(node.text or "" for node in block.iter(f"{_W}t"))
                if any(br.get(f"{_W}type") == "page" for br in block.iter(f"{_W}br")):
                    parts.append("\f")
                parts.append(text)
            elif block.tag == f"{_W}tbl":
                for row in block.iter(f"{_W}tr"):
                    cells = ["".join(n.text or "" for n in c.iter(f"{_W}t")) for c in row.iter(f"{_W}tc")]
                    parts.append(" | ".join(cells))
        text = "\n".join(parts).replace("\n\f\n", "\f")
        extraction = Extraction(pages=split_text_pages(text))
        core = document.core_properties
        extraction.title = (core.title or "").strip()[:300]
        if core.created:
            extraction.date_text = core.created.date().isoformat()
        return extraction
