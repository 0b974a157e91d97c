"""Every form and query parameter is validated: whatever text a person (or a script) puts in
any parameter a view reads, on any route of tests/route_table.py, the answer is never a
500 — a bad value is a 4xx that says what is wrong, or the value is ignored.

The parameter names are read from the views themselves (every ``request.GET.get("…")`` and
``request.POST.get("…")`` under innocence/), so a new parameter is walked without editing
this file. Hypothesis draws the values: empty, huge, NUL and control characters, other
scripts, numbers out of range, dates that are not dates."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.route_table import API, WEB, api_path, web_path

ROOT = Path(__file__).resolve().parents[2] / "innocence"
_READ = re.compile(r"request\.(GET|POST|query_params)\.get(?:list)?\(\s*[\"']([A-Za-z_][A-Za-z0-9_]*)[\"']")


def parameter_names() -> tuple[list[str], list[str]]:
    get: set[str] = {"page", "q", "offset", "limit", "sort", "order", "tab", "stage", "status"}
    post: set[str] = set()
    for path in ROOT.rglob("*.py"):
        for kind, name in _READ.findall(path.read_text(encoding="utf-8")):
            (post if kind == "POST" else get).add(name)
    return sorted(get), sorted(post)


GET_NAMES, POST_NAMES = parameter_names()

VALUES = st.one_of(
    st.just(""),
    st.just("\x00"),
    st.just("-1"),
    st.just(str(2**64)),
    st.just("1e999"),
    st.just("NaN"),
    st.just("2024-02-30"),
    st.just("../../etc/passwd"),
    st.just("LIC/../x"),
    st.just("x" * 5000),
    st.just("304919213"),  # a year no date can hold, but no 64-bit overflow either
    st.just("\u00b2"),  # a digit to str.isdigit(), not to int()
    st.text(min_size=1, max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
)
# Derandomized: the suite gives the same answer on every run (a random draw once found a
# nine-digit year in CI only); the values above name each class that has broken a view.
WALK = settings(max_examples=4, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
GET_WEB = [r for r in WEB if r.method == "GET"]
POST_WEB = [r for r in WEB if r.method == "POST"]


def test_the_walk_finds_the_parameters_views_read() -> None:
    assert {"q", "page", "lens", "format"} <= set(GET_NAMES) | set(POST_NAMES)
    assert len(GET_NAMES) + len(POST_NAMES) > 40


@pytest.mark.django_db
@WALK
@given(value=VALUES)
@example(value="304919213")
@example(value="\u00b2")
def test_no_query_parameter_value_is_a_500_on_any_page(client: Any, estate: Any, value: str) -> None:
    client.force_login(estate.users["admin"])
    for route in GET_WEB:
        url = web_path(route, estate)
        query = dict.fromkeys(GET_NAMES, value)
        response = client.get(url, query)
        assert response.status_code < 500, (route.key, value[:40])


@pytest.mark.django_db
@WALK
@given(value=VALUES)
def test_no_form_value_is_a_500_on_any_form(client: Any, estate: Any, value: str) -> None:
    client.force_login(estate.users["admin"])
    for route in POST_WEB:
        url = web_path(route, estate)
        known = route.data(estate) or {}
        form = dict.fromkeys(POST_NAMES, value)
        form.update(dict.fromkeys(known, value))
        response = client.post(url, form)
        assert response.status_code < 500, (route.key, value[:40])


@pytest.mark.django_db
@WALK
@given(value=VALUES)
def test_no_api_query_value_is_a_500_and_errors_have_words(client: Any, estate: Any, value: str) -> None:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {estate.tokens['admin']}"}
    for route in API:
        if not route.key.startswith("GET "):
            continue
        path = api_path(route, estate)
        response = client.get(path, dict.fromkeys(GET_NAMES, value), **headers)
        assert response.status_code < 500, (route.key, value[:40], response.content[:200])
        if response.status_code >= 400 and response["Content-Type"].startswith("application/json"):
            assert response.json().get("detail"), (route.key, response.content[:200])
