"""Values no field can truly hold are refused by the API in words, before any endpoint runs:
NUL characters in any text (body or query), NaN and infinite numbers. The web forms already
refuse NUL characters; the API now says the same, and writes nothing."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("method", "path", "payload"),
    [
        ("POST", "/cases/{ref}/notes", {"body": "A fictional note\x00 with a NUL"}),
        ("POST", "/cases", {"title": "State v. \x00Nobody"}),
        ("PATCH", "/cases/{ref}", {"summary": "Fine words", "county": "Invented\x00Parish"}),
        ("POST", "/cases/{ref}/tasks", {"title": "Call\x00 the clerk"}),
    ],
)
def test_nul_in_any_text_of_a_body_is_a_400_with_words(
    api: Any, method: str, path: str, payload: Any
) -> None:
    from innocence.cases.models import Case, Note, Task

    before = (Case.objects.count(), Note.objects.count(), Task.objects.count(), list(Case.objects.values()))
    response = api.as_["admin"].call(method, path.format(ref=api.world.case.reference), payload)
    assert response.status_code == 400, response.content
    assert "NUL character" in response.json()["detail"]
    assert (
        Case.objects.count(),
        Note.objects.count(),
        Task.objects.count(),
        list(Case.objects.values()),
    ) == before


def test_nul_in_a_query_parameter_is_a_400_with_words(api: Any) -> None:
    response = api.as_["admin"].get("/cases?q=lineup%00x")
    assert response.status_code == 400
    assert "'q'" in response.json()["detail"] and "NUL" in response.json()["detail"]


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_refused_with_words(api: Any, client: Any, token: str) -> None:
    response = client.post(
        f"/api/cases/{api.world.case.reference}/notes",
        data='{"body": "fictional", "x": ' + token + "}",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api.as_['admin'].key}",
    )
    assert response.status_code == 400
    assert token in response.json()["detail"] and "not a number" in response.json()["detail"]


def test_a_body_that_is_not_json_still_says_so(api: Any, client: Any) -> None:
    response = client.post(
        f"/api/cases/{api.world.case.reference}/notes",
        data="{nope",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api.as_['admin'].key}",
    )
    assert response.status_code == 400 and "Cannot parse" in response.json()["detail"]


def test_the_web_form_refuses_nul_too(client: Any, world: Any) -> None:
    from innocence.cases.models import Note

    client.force_login(world.on_team)
    before = Note.objects.count()
    client.post(f"/cases/{world.case.reference}/notes/add/", {"body": "web\x00note"})
    assert Note.objects.count() == before
