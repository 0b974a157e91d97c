"""Writes of the Reports app: making a memo (audited as an export of the case), importing
a copy of the NRE data set (see :mod:`innocence.reports.nre_import`)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from innocence.cases.models import Case
from innocence.core import audit
from innocence.core.access import require_export
from innocence.core.models import AuditAction
from innocence.jobs import progress

from . import memo_content, memo_render

#: The steps of making a memo, as the progress component shows them (innocence.jobs.progress).
MEMO_STEPS = ("gathering findings", "rendering", "writing the file")

#: Told (steps done, steps in all, the step now under way) as a memo is made: a terminal bar.
StepReport = Callable[[int, int, str], None]


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
    progress_key: str | None = None,
    on_step: StepReport | None = None,
) -> MadeMemo:
    """The memo of a case the actor may see (fetched with ``case_get_for_user``), written as
    ``fmt``; recorded in the audit log with what it contained.

    A memo of hundreds of findings takes a while: with ``progress_key`` its steps
    (:data:`MEMO_STEPS`) are written to the job queue's progress, with ``on_step`` told to a
    caller (the CLI's bar). Neither changes a byte of the memo."""
    if fmt not in memo_render.FORMATS:
        raise ValueError(f"Unknown memo format '{fmt}': use one of {', '.join(memo_render.FORMATS)}.")
    require_export(actor, case)  # a memo is the case taken home: web, API and CLI alike

    def step(done: int) -> None:
        current = MEMO_STEPS[done] if done < len(MEMO_STEPS) else ""
        if progress_key is not None:
            if done == 0:
                progress.start(progress_key, total=len(MEMO_STEPS), unit="steps",
                               label=f"Memo of {case.reference}", current=current)
            elif done < len(MEMO_STEPS):
                progress.advance(progress_key, current=current)
            else:
                progress.finish(progress_key)
        if on_step is not None:
            on_step(done, len(MEMO_STEPS), current)

    step(0)
    memo = memo_content.build_memo(case, actor, sections=sections, include_dismissed=include_dismissed, at=at)
    step(1)
    content = memo_render.render(memo, fmt)
    step(2)
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
    step(3)
    stamp = memo.generated_at[:10]
    return MadeMemo(content, f"{case.reference}-memo-{stamp}.{fmt}", memo_render.CONTENT_TYPES[fmt], memo)
