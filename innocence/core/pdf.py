"""HTML → PDF, one path for every printed draft (the case memo, the DNA-testing worksheet).

WeasyPrint (CSS Paged Media: running headers, "page N of M", footnotes). It lives in the
bottom layer so a lens can print without importing the reports app above it. The page
styles every draft shares are ``templates/print/paged.css``, included by each template.
Reproducible: the same HTML and the same ``made`` time give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib

CONTENT_TYPE = "application/pdf"


def html_to_pdf(html: str, *, made: dt.datetime, seed: str) -> bytes:
    """``made`` becomes the PDF's creation and modification time, ``seed`` its identifier
    (hashed): both from the content, never from the clock, so a re-run is byte-identical."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=None).render()
    stamp = made.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    document.metadata.created = stamp
    document.metadata.modified = stamp
    identifier = hashlib.sha256(seed.encode()).hexdigest()[:32].encode()
    return bytes(document.write_pdf(pdf_identifier=identifier))
