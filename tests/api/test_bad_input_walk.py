"""Input never costs a 500: page and offset numbers past 2^63 on every paginated endpoint
(web and API), and ids past 2^63 in every path and form, answer a 400 (or a 404) with words;
under /api/ the answer is always JSON. Hypothesis draws the numbers."""

from __future__ import annotations

import functools

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.route_table import API, WEB, api_path, web_path

HUGE = st.one_of(
    st.integers(min_value=2**63 - 2, max_value=2**80),
    st.integers(max_value=-1),
    st.just(0),
    st.integers(1, 10**6),
)
PAGINATED_WEB = ["cases:case_list", "search:search", "core:audit_log", "intake:queue", "people:actors"]
API_LISTS = [
    r for r in API if r.key.startswith("GET") and "{" not in r.key.split(" ", 1)[1].rsplit("/", 1)[-1]
]
WALKED = {"page", "offset", "limit", "q"}


@functools.cache
def _declared_query(route_key: str) -> frozenset[str]:
    """The query parameters the operation declares (its OpenAPI schema). No API view reads
    request.GET itself (test_no_api_view_reads_the_query_string_by_hand), so a parameter it
    does not declare is never read: one huge number shows it ignored, and the other classes
    need not render its memo PDF again."""
    from innocence.api import api

    method, path = route_key.split(" ", 1)
    operation = api.get_openapi_schema()["paths"][path][method.lower()]
    return frozenset(p["name"] for p in operation.get("parameters", []) if p.get("in") == "query")
# Each class of number that has broken a view is an explicit example (the first past 2^63, a
# negative, zero) and two more are drawn, the same two every run: eight random draws took
# ~31 s (every number below 2^63 makes the memo operation render its PDF three times, ~6 s)
# and could miss a class.
FUZZ = settings(
    max_examples=2,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)


def _each_class(test):  # type: ignore[no-untyped-def]
    return example(number=2**63)(example(number=-1)(example(number=0)(test)))


@pytest.mark.django_db
@FUZZ
@given(number=HUGE)
@_each_class
def test_web_pagination_never_500(client, estate, number):
    client.force_login(estate.users["admin"])
    for name in PAGINATED_WEB:
        route = next(r for r in WEB if r.key == name)
        url = web_path(route, estate)
        for query in (f"page={number}", f"q=lineup&page={number}", f"offset={number}"):
            response = client.get(url + ("&" if "?" in url else "?") + query)
            assert response.status_code < 500, (name, query)


@pytest.mark.django_db
@FUZZ
@given(number=HUGE)
@_each_class
def test_api_pagination_never_500(client, estate, number):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {estate.tokens['admin']}"}
    for route in API_LISTS:
        if number != 2**63 and not _declared_query(route.key) & WALKED:
            continue
        path = api_path(route, estate)
        for query in (f"page={number}", f"offset={number}&limit=5", f"q=lineup&offset={number}"):
            response = client.get(path + ("&" if "?" in path else "?") + query, **headers)
            assert response.status_code < 500, (route.key, query, response.content[:200])
            if response.status_code >= 400:  # errors are JSON; a 200 may be an export
                assert response["Content-Type"].startswith("application/json"), route.key


@pytest.mark.django_db
def test_ids_past_2_63_are_400_not_500(client, estate):
    huge = 2**64
    client.force_login(estate.users["admin"])
    for url in (f"/documents/{huge}/", f"/people/{huge}/", f"/documents/{huge}/pages/1/image.png"):
        assert client.get(url).status_code in (400, 404), url
    response = client.post("/people/merge/", {"keep": huge, "other": huge})
    assert response.status_code in (400, 404)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {estate.tokens['admin']}"}
    for path in (f"/api/documents/{huge}", f"/api/people/{huge}", f"/api/cases/LIC-DEMO-001/notes/{huge}"):
        response = client.get(path, **headers)
        assert response.status_code in (400, 404, 422), path
        assert response["Content-Type"].startswith("application/json")


@pytest.mark.django_db
def test_reported_search_inputs_are_400_with_a_message(client, estate):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {estate.tokens['attorney']}"}
    for q in ("NEAR(a b, ²)", "(" * 231 + "a" + ")" * 231):
        response = client.get("/api/search", {"q": q}, **headers)
        assert response.status_code == 400, q
        assert response.json()["detail"]
    client.force_login(estate.users["attorney"])
    response = client.get("/search/", {"q": "(" * 231 + "a" + ")" * 231})
    assert response.status_code < 500


@pytest.mark.django_db
def test_an_unforeseen_api_error_is_json(client, estate, monkeypatch):
    from innocence.cases import api as cases_api

    def broken(*args, **kwargs):
        raise RuntimeError("fictional failure")

    monkeypatch.setattr(cases_api, "case_list_for_user", broken)
    response = client.get("/api/cases", HTTP_AUTHORIZATION=f"Bearer {estate.tokens['attorney']}")
    assert response.status_code == 500
    assert response.json() == {"detail": "Something went wrong on our side; the error was logged."}


def test_no_api_view_reads_the_query_string_by_hand() -> None:
    """What the pagination walk above relies on: API views take their query parameters as
    declared arguments, so the schema lists every one they read."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "innocence"
    readers = [
        str(path.relative_to(root))
        for path in root.rglob("api*.py")
        if "request.GET" in path.read_text(encoding="utf-8") or "query_params" in path.read_text(encoding="utf-8")
    ]
    assert readers == []
    declared = {route.key for route in API_LISTS if _declared_query(route.key) & WALKED}
    assert "GET /api/cases" in declared and "GET /api/search" in declared
