"""Page-text consumers used by the tests (INNOCENCE_PAGE_TEXT_CONSUMERS takes dotted paths)."""

from __future__ import annotations

SEEN: list[list[int]] = []


def record(page_ids: list[int]) -> None:
    SEEN.append(list(page_ids))


def explode(page_ids: list[int]) -> None:
    raise RuntimeError("index is offline")
