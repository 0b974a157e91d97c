"""Background tasks of the documents app (found by innocence.jobs)."""

from __future__ import annotations

from typing import Any

from innocence.jobs.queue import task

from . import pipeline


@task("documents.process", max_attempts=3, on_give_up=pipeline.give_up)
def process(payload: dict[str, Any]) -> None:
    pipeline.process(payload)


@task("documents.ocr_pages", max_attempts=3, on_give_up=pipeline.give_up)
def ocr_pages(payload: dict[str, Any]) -> None:
    pipeline.ocr_pages(payload)


@task("documents.page_text_changed", max_attempts=5, on_give_up=pipeline.events.consumer_gave_up)
def page_text_changed(payload: dict[str, Any]) -> None:
    pipeline.run_consumers(payload)
