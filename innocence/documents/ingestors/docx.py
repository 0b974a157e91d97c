"""Word documents (.docx) through python-docx: paragraphs and tables, in reading order.
Explicit page breaks become page boundaries; otherwise the text is cut into pages."""

from __future__ import annotations

import zipfile
from pathlib import Path

from . import sniff
from .base import Extraction, IngestError, Ingestor, Sniffed, split_text_pages

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: How much of each XML part is searched for a document type declaration.
_DTD_SCAN = 64 * 1024


def _declares_entities(archive: zipfile.ZipFile) -> str:
    """The name of an XML part that carries a document type declaration, or "".

    Office Open XML forbids DTDs: ECMA-376 Part 2 (Open Packaging Conventions, "XML Usage",
    rule M1.18) says "DTD declarations shall not be used" and package implementers "shall treat
    the presence of DTD declarations as an error", because they enable denial of service
    through entity expansion. So a part that has one is hostile: nested entities (the "billion laughs")
    or external ones that name files of the server (XXE). Such a file is refused before any
    XML parser sees it, and never retried: the same bytes would do the same again."""
    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels")) or info.is_dir():
            continue
        with archive.open(info) as part:
            head = part.read(_DTD_SCAN)
        if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
            return info.filename
    return ""


class DocxIngestor(Ingestor):
    name = "docx"
    label = "Word document"
    mimes = (sniff.DOCX,)
    extensions = ("docx",)

    def extract(self, path: Path, sniffed: Sniffed, *, depth: int = 0) -> Extraction:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from lxml import etree

        try:
            with zipfile.ZipFile(path) as archive:
                info = archive.getinfo("word/document.xml")
                if info.file_size > 200 * 1024 * 1024 or info.file_size > 200 * max(info.compress_size, 1):
                    raise IngestError("The Word document's text is implausibly large; it was not opened.")
                hostile = _declares_entities(archive)
            if hostile:
                raise IngestError(
                    f"The Word document's part {hostile} declares XML entities, which real Word documents never "
                    "do: it is built to blow up or to read files of the server (an XML entity bomb or an external "
                    "entity). It was not opened and will not be retried; the original is kept."
                )
            document = docx.Document(str(path))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
            raise IngestError("The Word document is damaged and cannot be opened.") from exc
        except etree.XMLSyntaxError as exc:
            if "amplification" in str(exc) or "entity" in str(exc).lower():
                raise IngestError(
                    "The Word document's XML expands its entities without end (an XML entity bomb); "
                    "it was not opened and will not be retried."
                ) from exc
            raise IngestError(f"The Word document is damaged: its XML cannot be read ({exc.msg}).") from exc
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
