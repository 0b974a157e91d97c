"""A draft printed twice is laid out once: html_to_pdf's bytes depend on (html, made, seed)
alone, so the second call is served from the in-process cache, and any change of the three
renders anew. Fictional HTML."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from innocence.core import pdf

MADE = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)
HTML = "<html><body><h1>Memo (fictional)</h1><p>State v. Quarrel.</p></body></html>"


@pytest.fixture
def renders(monkeypatch: Any) -> list[str]:
    pdf.clear_cache()
    seen: list[str] = []
    real = pdf._render

    def counting(html: str, **kwargs: Any) -> bytes:
        seen.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(pdf, "_render", counting)
    yield seen
    pdf.clear_cache()


def test_the_same_draft_is_rendered_once_and_is_the_same_bytes(renders: list[str]) -> None:
    first = pdf.html_to_pdf(HTML, made=MADE, seed="memo:1")
    second = pdf.html_to_pdf(HTML, made=MADE, seed="memo:1")
    assert first.startswith(b"%PDF") and first == second
    assert len(renders) == 1


def test_any_change_of_text_time_or_seed_renders_anew(renders: list[str]) -> None:
    base = pdf.html_to_pdf(HTML, made=MADE, seed="memo:1")
    other_text = pdf.html_to_pdf(HTML.replace("Quarrel", "Pellow"), made=MADE, seed="memo:1")
    other_time = pdf.html_to_pdf(HTML, made=MADE + dt.timedelta(seconds=1), seed="memo:1")
    other_seed = pdf.html_to_pdf(HTML, made=MADE, seed="memo:2")
    assert len(renders) == 4
    assert len({base, other_text, other_time, other_seed}) == 4


def test_the_cache_keeps_only_the_newest_drafts(renders: list[str], monkeypatch: Any) -> None:
    monkeypatch.setattr(pdf, "CACHE_ENTRIES", 2)
    for n in range(3):
        pdf.html_to_pdf(HTML + f"<p>{n}</p>", made=MADE, seed="memo")
    assert len(pdf._cache) == 2
    pdf.html_to_pdf(HTML + "<p>0</p>", made=MADE, seed="memo")  # the oldest was dropped
    assert len(renders) == 4
