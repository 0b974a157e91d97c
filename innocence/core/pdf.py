"""HTML → PDF, one path for every printed draft (the case memo, the DNA-testing worksheet).

WeasyPrint (CSS Paged Media: running headers, "page N of M", footnotes). It lives in the
bottom layer so a lens can print without importing the reports app above it. The page
styles every draft shares are ``templates/print/paged.css``, included by each template.
Reproducible: the same HTML and the same ``made`` time give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict

CONTENT_TYPE = "application/pdf"

#: Drafts kept rendered, per process: laying out a memo of thirty pages with footnotes takes
#: seconds, and the same memo is downloaded again (by its team, after a reload, by a second
#: format link) far more often than it changes.
CACHE_ENTRIES = 16
CACHE_BYTES = 64 * 1024 * 1024

_cache: OrderedDict[bytes, bytes] = OrderedDict()
_cache_lock = threading.Lock()


def html_to_pdf(html: str, *, made: dt.datetime, seed: str) -> bytes:
    """``made`` becomes the PDF's creation and modification time, ``seed`` its identifier
    (hashed): both from the content, never from the clock, so a re-run is byte-identical.

    Because the bytes are a function of (html, made, seed) alone, a draft rendered before is
    served from a small in-process cache keyed by their hash. The key holds every byte of
    the HTML, so a caller only ever gets the PDF of the very text it could have printed."""
    stamp = made.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    key = hashlib.sha256("\x00".join((html, stamp, seed)).encode()).digest()
    with _cache_lock:
        cached = _cache.get(key)
        if cached is not None:
            _cache.move_to_end(key)
            return cached
    pdf = _render(html, stamp=stamp, seed=seed)
    with _cache_lock:
        _cache[key] = pdf
        while len(_cache) > CACHE_ENTRIES or sum(map(len, _cache.values())) > CACHE_BYTES:
            _cache.popitem(last=False)
            if not _cache:
                break
    return pdf


def _render(html: str, *, stamp: str, seed: str) -> bytes:
    from weasyprint import HTML

    document = HTML(string=html, base_url=None).render()
    document.metadata.created = stamp
    document.metadata.modified = stamp
    identifier = hashlib.sha256(seed.encode()).hexdigest()[:32].encode()
    return bytes(document.write_pdf(pdf_identifier=identifier))


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()
