from __future__ import annotations

from typing import Any

import pytest

from innocence.documents.models import Document, DocumentStatus, Page, StoredFile, TextSource

from .conftest import make_eml, make_pdf, make_zip

pytestmark = pytest.mark.django_db

POLICE = (
    "LAKESIDE PARISH SHERIFF'S OFFICE - INCIDENT REPORT (FICTIONAL)\n"
    "Reporting officer: Det. Raymond Kessler\n"
    "Narrative: the complainant described the suspect as wearing a red jacket."
)


def test_text_layer_pdf_becomes_pages_without_ocr(add: Any, drain: Any) -> None:
    result = add(
        "report.pdf", make_pdf([POLICE, "Page two of the narrative, nothing more to add here at all."])
    )
    drain()
    document = Document.objects.get(pk=result.document.pk)
    assert document.status == DocumentStatus.DONE, document.error
    assert document.page_count == 2
    pages = list(document.pages.order_by("number"))
    assert [p.number for p in pages] == [1, 2]
    assert "Raymond Kessler" in pages[0].text
    assert all(p.text_source == TextSource.LAYER for p in pages)
    assert document.doc_type == "police_report"


def test_same_file_twice_is_one_original(add: Any, drain: Any, world: Any) -> None:
    from innocence.cases import services as case_services

    data = make_pdf([POLICE])
    first = add("a.pdf", data)
    again = add("copy-of-a.pdf", data)
    assert again.duplicate and again.document.pk == first.document.pk
    assert "already in" in again.message
    second_case = case_services.case_create(actor=world.admin, organization=world.north, title="State v. Two")
    other = add("a.pdf", data, case=second_case, actor=world.admin)
    assert not other.duplicate and other.document.pk != first.document.pk
    assert StoredFile.objects.count() == 1
    assert other.document.stored_file_id == first.document.stored_file_id


def test_reprocess_is_idempotent_and_keeps_corrections(add: Any, drain: Any, world: Any) -> None:
    from innocence.documents import services

    result = add("t.pdf", make_pdf([POLICE, POLICE + " second page"]))
    drain()
    page = Page.objects.get(document=result.document, number=2)
    services.page_correct(actor=world.on_team, page=page, text="Corrected by hand.")
    services.request_reprocess(actor=world.on_team, document=result.document)
    drain()
    pages = list(Page.objects.filter(document=result.document).order_by("number"))
    assert len(pages) == 2
    assert pages[1].text == "Corrected by hand." and pages[1].text_source == TextSource.CORRECTED
    assert pages[1].corrections.count() == 1


def test_email_attachments_and_zip_members_become_children(add: Any, drain: Any) -> None:
    eml = make_eml(
        "Records you asked for", "Please find the report attached.", {"report.pdf": make_pdf([POLICE])}
    )
    bundle = make_zip(
        {"box1/letter.txt": b"Dear counsel, here are the files you asked for.", "box1/mail.eml": eml}
    )
    result = add("box.zip", bundle)
    drain()
    archive = Document.objects.get(pk=result.document.pk)
    assert archive.status == DocumentStatus.DONE
    children = {d.title: d for d in archive.children.all()}
    assert set(children) == {"letter", "mail"}
    mail = children["mail"]
    assert mail.status == DocumentStatus.DONE
    assert "Records you asked for" in mail.pages.get(number=1).text
    attachment = mail.children.get()
    assert attachment.status == DocumentStatus.DONE
    assert "Kessler" in attachment.pages.get(number=1).text


def test_unfiled_documents_are_visible_to_admins_and_intake_only(world: Any, make_user: Any) -> None:
    import io

    from innocence.documents import selectors, services

    intake = make_user("n_intake", world.north, "intake")
    letter = services.add_file(
        actor=intake,
        organization=world.north,
        case=None,
        name="letter-from-prison.txt",
        stream=io.BytesIO(b"Dear clinic, I did not do it. Please help. (fictional)"),
    ).document
    assert letter.case is None
    visible = {
        u.username
        for u in (world.admin, intake, world.on_team, world.off_team, world.outsider)
        if selectors.documents_visible_to(u).filter(pk=letter.pk).exists()
    }
    assert visible == {"n_admin", "n_intake"}
    with pytest.raises(Exception, match="No such document"):
        selectors.document_get_for_user(world.on_team, letter.pk)


def test_new_pages_are_written_with_every_column_of_a_page() -> None:
    """write_pages inserts new pages with insert_rows, which applies no Django default: every
    column must be named. A field added to Page must be added there too (or this fails)."""
    from innocence.documents.pipeline.process import _PAGE_COLUMNS

    columns = {f.name for f in Page._meta.concrete_fields} - {"id"}
    assert set(_PAGE_COLUMNS) == columns


@pytest.mark.django_db
def test_new_pages_read_back_with_page_s_defaults(add: Any, drain: Any) -> None:
    result = add("report.pdf", make_pdf(["FICTIONAL first page of a report, long enough to be read as text.",
                                        "FICTIONAL second page of the same invented report, also text."]))
    document = result.document
    drain()
    pages = list(Page.objects.filter(document=document).order_by("number"))
    assert [p.number for p in pages] == [1, 2]
    for page in pages:
        fresh = Page(document=document, number=page.number)
        assert (page.text_version, page.image_path, page.ocr_confidence) == (
            fresh.text_version, fresh.image_path, fresh.ocr_confidence
        )
        assert page.updated_at is not None and page.text_source == TextSource.LAYER
        assert "FICTIONAL" in page.text
