"""The web page, batch search and its CSV, the REST API and the CLI: same search, same access."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from innocence.core.models import ApiToken, AuditEntry
from innocence.search.batch import TermListError, batch_csv, batch_search, term_query, terms_from_upload


@pytest.fixture
def files(world, make_document):
    make_document(
        world.case,
        [
            "Detective Halvorsen showed the <b>photo array</b> to the witness.",
            '=HYPERLINK("http://evil") was typed by John Brandt.',
        ],
        title="Trial vol 1",
    )
    make_document(world.other_case, ["Halvorsen in the south."], title="South file")
    return world


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_search_page_shows_cited_highlighted_hits(files):
    response = client_for(files.on_team).get(reverse("search:search"), {"q": "halvorsen"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "1 page match" in body
    assert f"{files.case.reference} · Trial vol 1 · page 1" in body
    assert "<mark>Halvorsen</mark>" in body
    assert "&lt;b&gt;photo array&lt;/b&gt;" in body  # page text is escaped
    document_id = files.case.documents.get().pk
    assert f"/documents/{document_id}/view/?page=1&amp;q=halvorsen" in body
    assert "South file" not in body


def test_search_page_htmx_returns_the_results_fragment(files):
    response = client_for(files.on_team).get(
        reverse("search:search"), {"q": "halvorsen", "type": "transcript"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<mark>Halvorsen</mark>" in body and "<form" not in body


def test_search_page_off_team_and_bad_query(files):
    body = client_for(files.off_team).get(reverse("search:search"), {"q": "halvorsen"}).content.decode()
    assert "No pages match" in body and "Trial vol 1" not in body
    response = client_for(files.on_team).get(reverse("search:search"), {"q": '"unclosed'})
    assert response.status_code == 200 and "quotation mark is not closed" in response.content.decode()


def test_search_page_needs_sign_in(files):
    assert Client().get(reverse("search:search"), {"q": "halvorsen"}).status_code == 302


def test_batch_search_and_csv_export(files):
    client = client_for(files.on_team)
    response = client.post(reverse("search:batch"), {"terms": "Halvorsen\nJohn Brandt\nNobody Here\n"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Trial vol 1 · p. 1" in body and "Trial vol 1 · p. 2" in body
    response = client.post(
        reverse("search:batch"), {"terms": "Halvorsen\nJohn Brandt\nNobody Here", "export": "1"}
    )
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "term"
    by_term = {row[0]: row for row in rows[1:]}
    assert by_term["Halvorsen"][1] == "1" and by_term["Halvorsen"][2] == files.case.reference
    assert by_term["Nobody Here"][1] == "0"
    assert by_term["John Brandt"][6].startswith("'=HYPERLINK")  # formula-injection-safe
    assert "South file" not in response.content.decode()
    assert AuditEntry.objects.filter(action="export", user=files.on_team).exists()
    assert AuditEntry.objects.filter(action="search", user=files.on_team, changes__kind="batch").exists()


def test_batch_upload_and_bad_files(files):
    client = client_for(files.on_team)
    upload = SimpleUploadedFile("names.csv", b"name,role\nHalvorsen,detective\n")
    body = client.post(reverse("search:batch"), {"file": upload}).content.decode()
    assert "Trial vol 1 · p. 1" in body
    response = client.post(reverse("search:batch"), {"file": SimpleUploadedFile("names.pdf", b"%PDF-1.4")})
    assert response.status_code == 400 and "names.pdf" in response.content.decode()
    response = client.post(reverse("search:batch"), {"terms": ""})
    assert response.status_code == 400 and "empty" in response.content.decode()
    with pytest.raises(TermListError, match="binary"):
        terms_from_upload("x.txt", b"\x00\x01")
    assert terms_from_upload("w.txt", "Zoë Hälvórsen\n".encode("cp1252")) == ["Zoë Hälvórsen"]


def test_batch_terms_are_phrases_and_csv_is_safe(files):
    assert term_query("John Brandt") == '"John Brandt"'
    assert term_query("halv*") == "halv*"
    results = batch_search(files.off_team, ["Halvorsen"])
    assert results[0].total == 0 and results[0].hits == []
    text = batch_csv(batch_search(files.on_team, ["-1+1", "@SUM(1)"]))
    assert "'-1+1" in text and "'@SUM(1)" in text


def test_api_search_same_permissions(files):
    _, key = ApiToken.issue(user=files.on_team, name="test")
    client = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    data = client.get("/api/search", {"q": "halvorsen"}, **auth).json()
    assert data["total"] == 1 and data["hits"][0]["case_reference"] == files.case.reference
    assert data["hits"][0]["page_number"] == 1 and "<mark>" in data["hits"][0]["snippet"]
    assert (
        client.get("/api/search", {"q": "halvorsen", "case": files.case.reference}, **auth).json()["total"]
        == 1
    )
    response = client.get("/api/search", {"q": '"unclosed'}, **auth)
    assert response.status_code == 400 and "quotation" in response.json()["detail"]
    assert (
        client.get("/api/search", {"q": "x", "case": files.other_case.reference}, **auth).status_code == 404
    )
    _, other_key = ApiToken.issue(user=files.off_team, name="test")
    data = client.get("/api/search", {"q": "halvorsen"}, HTTP_AUTHORIZATION=f"Bearer {other_key}").json()
    assert data == {
        "query": "halvorsen", "total": 0, "unranked": False, "limit": 50, "offset": 0, "hits": [],
        "variants": [], "low_confidence_pages": 0,
    }
    assert client.get("/api/search", {"q": "halvorsen"}).status_code == 401


def test_cli_search_and_reindex(files, capsys):
    call_command("search", "halvorsen", "--as", files.on_team.username)
    out = capsys.readouterr().out
    assert "1 page(s) match" in out and f"{files.case.reference} · Trial vol 1 · page 1" in out
    assert "[Halvorsen]" in out
    call_command(
        "search", "halvorsen", "--as", files.on_team.username, "--json", "--case", files.case.reference
    )
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 1 and data["hits"][0]["document_title"] == "Trial vol 1"
    call_command("search", "halvorsen", "--as", files.off_team.username, "--json")
    assert json.loads(capsys.readouterr().out)["total"] == 0
    with pytest.raises(CommandError, match="No case"):
        call_command("search", "halvorsen", "--as", files.off_team.username, "--case", files.case.reference)
    with pytest.raises(CommandError, match="could not be understood"):
        call_command("search", "a AND", "--as", files.on_team.username)
    with pytest.raises(CommandError, match="--as"):
        call_command("search", "halvorsen")
    call_command("reindex")
    assert "Indexed 3 page(s)" in capsys.readouterr().out
