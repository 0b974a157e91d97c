"""Extraction of people, dates, times, places, phone numbers, reference numbers and vehicles
from one page's text. Pure functions: text in, :class:`ExtractedMention` list out.

Entry point: :func:`extract_page`.
"""

from __future__ import annotations

from .agencies import annotate
from .dates import extract_dates, extract_times
from .numbers import extract_numbers, extract_vehicles
from .persons import extract_persons
from .places import extract_addresses, extract_phones
from .quality import is_readable
from .types import ExtractedMention, Kind
from .vocabulary import vocabulary

#: Bump when extraction changes so that pages can be re-extracted.
EXTRACTOR_VERSION = "people-extract-8"
#: Longer pages are read up to this many characters (a 10 MB "page" is a broken import, not a page).
MAX_PAGE_CHARS = 200_000

__all__ = ["EXTRACTOR_VERSION", "ExtractedMention", "Kind", "extract_page", "extractor_version"]


def extractor_version() -> str:
    return f"{EXTRACTOR_VERSION}+{vocabulary().version}"


def extract_page(text: str | None) -> list[ExtractedMention]:
    """All mentions on one page, sorted by offset. Never raises on odd input."""
    if not text or not text.strip():
        return []
    text = text[:MAX_PAGE_CHARS]
    if not is_readable(text):
        return []
    mentions: list[ExtractedMention] = []
    mentions.extend(extract_persons(text))
    mentions.extend(extract_dates(text))
    mentions.extend(extract_times(text))
    mentions.extend(extract_addresses(text))
    mentions.extend(extract_phones(text))
    mentions.extend(extract_numbers(text))
    mentions.extend(extract_vehicles(text))
    mentions.sort(key=lambda m: (m.start, m.end, m.kind))
    annotate(text, mentions)
    return mentions



def warm_up() -> None:
    """Load the patterns and vocabularies every page needs (the page-text consumer's
    ``warm_up``): no database."""
    from innocence.core.extensions import WARM_UP_PAGE

    extract_page(WARM_UP_PAGE)
