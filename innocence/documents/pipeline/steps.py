"""The contract of an ingest step, in the spirit of paperless-ngx's consumer plugins.

A step is a small object with three methods:

    applies(ctx) -> bool    may it run for this document, at this point of the chain?
    run(ctx) -> None        do the work; may set fields of ``ctx`` for later steps
    cleanup(ctx) -> None    always called for every step that was started, in reverse
                            order, whether the chain finished, stopped or crashed

A step that decides the document cannot go on raises :class:`StopProcessing` with a reason
written for the person who uploaded the file; the chain stops, the document is marked with
that reason and status, and every started step is cleaned up. Any other exception is a
crash: the job queue retries the whole chain, which is why every step is idempotent.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from ..ingestors.base import Extraction, Ingestor, Sniffed
from ..models import Document, DocumentStatus

log = logging.getLogger(__name__)


class StopProcessing(Exception):
    """Stops the chain; ``reason`` is shown to the user on the document."""

    def __init__(self, reason: str, *, status: str = DocumentStatus.FAILED) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass
class ProcessContext:
    document: Document
    path: Path | None = None
    sniffed: Sniffed | None = None
    ingestor: Ingestor | None = None
    extraction: Extraction | None = None
    notes: list[str] = field(default_factory=list)
    ocr_numbers: set[int] = field(default_factory=set)
    gone_page_ids: list[int] = field(default_factory=list)
    state: dict[str, Any] = field(default_factory=dict)


class Step(Protocol):
    name: str

    def applies(self, ctx: ProcessContext) -> bool: ...

    def run(self, ctx: ProcessContext) -> None: ...

    def cleanup(self, ctx: ProcessContext) -> None: ...


class BaseStep:
    name = ""

    def applies(self, ctx: ProcessContext) -> bool:
        return True

    def run(self, ctx: ProcessContext) -> None:
        raise NotImplementedError

    def cleanup(self, ctx: ProcessContext) -> None:
        return None


def run_chain(steps: Sequence[Step], ctx: ProcessContext) -> StopProcessing | None:
    """Run the steps in order. Returns the StopProcessing that ended the chain early, or
    None when every applicable step ran; other exceptions propagate after cleanup."""
    started: list[Step] = []
    try:
        for step in steps:
            if not step.applies(ctx):
                continue
            started.append(step)
            step.run(ctx)
    except StopProcessing as stop:
        return stop
    finally:
        for step in reversed(started):
            try:
                step.cleanup(ctx)
            except Exception:  # a cleanup must never hide the step's own outcome
                log.exception("cleanup of step %s failed for document %s", step.name, ctx.document.pk)
    return None
