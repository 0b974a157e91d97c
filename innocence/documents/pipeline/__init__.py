"""The ingest pipeline: the background steps that turn an original into pages, and the
one "page text changed" event that tells every consumer.

- :mod:`.steps`: the contract of a step (applies / run / cleanup, StopProcessing).
- :mod:`.process`: ``documents.process`` as an explicit chain of steps.
- :mod:`.ocr`: ``documents.ocr_pages`` and finalize; :func:`render_mode`, the one place
  that says how a document's pages become images.
- :mod:`.events`: :func:`page_text_changed` and the consumer jobs.
"""

from __future__ import annotations

from typing import Any

from .events import page_text_changed, run_consumers, run_now
from .ocr import finalize, ocr_pages, render_mode
from .process import STEPS, depth_of, fail, process, write_pages
from .steps import ProcessContext, StopProcessing


def give_up(payload: dict[str, Any], reason: str) -> None:
    """Called by the queue when a step failed for the last time."""
    fail(int(payload["document_id"]), f"Processing stopped: {reason}")


__all__ = [
    "STEPS",
    "ProcessContext",
    "StopProcessing",
    "depth_of",
    "finalize",
    "give_up",
    "ocr_pages",
    "page_text_changed",
    "process",
    "render_mode",
    "run_consumers",
    "run_now",
    "write_pages",
]
