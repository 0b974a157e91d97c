"""Writing a :class:`~innocence.reports.memo_content.Memo` as HTML, PDF and DOCX.

- **PDF**: WeasyPrint (HTML + CSS → PDF; BSD licence, actively maintained by CourtBouillon,
  pure Python over Pango, which Debian ships). It does what a legal memo needs from CSS
  Paged Media: real footnotes (``float: footnote``), running headers carrying the
  work-product marking, "page N of M". The same template is the plain HTML.
- **DOCX**: python-docx (MIT, the standard library for Word files, already used by the
  letters and the DOCX ingestor). It has no footnote API, so each finding's record
  citations follow it as numbered pinpoint notes ("[3] Trial transcript, p. 14 (“…”)") —
  the same numbers as the PDF's footnotes.

Both are byte-for-byte reproducible for the same memo: the DOCX's zip entries and core
properties carry the memo's own time, the PDF's metadata and identifier come from it too.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from innocence.core.pdf import html_to_pdf

from .memo_content import Block, Memo, Note

FORMATS = ("docx", "pdf", "html")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}


@dataclass
class _BlockView:
    kind: str
    text: str
    columns: list[str]
    rows: list[list[str]]
    note_objects: list[Note]


def _made_at(memo: Memo) -> dt.datetime:
    return dt.datetime.strptime(memo.generated_at, "%Y-%m-%d %H:%M:%S UTC").replace(tzinfo=dt.UTC)


#: Above this many record citations the PDF writes each finding's notes under it (as the
#: DOCX does) instead of as page-bottom footnotes, same numbers and content. In
#: bench/bench_memo.py (500 findings, 2,200 notes, a loaded 2-core machine, under tracemalloc)
#: the PDF took 343 s with footnotes and 273 s with notes under each finding; the rest of the
#: cost is WeasyPrint's layout of ~300 pages.
FOOTNOTE_LIMIT = 400


def render_html(memo: Memo, *, footnotes: bool = True) -> str:
    by_number = {n.number: n for n in memo.notes}

    def view(block: Block) -> _BlockView:
        return _BlockView(block.kind, block.text, block.columns, block.rows, [by_number[n] for n in block.notes])

    sections = [{"slug": s.slug, "title": s.title, "blocks": [view(b) for b in s.blocks]} for s in memo.sections]
    context: dict[str, Any] = {
        "memo": memo,
        "sections": sections,
        "versions": list(memo.versions.items()),
        "app_version": memo.versions.get("innocence-files", ""),
        "created_iso": _made_at(memo).isoformat(),
        "footnotes": footnotes,
    }
    return render_to_string("reports/memo.html", context)


def render_pdf(memo: Memo) -> bytes:
    return html_to_pdf(render_html(memo, footnotes=len(memo.notes) <= FOOTNOTE_LIMIT), made=_made_at(memo),
                       seed=f"{memo.inputs_digest}{memo.generated_at}")


def render_docx(memo: Memo) -> bytes:
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt, RGBColor

    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    made = _made_at(memo).replace(tzinfo=None)
    props = document.core_properties
    props.title, props.author, props.last_modified_by = memo.title, memo.made_by, memo.made_by
    props.created = props.modified = made
    props.revision = 1
    props.comments = f"Inputs digest {memo.inputs_digest}"
    header = document.sections[0].header.paragraphs[0]
    header.text = memo.marking
    by_number = {n.number: n for n in memo.notes}

    marking = document.add_paragraph()
    run = marking.add_run(memo.marking.upper())
    run.bold = True
    run.font.color.rgb = RGBColor(0x7A, 0x11, 0x11)
    document.add_heading(memo.title, level=0)
    document.add_paragraph(memo.organization)
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in memo.cover:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    if memo.preface:
        document.add_paragraph(memo.preface)
    meta = document.add_paragraph(
        f"Made {memo.generated_at} by {memo.made_by}. Inputs digest {memo.inputs_digest[:16]}. Versions: "
        + "; ".join(f"{k} {v}" for k, v in memo.versions.items()) + "."
        + (f" Left out: {'; '.join(memo.left_out)}." if memo.left_out else ""))
    meta.runs[0].font.size = Pt(9)
    meta.add_run().add_break(WD_BREAK.PAGE)

    for section in memo.sections:
        document.add_heading(section.title, level=1)
        for block in section.blocks:
            if block.kind == "heading":
                document.add_heading(block.text, level=2)
            elif block.kind == "table":
                grid = document.add_table(rows=1, cols=len(block.columns))
                grid.style = "Table Grid"
                for cell, name in zip(grid.rows[0].cells, block.columns, strict=True):
                    cell.text = name
                    for r in cell.paragraphs[0].runs:
                        r.bold = True
                for row in block.rows:
                    for cell, value in zip(grid.add_row().cells, row, strict=False):
                        cell.text = value
            else:
                paragraph = document.add_paragraph()
                text_run = paragraph.add_run(block.text)
                text_run.bold = block.kind == "status"
                for number in block.notes:
                    call = paragraph.add_run(str(number))
                    call.font.superscript = True
                for number in block.notes:
                    note = document.add_paragraph(f"[{number}] {by_number[number].pinpoint()}")
                    note.paragraph_format.left_indent = Pt(18)
                    note.runs[0].font.size = Pt(9)
    if memo.closing:
        document.add_paragraph(memo.closing)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue(), made)


def _fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same archive with every entry dated ``when``: python-docx stamps entries with
    the clock, which would make two runs on the same memo differ."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def render(memo: Memo, fmt: str) -> bytes:
    if fmt == "pdf":
        return render_pdf(memo)
    if fmt == "docx":
        return render_docx(memo)
    if fmt == "html":
        return render_html(memo).encode()
    raise ValueError(f"Unknown memo format '{fmt}': use one of {', '.join(FORMATS)}.")
