"""A real browser: delete a document from its page through the confirm step."""

from __future__ import annotations

import io
import os
from typing import Any

import pytest

from .conftest import make_pdf


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_delete_from_the_document_page(live_server: Any, chromium_page: Any, world: Any) -> None:
    from innocence.core.models import AuditEntry
    from innocence.documents import services
    from innocence.documents.models import Document

    document = services.add_file(
        actor=world.on_team,
        organization=world.north,
        case=world.case,
        name="misfiled.pdf",
        stream=io.BytesIO(make_pdf(["Fictional page filed on the wrong case."])),
    ).document
    page = chromium_page
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", "n_attorney")
    page.fill("#id_password", "correct-horse-9")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    page.goto(live_server.url + f"/documents/{document.pk}/")
    page.click("text=Delete this document…")
    page.fill("#delete-reason", "Filed on the wrong case")
    page.check("input[name=confirm]")
    if os.environ.get("INNOCENCE_SCREENSHOTS"):
        page.screenshot(
            path=os.path.join(os.environ["INNOCENCE_SCREENSHOTS"], "document-delete.png"), full_page=True
        )
    dialogs: list[str] = []

    def accept(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    page.click("button:has-text('Delete document')")
    page.wait_for_url(f"**/cases/{world.case.reference}/documents/")
    assert dialogs and "misfiled" in dialogs[0]
    assert "was deleted" in page.inner_text(".messages")
    assert not Document.objects.filter(pk=document.pk).exists()
    assert AuditEntry.objects.get(action="delete").changes["reason"] == "Filed on the wrong case"
