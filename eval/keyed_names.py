"""Real names in eval gold files, kept out of the repository as keyed hashes.

The gold sets of eval/ are hand annotations of the real case files in ../shared/data/real. The
repository must not carry real case data, so every name part and every file name in a gold file
is stored as ``HMAC-SHA256(key, lower-cased word)`` (first 16 hex digits), keyed with SHA-256 of
the bytes of the reference file ``case-files/ocr_json/Police Report.json`` — the scheme of
eval/ocr_search_names.json. Only someone holding the real files can read or test a gold name:

- a name is a string of space-separated hashes, one per word ("R. Smith" -> hash("r") hash("smith"));
- a file is the hash of its file name (``hash("some report.json")``);
- at run time, :class:`Keyed` hashes every word of the real files and every file name, and
  turns a gold name back into its words (printed only, never written anywhere).

A word the annotator wrote that is on no page of the real files cannot be turned back: the
conversion (``seal``) refuses it, so every gold name stays recoverable.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

REFERENCE = Path("Police Report.json")
DIGITS = 16
# Split as the annotator would: runs of letters with inner apostrophes (O'Neal, OCR's R'o'e).
WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")


def key_for(ocr_json: Path) -> bytes:
    return hashlib.sha256((ocr_json / REFERENCE).read_bytes()).digest()


def digest(key: bytes, word: str) -> str:
    return hmac.new(key, word.lower().encode(), hashlib.sha256).hexdigest()[:DIGITS]


def name_words(name: str) -> list[str]:
    return WORD.findall(name)


class Keyed:
    """The real files' vocabulary and file names, by keyed hash."""

    def __init__(self, ocr_json: Path, files: Iterable[Path]) -> None:
        self.key = key_for(ocr_json)
        self.files: dict[str, str] = {}
        counts: Counter[str] = Counter()
        for path in files:
            self.files[digest(self.key, path.name)] = path.name
            for message in json.loads(path.read_text())["messages"]:
                counts.update(WORD.findall(message.get("page_content") or ""))
        # The spelling shown for a hashed word: the most frequent capitalised form on the pages.
        self.words: dict[str, str] = {}
        best: dict[str, int] = {}
        for word, n in counts.items():
            h = digest(self.key, word)
            score = n + (10**9 if word[:1].isupper() and not word.isupper() else 0)
            if score > best.get(h, -1):
                best[h], self.words[h] = score, word
        for h, word in self.words.items():
            if len(word) == 1:
                self.words[h] = word.upper() + "."
            elif word.isupper():
                self.words[h] = word.capitalize()

    def file(self, hashed: str) -> str:
        return self.files.get(hashed, hashed)

    def name(self, hashed: str) -> str:
        parts = [self.words.get(h) for h in hashed.split()]
        if any(p is None for p in parts):
            raise KeyError(f"a gold name ({hashed}) has a word on no page of the real files")
        return " ".join(p for p in parts if p)

    def seal(self, name: str) -> str:
        """A plaintext name -> its hashes; refuses a word that could not be turned back."""
        out = []
        for word in name_words(name):
            h = digest(self.key, word)
            if h not in self.words:
                raise KeyError(f"{word!r} is on no page of the real files: the gold could not be read back")
            out.append(h)
        return " ".join(out)
