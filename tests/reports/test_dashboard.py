"""Dashboards and funder reports: counts never reveal a case the viewer may not see; the
PDF and CSV open; the national page's charts are SVG drawn on the server."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pypdfium2
import pytest
from django.core.management import call_command

from innocence.cases import services as case_services
from innocence.reports.dashboard import organization_report
from innocence.reports.funder_report import make
from tests.reports.conftest import add_finding
from tests.reports.test_nre import public_file

START, END = dt.date(2000, 1, 1), dt.date(2100, 1, 1)


@pytest.fixture
def hidden(world: Any) -> Any:
    """A second case of the organization that the team attorney is not on, with a finding."""
    case = case_services.case_create(actor=world.admin, organization=world.north, title="State v. Hidden (fictional)")
    add_finding(case, lens="witness", rule_id="eyewitness.x", status="present", title="Hidden finding",
                factors=["FC"], quotes=[("Hidden doc", 1, "hidden quote")])
    return case


def factor_count(report: Any, code: str) -> int:
    return next(n for label, n in report.by_factor if label.startswith(code + " "))


@pytest.mark.django_db
def test_counts_never_reveal_invisible_cases(world: Any, memo_case: Any, hidden: Any) -> None:
    admin = organization_report(world.admin, world.north, START, END)
    member = organization_report(world.on_team, world.north, START, END)
    walled = organization_report(world.walled_admin, world.north, START, END)
    assert admin.case_count == 2 and member.case_count == 1 and walled.case_count == 1
    assert factor_count(admin, "FC") == 1 and factor_count(member, "FC") == 0 and factor_count(walled, "FC") == 1
    assert factor_count(member, "MWID") == 1 and factor_count(walled, "MWID") == 0
    assert sum(n for _, n in member.by_stage) == 1
    assert "only the cases you are on" in member.scope
    assert not member.intake_visible and admin.intake_visible
    with pytest.raises(PermissionError):
        organization_report(world.outsider, world.north, START, END)


@pytest.mark.django_db
def test_funder_report_pdf_and_csv(world: Any, memo_case: Any, hidden: Any) -> None:
    report = organization_report(world.on_team, world.north, START, END)
    content, name = make(actor=world.on_team, report=report, fmt="csv")
    rows = list(csv.reader(io.StringIO(content.decode())))
    assert rows[1][:3] == ["scope", "cases counted", "1"] and name.endswith(".csv")
    pdf, _ = make(actor=world.on_team, report=report, fmt="pdf")
    document = pypdfium2.PdfDocument(pdf)
    text = document[0].get_textpage().get_text_range()
    assert "Cases by stage" in text and "Hidden" not in text
    image = document[0].render(scale=1).to_pil().convert("L")
    assert sum(image.histogram()[:128]) > 0.002 * image.width * image.height


@pytest.mark.django_db
def test_web_pages_and_cli_report(client: Any, world: Any, memo_case: Any, tmp_path: Any) -> None:
    client.force_login(world.admin)
    page = client.get("/reports/dashboard/?from=2000-01-01&to=2100-01-01")
    assert page.status_code == 200 and b"<svg" in page.content and b"<script" not in page.content.split(b"<svg")[1]
    assert client.get("/reports/dashboard/?format=pdf").content.startswith(b"%PDF")
    assert client.get("/reports/nre/").status_code == 200
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("nre.csv", public_file(), content_type="text/csv")
    response = client.post("/reports/nre/", {"file": upload})
    assert response.status_code == 200 and b"Version 1" in response.content
    national = client.get("/reports/nre/?state=Louisiana")
    assert b"<svg" in national.content and b"not a sample of wrongful" in national.content
    assert client.get("/reports/nre/?format=csv")["Content-Type"].startswith("text/csv")
    like = client.get(f"/reports/cases/{memo_case.reference}/like-this/")
    assert like.status_code == 200 and b"not a likelihood" in like.content
    client.force_login(world.off_team)
    assert client.get(f"/reports/cases/{memo_case.reference}/like-this/").status_code == 404
    out = tmp_path / "r.csv"
    call_command("report", "--from", "2000-01-01", "--to", "2100-01-01", "--format", "csv", "-o", str(out),
                 "--as", world.on_team.username)
    assert "cases counted,1" in out.read_text()
