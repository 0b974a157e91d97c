"""Every label a person reads is in words: walk every tab of the demo's cases as an attorney
and fail on what only a programmer reads — ``app.Model`` labels, Python dict or list reprs,
stored enum values (``police_report``) or rule ids shown as text, and bare verification
marks (``[P]``, ``[U]``).

The check runs over the rendered *text* (tags, attributes, <script>, <style>, <code> and
<pre> removed), so ids in URLs and form values stay allowed."""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

import pytest
from django.apps import apps

pytestmark = pytest.mark.django_db

HIDDEN = re.compile(r"<(script|style|code|pre|textarea|option)\b.*?</\1>", re.S | re.I)
TAG = re.compile(r"<[^>]+>")
MODEL_LABEL = re.compile(r"\b[a-z]+\.[A-Z][A-Za-z]+\b")
REPR = re.compile(r"\{'|\['|\{\"|': ")
MARK = re.compile(r"\[[PUV]\]")
WORD = re.compile(r"\b[a-z0-9]+(?:[._][a-z0-9]+)+\b")


def visible_text(page: str) -> str:
    return htmllib.unescape(TAG.sub(" ", HIDDEN.sub(" ", page)))


def stored_values() -> set[str]:
    """Every snake_case choice value of every model field, and every rule id: words a page
    should show by their label or title, never as they are stored."""
    from innocence.findings.registry import registered_rules

    values = {str(value) for model in apps.get_models() for f in model._meta.get_fields()
              for value, _label in (getattr(f, "flatchoices", None) or []) if "_" in str(value)}
    for lens in ("witness", "evidence", "prosecution"):
        values |= {r.rule_id for r in registered_rules(lens)}
    return values


def problems(page: str) -> list[str]:
    text = visible_text(page)
    found = [f"model label {m}" for m in MODEL_LABEL.findall(text)]
    found += [f"repr near {text[max(0, m.start() - 40):m.end() + 40]!r}" for m in REPR.finditer(text)]
    found += [f"bare mark near {text[max(0, m.start() - 40):m.end()]!r}" for m in MARK.finditer(text)]
    stored = stored_values()
    found += [f"stored value {w!r}" for w in WORD.findall(text) if w in stored]
    return found


def test_the_checker_catches_each_kind() -> None:
    page = ("<p>Created witnesses.StatementClaim</p><td>{'status': ['a', 'b']}</td><li>Threshold [U]</li>"
            "<span>police_report</span><small>eyewitness.show_up v1</small>"
            "<script>var x = {'a': 1}</script><a href='/x?type=police_report'>Police report</a>")
    found = problems(page)
    assert any("witnesses.StatementClaim" in p for p in found)
    assert any(p.startswith("repr") for p in found)
    assert any(p.startswith("bare mark") for p in found)
    assert "stored value 'police_report'" in found and "stored value 'eyewitness.show_up'" in found
    assert not problems("<a href='/x?type=police_report'>Police report</a><script>{'a': 1}</script>")


def test_demo_case_pages_read_as_words(client: Any) -> None:
    from innocence.cases.demo import load_demo
    from innocence.cases.selectors import cases_visible_to
    from innocence.cases.tabs import tabs

    ctx = load_demo()
    attorney = ctx.users["attorney"]
    client.force_login(attorney)
    failures: dict[str, list[str]] = {}
    references = list(cases_visible_to(attorney).values_list("reference", flat=True))
    assert references
    for reference in references:
        urls = [f"/cases/{reference}/", f"/findings/cases/{reference}/"]
        urls += [f"/cases/{reference}/{tab.slug}/" for tab in tabs()]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            found = problems(response.content.decode())
            if found:
                failures[url] = sorted(set(found))[:8]
    for query in ("police", "report"):
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200
        if found := problems(response.content.decode()):
            failures[f"/search/?q={query}"] = sorted(set(found))[:8]
    client.force_login(ctx.users["admin"])
    for reference in references:
        url = f"/audit/?case={reference}"
        response = client.get(url)
        assert response.status_code == 200, url
        if found := problems(response.content.decode()):
            failures[url] = sorted(set(found))[:8]
    assert not failures, "\n".join(f"{url}: {found}" for url, found in failures.items())
