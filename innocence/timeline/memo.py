"""The chronology section of the case memo (``innocence.reports``), through the memo hook.

Only reviewed entries go into a memo: recorded fields of the case and its lenses, and
events a person confirmed. Proposals from page text wait for review; a rejected one never
appears. Each line keeps its record citation (document, page, quote) when it has one.
"""

from __future__ import annotations

from typing import Any

from innocence.cases.models import Case
from innocence.core.extensions import MemoBlock, MemoCitation

from .selectors import Filters, chronology


def chronology_section(case: Case, user: Any) -> list[MemoBlock]:
    entries = chronology(case, Filters(status="reviewed"))
    blocks: list[MemoBlock] = []
    for entry in entries:
        line = f"{entry.date_label} — {entry.title}"
        if entry.person_name:
            line += f" ({entry.person_name})"
        if entry.conflict:
            line += " [dates conflict with another record: check both]"
        citations: tuple[MemoCitation, ...] = ()
        if entry.document_title:
            citations = (MemoCitation(entry.document_title, entry.page_number, entry.quote),)
        blocks.append(MemoBlock(text=line, citations=citations))
    return blocks
