"""Splitting a long single-line text into pages is linear (issue 11, item 4).

The timing figures live in bench/bench_text_split.py. This test only makes sure that a
32 MB single line is split, page for page as the paragraph rule says, well inside the
job time limit the queue would give a runaway job (the old quadratic split took ~12 s
here; the linear one a few hundredths of a second)."""

from __future__ import annotations

from typing import Any

from innocence.documents.ingestors.base import split_text_pages
from innocence.jobs import limits
from innocence.jobs.queue import TaskSpec


def test_a_32_mb_single_line_splits_into_pages_inside_a_job_time_limit() -> None:
    text = "fictional " * (32 * 1024 * 1024 // 10)
    spec = TaskSpec("tests.split", lambda payload: None, time_limit=3)
    pages: list[Any] = []
    with limits.limited(spec):
        pages = split_text_pages(text)
    assert sum(len(p.text) for p in pages) == len(text.strip("\n"))
    assert all(len(p.text) <= 3500 * 2 for p in pages)
    assert "".join(p.text for p in pages) == text


def test_paragraphs_and_form_feeds_keep_their_pages() -> None:
    assert [p.text for p in split_text_pages("one\fTwo\f")] == ["one", "Two"]
    text = "\n".join(["short paragraph"] * 500)
    pages = split_text_pages(text, target=1000)
    assert all(p.text.endswith("short paragraph") for p in pages)
    assert "\n".join(p.text for p in pages) == text
