"""OCR-tolerant quotes: a passage the user read off the page *image* is accepted as a citation
when it lines up closely enough with the page's OCR text.

The quote and the page text are compared after folding what does not change the meaning of
a quote on an old scan: case, punctuation and spacing, and the single characters OCR
confuses on typewritten pages (1/l/|, 0/o, 5/s). The best-matching stretch of the text
(rapidfuzz's partial-ratio alignment, widened to whole words) is the **matched OCR span**; it
is stored beside the human-read quote with its similarity, and both are shown, so a reader
can always see what the machine text says at that place.

A quote must be long enough to identify its passage: at least :data:`MIN_WORDS` words and
:data:`MIN_CHARS` letters, else a short phrase would "match" somewhere on most pages.

The three thresholds were measured on the tuning pages of the real scanned police report
(eval/eval_ocr_search.py, split in eval/ocr_split.json; the commercial OCR's lines stand for
quotes read off the image, lines of other pages and other reports for quotes that are not
there). At the earlier 0.80 / 4 words / 20 letters, 402 of 517 such quotes were accepted;
3 words / 12 letters accepts 476, with no more quotes from elsewhere accepted (1 of 1,912, an
exact 3-word match that no threshold decides). The report pages: 424 → 526 of 575, 0 of 1,041
wrong. 0.80 stayed: 0.75 wrongly accepts more (1 → 3), 0.85 accepts fewer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

MIN_WORDS = 3
MIN_CHARS = 12
MIN_SIMILARITY = 0.80

_SHAPES = str.maketrans({"1": "l", "|": "l", "0": "o", "5": "s"})
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Alignment:
    start: int  # character offsets of the matched span in the page text
    end: int
    text: str  # the page text there, as stored
    similarity: float  # 0–1


def _normalized(text: str) -> tuple[str, list[int]]:
    """Folded text (letters and digits, single spaces) and, for each of its characters, the
    offset of the character of ``text`` it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        folded = unicodedata.normalize("NFKD", ch)
        folded = "".join(c for c in folded if not unicodedata.combining(c)).lower().translate(_SHAPES)
        if folded and all(c.isalnum() for c in folded):
            for c in folded:
                out.append(c)
                where.append(i)
        elif out and out[-1] != " ":
            out.append(" ")
            where.append(i)
    while out and out[-1] == " ":
        out.pop()
        where.pop()
    return "".join(out), where


def long_enough(quote: str) -> bool:
    words = _WORD_RE.findall(quote)
    return len(words) >= MIN_WORDS and sum(len(w) for w in words) >= MIN_CHARS


def align_quote(quote: str, text: str) -> Alignment | None:
    """Where ``quote`` best lines up with ``text``, or None when nothing does at all."""
    needle, _ = _normalized(quote)
    haystack, where = _normalized(text)
    if not needle or not haystack:
        return None
    found = fuzz.partial_ratio_alignment(needle, haystack)
    if found is None or found.score <= 0:
        return None
    a, b = found.dest_start, max(found.dest_start, found.dest_end - 1)
    start, end = where[a], where[b] + 1
    # Widen to whole words of the stored text.
    while start > 0 and text[start - 1].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum():
        end += 1
    span = text[start:end]
    similarity = fuzz.ratio(needle, _normalized(span)[0]) / 100
    return Alignment(start=start, end=end, text=span, similarity=round(similarity, 3))
