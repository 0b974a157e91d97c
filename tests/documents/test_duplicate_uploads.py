"""The same bytes in two cases share one stored original silently: the uploader hears only
of copies in cases they may see, and every document keeps the name it was uploaded under
(the other copy's name never shows: not in the title, the detail page, the API or the
download)."""

from __future__ import annotations

import io

import pytest

from innocence.documents import services

BYTES = b"A fictional statement, typed for this test only.\n"


@pytest.fixture
def hidden_copy(world):
    from innocence.cases import services as case_services

    hidden = case_services.case_create(actor=world.admin, organization=world.north, title="State v. Hidden")
    services.add_file(
        actor=world.admin, organization=world.north, case=hidden, name="informant-deal-hidden.txt",
        stream=io.BytesIO(BYTES),
    )
    return hidden


@pytest.mark.django_db
def test_a_copy_in_a_case_you_cannot_see_is_never_told(client, world, hidden_copy):
    result = services.add_file(
        actor=world.on_team, organization=world.north, case=world.case, name="my-statement.txt",
        stream=io.BytesIO(BYTES),
    )
    assert not result.duplicate
    assert hidden_copy.reference not in result.message and "also in" not in result.message
    document = result.document
    assert document.file_name == "my-statement.txt" and document.title == "my-statement"
    client.force_login(world.on_team)
    for url in (f"/documents/{document.pk}/", f"/cases/{world.case.reference}/documents/"):
        body = client.get(url).content
        assert b"informant-deal-hidden" not in body and hidden_copy.reference.encode() not in body, url
    download = client.get(f"/documents/{document.pk}/original/")
    assert "my-statement.txt" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == BYTES  # the shared original, unchanged
    from innocence.core.models import ApiToken

    _, key = ApiToken.issue(user=world.on_team, name="test")
    api = client.get(f"/api/documents/{document.pk}", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert api["file_name"] == "my-statement.txt"
    assert "informant-deal-hidden" not in str(api)


@pytest.mark.django_db
def test_a_copy_in_a_case_you_can_see_is_told(world, hidden_copy):
    result = services.add_file(
        actor=world.admin, organization=world.north, case=world.case, name="copy.txt", stream=io.BytesIO(BYTES)
    )
    assert hidden_copy.reference in result.message
    assert result.document.file_name == "copy.txt"
