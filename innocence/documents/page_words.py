"""Where the words of a page's text sit on the page image.

The OCR step saves, beside each page's one-page PDF, the word boxes and confidences of every
engine that read the page (``derived/<sha>/ocr/page-00001.words.json``, written by
``OcrResult.words_json``). The viewer uses them to draw search hits and cited passages over
the image: :func:`text_word_boxes` aligns the words of the page *text* (which may since have
been corrected by hand) with the words the OCR engine read, so a passage found in the text —
by its word indexes or character offsets — is drawn where it is on the image.

Words are split and folded as the search index splits page text (letters and digits, lower
case, accents removed), so word index *i* here is word *i* for the search package too.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from . import storage

WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


def words_name(number: int) -> str:
    """The derived file holding a page's OCR word boxes."""
    return f"ocr/page-{number:05d}.words.json"


@dataclass(frozen=True)
class Box:
    """A rectangle on the page image, in percent of its width and height (so it fits the
    image at any zoom)."""

    left: float
    top: float
    width: float
    height: float

    def style(self) -> str:
        return f"left:{self.left:.2f}%;top:{self.top:.2f}%;width:{self.width:.2f}%;height:{self.height:.2f}%"


def _fold(text: str) -> str:
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def load_words(sha256: str, number: int) -> dict[str, Any] | None:
    """The saved word boxes of a page, or None (not OCR'd, or OCR'd before boxes were kept)."""
    path = storage.derived_path(sha256, words_name(number))
    if not storage.exists(path):
        return None
    try:
        with storage.open_file(path) as fh:
            data = json.loads(fh.read())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def ocr_tokens(data: dict[str, Any]) -> list[tuple[str, Box]]:
    """The folded words the page's engine read, in reading order, each with its box. An OCR
    word with inner punctuation ("Line-up,") gives one token per part, each on its share of
    the box."""
    width = float(data.get("width") or 0)
    height = float(data.get("height") or 0)
    engines = data.get("engines") or {}
    reading = engines.get(data.get("engine")) or next(iter(engines.values()), None)
    if not reading or width <= 0 or height <= 0:
        return []
    tokens: list[tuple[str, Box]] = []
    for entry in reading.get("words") or []:
        text, x0, y0, x1, y1 = str(entry[0]), *(float(v) for v in entry[2:6])
        span = max(1, len(text))
        for match in WORD_RE.finditer(text):
            a = x0 + (x1 - x0) * match.start() / span
            b = x0 + (x1 - x0) * match.end() / span
            box = Box(100 * a / width, 100 * y0 / height, 100 * (b - a) / width, 100 * (y1 - y0) / height)
            tokens.append((_fold(match.group(0)), box))
    return tokens


def text_words(text: str) -> list[tuple[str, int, int]]:
    """The folded words of a text with their character offsets."""
    return [(_fold(m.group(0)), m.start(), m.end()) for m in WORD_RE.finditer(text)]


def text_word_boxes(text: str, data: dict[str, Any] | None) -> list[Box | None]:
    """For each word of ``text`` (as :func:`text_words` splits it), its box on the image, or
    None where the text and the OCR reading do not line up (a word added by hand)."""
    words = [w for w, _, _ in text_words(text)]
    boxes: list[Box | None] = [None] * len(words)
    tokens = ocr_tokens(data) if data else []
    if not words or not tokens:
        return boxes
    read = [t for t, _ in tokens]
    matcher = SequenceMatcher(None, words, read, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            # A word corrected by hand in place still sits where the OCR read it.
            for k in range(i2 - i1):
                boxes[i1 + k] = tokens[j1 + k][1]
    return boxes


def boxes_for_offsets(text: str, boxes: list[Box | None], start: int, end: int) -> list[Box]:
    """The boxes of the words of ``text`` that overlap the characters start..end."""
    return [
        box
        for (_, a, b), box in zip(text_words(text), boxes, strict=False)
        if box is not None and a < end and b > start
    ]
