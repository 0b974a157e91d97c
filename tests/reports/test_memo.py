"""The case memo: DOCX and PDF opened and read back — text, headings, every citation, page
count, a first page that is not blank — reproducible, audited, access-checked."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pypdfium2
import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from docx import Document

from innocence.core.models import AuditEntry
from innocence.findings.knowledge import knowledge_base
from innocence.reports import memo_template
from innocence.reports.memo_content import available_sections, build_memo
from innocence.reports.services import memo_make
from tests.reports.conftest import QUOTES

AT = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.UTC)


def docx_text(content: bytes) -> tuple[str, list[str]]:
    document = Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    headings = [p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    return "\n".join(parts), headings


def pdf_text(content: bytes) -> tuple[str, int]:
    pdf = pypdfium2.PdfDocument(content)
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    return " ".join(text.split()), len(pdf)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.django_db
def test_docx_has_every_section_citation_and_authority(world: Any, memo_case: Any) -> None:
    made = memo_make(actor=world.on_team, case=memo_case, fmt="docx", at=AT)
    text, headings = docx_text(made.content)
    assert "PRIVILEGED AND CONFIDENTIAL — ATTORNEY WORK PRODUCT" in text
    for heading in ("Summary", "People and their roles", "Witness lens: findings",
                    "Open questions: what the record does not show", "Authorities", "Appendix: pages cited",
                    "MWID — Mistaken witness identification"):
        assert heading in headings, heading
    for key in ("present", "second", "open"):
        assert QUOTES[key] in text
    assert "Incident report (fictional), p. 2" in text and "Trial transcript day 2 (fictional), p. 14" in text
    assert knowledge_base().authority("wells2020").citation in text  # the authority in full
    assert QUOTES["dismissed"] not in text  # a reviewer's dismissal is left out...
    assert "dismissed by a reviewer" in text  # ...and the memo says so
    assert "Also bears on: OM" in text
    assert "Fictional District Court" in text and "March 17, 1995" in text


@pytest.mark.django_db
def test_pdf_text_footnotes_page_count_and_first_page_not_blank(world: Any, memo_case: Any) -> None:
    made = memo_make(actor=world.on_team, case=memo_case, fmt="pdf", at=AT)
    assert made.content.startswith(b"%PDF")
    text, pages = pdf_text(made.content)
    assert 2 <= pages <= 12
    for key in ("present", "second", "open"):
        assert flat(QUOTES[key]) in text.replace("\u2019", "'"), key
    assert "Witness lens: findings" in text and "Open questions" in text
    assert QUOTES["dismissed"] not in text
    assert re.search(r"page 1 of \d+", text)
    image = pypdfium2.PdfDocument(made.content)[0].render(scale=1).to_pil().convert("L")
    dark = sum(image.histogram()[:128])
    assert dark > 0.002 * image.width * image.height, "the first page is blank"


@pytest.mark.django_db
def test_dismissed_included_when_asked(world: Any, memo_case: Any) -> None:
    made = memo_make(actor=world.on_team, case=memo_case, fmt="docx", include_dismissed=True, at=AT)
    text, _ = docx_text(made.content)
    assert QUOTES["dismissed"] in text
    assert "dismissed by reviewer" in text.lower()


@pytest.mark.django_db
def test_same_inputs_same_document_and_the_making_is_audited(world: Any, memo_case: Any) -> None:
    for fmt in ("docx", "pdf"):
        first = memo_make(actor=world.on_team, case=memo_case, fmt=fmt, at=AT)
        second = memo_make(actor=world.on_team, case=memo_case, fmt=fmt, at=AT)
        assert first.content == second.content, fmt
    later = build_memo(memo_case, world.on_team, at=AT + dt.timedelta(days=1))
    assert later.inputs_digest != ""  # the preface names the day, so the digest may differ; the rest is stable
    entries = AuditEntry.objects.filter(action="export", case_reference=memo_case.reference)
    assert entries.count() == 4
    changes = entries.last().changes  # type: ignore[union-attr]
    assert changes["memo"] in ("docx", "pdf") and changes["citations"] == 4 and len(changes["sha256"]) == 64


@pytest.mark.django_db
def test_sections_can_be_chosen_and_unknown_ones_are_named(world: Any, memo_case: Any) -> None:
    memo = build_memo(memo_case, world.on_team, sections=["summary", "open_questions"], at=AT)
    assert [s.slug for s in memo.sections] == ["summary", "open_questions"]
    with pytest.raises(ValidationError, match="Unknown memo section"):
        build_memo(memo_case, world.on_team, sections=["nope"])
    slugs = [s for s, _ in available_sections()]
    assert "chronology" in slugs  # the timeline plugs its part in through the registry
    assert {"lens:witness", "lens:evidence", "lens:prosecution"} <= set(slugs)


@pytest.mark.django_db
def test_chronology_comes_from_the_timeline_hook(world: Any, memo_case: Any) -> None:
    memo = build_memo(memo_case, world.on_team, sections=["chronology"], at=AT)
    text = " ".join(b.text for s in memo.sections for b in s.blocks)
    assert "1995" in text  # the conviction date, a recorded field of the case


@pytest.mark.django_db
def test_a_case_without_findings_still_makes_a_memo(world: Any) -> None:
    made = memo_make(actor=world.on_team, case=world.case, fmt="docx", at=AT)
    text, _ = docx_text(made.content)
    assert "This lens has recorded no findings in this case." in text
    assert "No finding is marked “not recorded”." in text


@pytest.mark.django_db
def test_web_memo_respects_access(client: Any, world: Any, memo_case: Any) -> None:
    client.force_login(world.on_team)
    response = client.get(f"/reports/cases/{memo_case.reference}/memo/?format=docx")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    tab = client.get(f"/cases/{memo_case.reference}/tab/memo/")
    assert tab.status_code in (200, 404)
    client.force_login(world.off_team)
    assert client.get(f"/reports/cases/{memo_case.reference}/memo/?format=pdf").status_code == 404
    client.force_login(world.walled_admin)
    assert client.get(f"/reports/cases/{memo_case.reference}/memo/?format=pdf").status_code == 404


@pytest.mark.django_db
def test_cli_writes_the_memo(world: Any, memo_case: Any, tmp_path: Any) -> None:
    out = tmp_path / "memo.docx"
    call_command("memo", "--case", memo_case.reference, "--format", "docx", "-o", str(out),
                 "--as", world.on_team.username)
    text, _ = docx_text(out.read_bytes())
    assert QUOTES["open"] in text


@pytest.mark.django_db
def test_memo_template_is_edited_by_admins_in_a_sandbox(world: Any, memo_case: Any) -> None:
    with pytest.raises(PermissionError):
        memo_template.template_update(actor=world.on_team, organization=world.north, marking="X",
                                      preface="", closing="")
    with pytest.raises(ValidationError, match="not a memo variable"):
        memo_template.template_update(actor=world.admin, organization=world.north, marking="Work product",
                                      preface="{{ secret_key }}", closing="")
    with pytest.raises(ValidationError, match="not allowed"):
        memo_template.template_update(actor=world.admin, organization=world.north, marking="Work product",
                                      preface="{% include 'base.html' %}", closing="")
    memo_template.template_update(actor=world.admin, organization=world.north, marking="Confidential draft",
                                  preface="For {{ case_title }} ({{ reference }}).", closing="End.")
    text, _ = docx_text(memo_make(actor=world.on_team, case=memo_case, fmt="docx", at=AT).content)
    assert "CONFIDENTIAL DRAFT" in text and f"For State v. Example ({memo_case.reference})." in text
