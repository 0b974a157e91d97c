"""Read-only means read-only, for every lens: exporting is a right of its own (admins and
attorneys by default, configurable per organization), and a viewer is refused every file
that carries case data home — not only the case archive (tests/cases/test_access_web.py)
but each lens's CSV, DOCX, PDF, ICS and graph downloads, on the web and in the API.

The downloads are found, not listed: every GET route of tests/route_table.py that answers
the attorney with an attachment (``Content-Disposition: attachment``) or a file type that is
no page is an export. A viewer gets 403 before any work (nothing audited as an export)."""

from __future__ import annotations

import pytest

from tests.route_table import API, WEB, api_path, web_path

#: Files that are how a document is read, not a case taken home: the viewer shows a page
#: image and the original (a PDF opens in the browser). Reading the case is a viewer's right.
READING = {"documents:original", "documents:page_image", "documents:searchable_pdf"}

GET_WEB = [r for r in WEB if r.key not in READING and r.method == "GET" and r.scope in ("case", "member")]
GET_API = [r for r in API if r.key.startswith("GET ") and r.scope in ("case", "member")]


def _is_download(response) -> bool:
    kind = response.get("Content-Type", "").split(";")[0]
    attachment = "attachment" in response.get("Content-Disposition", "")
    return response.status_code == 200 and (attachment or kind not in ("text/html", "application/json", ""))


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.django_db
def test_a_viewer_takes_no_file_of_case_data_home(client, estate):
    from innocence.core.models import AuditEntry

    downloads: list[tuple[str, str, str]] = []
    for route in GET_WEB:
        client.force_login(estate.users["attorney"])
        url = web_path(route, estate)
        response = client.get(url)
        _body(response)
        if _is_download(response):
            downloads.append(("web", route.key, url))
    for route in GET_API:
        url = api_path(route, estate)
        response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {estate.tokens['attorney']}")
        _body(response)
        if _is_download(response):
            downloads.append(("api", route.key, url))
    keys = {k for _, k, _ in downloads}
    assert {"evidence:csv_export", "timeline:export_csv", "prosecution:matrix_csv", "reports:memo"} <= keys, keys
    refused = []
    client.force_login(estate.users["viewer"])
    for channel, key, url in downloads:
        exports = AuditEntry.objects.filter(action="export").count()
        if channel == "web":
            response = client.get(url)
        else:
            response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {estate.tokens['viewer']}")
        _body(response)
        if response.status_code != 403 or AuditEntry.objects.filter(action="export").count() != exports:
            refused.append((key, response.status_code))
    assert not refused, f"a viewer took these home: {refused}"


@pytest.mark.django_db
def test_an_organization_may_give_viewers_the_export_right(client, estate):
    organization = estate.organization
    organization.export_roles = ["admin", "attorney", "viewer"]
    organization.save(update_fields=["export_roles"])
    client.force_login(estate.users["viewer"])
    response = client.get(f"/evidence/cases/{estate.case.reference}/export.csv")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(("tab", "link"), [
    ("evidence", "/export.csv"), ("timeline", "/chronology.csv"), ("timeline", "/chronology.ics"),
    ("prosecution", "/matrix.csv"),
])
def test_a_viewer_is_not_offered_a_download_they_may_not_take(client, estate, tab, link):
    url = f"/cases/{estate.case.reference}/{tab}/"
    client.force_login(estate.users["attorney"])
    assert link.encode() in client.get(url).content, (tab, link)
    client.force_login(estate.users["viewer"])
    assert link.encode() not in client.get(url).content, (tab, link)


@pytest.mark.django_db
@pytest.mark.parametrize("argv", [
    ("timeline", "--case", "LIC-DEMO-001", "--csv"),
    ("network", "--case", "LIC-DEMO-001", "--format", "gexf"),
    ("network", "--format", "gexf"),
    ("memo", "--case", "LIC-DEMO-001", "-o", "{tmp}/memo.pdf"),
])
def test_the_cli_exports_under_the_same_right(estate, tmp_path, argv):
    import io

    from django.core.management import call_command
    from django.core.management.base import CommandError

    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    with pytest.raises(CommandError, match="right of its own"):
        call_command(*args, "--as", "viewer", stdout=io.StringIO())
    call_command(*args, "--as", "attorney", stdout=io.StringIO())


def _links(html: str) -> set[str]:
    """Every path a page points at (links and form actions), without its query."""
    import re

    return {m.split("?")[0] for m in re.findall(r'(?:href|action)="([^"#]+)', html)}


@pytest.mark.django_db
def test_no_page_offers_a_viewer_a_download_the_export_right_guards(client, estate):
    """Every HTML page of the route table and every case tab, rendered as a viewer, links to
    none of the downloads the first test finds (one filter decides: core's ``may_export``)."""
    from innocence.cases.tabs import tabs

    client.force_login(estate.users["attorney"])
    pages, exports = [], set()
    for route in GET_WEB:
        url = web_path(route, estate)
        response = client.get(url)
        _body(response)
        if _is_download(response):
            exports.add(url.split("?")[0])
        elif response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            pages.append(url)
    pages += [f"/cases/{estate.case.reference}/{tab.slug}/" for tab in tabs()]
    offered_to_attorney = set()
    for url in pages:
        offered_to_attorney |= _links(client.get(url).content.decode()) & exports
    # the test sees the links it hides: each is offered to someone who may take it
    ref = estate.case.reference
    assert {"/prosecution/registry.csv", f"/people/case/{ref}/extracted.csv", f"/reports/cases/{ref}/memo/",
            f"/evidence/cases/{ref}/dna-worksheet.docx", "/network/export/", f"/network/case/{ref}/export/",
            f"/evidence/cases/{ref}/export.csv"} <= offered_to_attorney, offered_to_attorney
    assert any(link.startswith("/partners/") for link in offered_to_attorney), offered_to_attorney
    client.force_login(estate.users["viewer"])
    offered = []
    for url in pages:
        response = client.get(url)
        if response.status_code == 200:
            offered += [(url, link) for link in _links(response.content.decode()) & exports]
    assert not offered, f"a viewer is offered downloads that answer 403: {offered}"


#: Downloads of data that is not the organization's cases: the National Registry of
#: Exonerations' public figures (reports:national) are the same for everyone who may read them.
PUBLIC_DATA = {"reports:national"}


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "pdf"])
def test_a_download_chosen_by_query_is_under_the_same_right(client, estate, fmt):
    """Some pages turn into their own download with ``?format=csv`` (the actor index, an
    actor's dossier, the dashboard's funder report): the same walk with the query added."""
    downloads: list[tuple[str, str]] = []
    for route in GET_WEB:
        if route.key in PUBLIC_DATA:
            continue
        client.force_login(estate.users["attorney"])
        url = web_path(route, estate)
        url += ("&" if "?" in url else "?") + f"format={fmt}"
        response = client.get(url)
        _body(response)
        if _is_download(response):
            downloads.append((route.key, url))
    if fmt == "csv":
        assert {"people:actors", "people:actor"} <= {k for k, _ in downloads}, downloads
    client.force_login(estate.users["viewer"])
    taken = []
    for key, url in downloads:
        response = client.get(url)
        _body(response)
        if response.status_code != 403:
            taken.append((key, response.status_code))
    assert not taken, f"a viewer took these home: {taken}"
