"""Writes of the Reports app: making a memo (audited as an export of the case), importing
a copy of the NRE data set (see :mod:`innocence.reports.nre_import`)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from innocence.cases.models import Case
from innocence.core import audit
from innocence.core.access import require_export
from innocence.core.models import AuditAction

from . import memo_content, memo_render


@dataclass
class MadeMemo:
    content: bytes
    file_name: str
    content_type: str
    memo: memo_content.Memo


def memo_make(
    *,
    actor: Any,
    case: Case,
    fmt: str,
    sections: list[str] | None = None,
    include_dismissed: bool = False,
    at: dt.datetime | None = None,
) -> MadeMemo:
    """The memo of a case the actor may see (fetched with ``case_get_for_user``), written as
    ``fmt``; recorded in the audit log with what it contained."""
    if fmt not in memo_render.FORMATS:
        raise ValueError(f"Unknown memo format '{fmt}': use one of {', '.join(memo_render.FORMATS)}.")
    require_export(actor, case)  # a memo is the case taken home: web, API and CLI alike
    memo = memo_content.build_memo(case, actor, sections=sections, include_dismissed=include_dismissed, at=at)
    content = memo_render.render(memo, fmt)
    audit.record(AuditAction.EXPORT, actor=actor, obj=case, changes={
        "memo": fmt,
        "sections": [s.slug for s in memo.sections],
        "findings": memo.finding_count,
        "citations": len(memo.notes),
        "include_dismissed": include_dismissed,
        "inputs_digest": memo.inputs_digest,
        "sha256": hashlib.sha256(content).hexdigest(),
        "made_at": memo.generated_at,
    })
    stamp = memo.generated_at[:10]
    return MadeMemo(content, f"{case.reference}-memo-{stamp}.{fmt}", memo_render.CONTENT_TYPES[fmt], memo)
