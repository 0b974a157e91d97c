"""From a saved excerpt, "Start a statement record" opens the Witness lens' new statement
form with the excerpt's document, page and verbatim quote; only through the access rule.
Fictional text."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import make_pdf

pytestmark = pytest.mark.django_db

PAGE = "Fictional interview. Mrs. Odile Carraway stated she saw a green pickup leave at nine."


@pytest.fixture
def excerpt(world: Any, add: Any, drain: Any) -> Any:
    from innocence.documents import services

    document = add("interview.pdf", make_pdf([PAGE])).document
    drain()
    page = document.pages.get(number=1)
    return services.excerpt_create(actor=world.on_team, page=page, quote="she saw a green pickup leave at nine")


def test_viewer_button_opens_the_statement_form_prefilled(client: Any, world: Any, excerpt: Any) -> None:
    client.force_login(world.on_team)
    viewer = client.get(f"/documents/{excerpt.document_id}/view/?page=1").content.decode()
    link = f"/witnesses/cases/{world.case.reference}/statement/new/?excerpt={excerpt.pk}"
    assert "Start a statement record" in viewer and link in viewer
    tab = client.get(f"/cases/{world.case.reference}/documents/").content.decode()
    assert link in tab
    response = client.get(link)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["document"].value() == excerpt.document_id
    assert form["page_number"].value() == 1
    assert form["quote"].value() == "she saw a green pickup leave at nine"
    html = response.content.decode()
    assert f'<option value="{excerpt.document_id}" selected>' in html
    assert "she saw a green pickup leave at nine</textarea>" in html


def test_excerpt_of_another_case_or_garbage_is_404(client: Any, world: Any, excerpt: Any) -> None:
    from innocence.cases import services as case_services

    other = case_services.case_create(actor=world.admin, organization=world.north, title="State v. Separate")
    case_services.team_add(actor=world.admin, case=other, user=world.on_team)
    client.force_login(world.on_team)
    for value in (excerpt.pk, "abc", "9" * 30, -1):
        assert client.get(f"/witnesses/cases/{other.reference}/statement/new/?excerpt={value}").status_code == 404
    client.force_login(world.viewer)
    viewer = client.get(f"/documents/{excerpt.document_id}/view/?page=1").content.decode()
    assert "Start a statement record" not in viewer
