"""`innocence reprocess`: a case's failed documents (or those left unfinished by a lost
queue) processed again from the command line, as each one's Process again button does,
within the acting user's rights. Fictional files generated here."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from innocence.core.models import AuditEntry
from innocence.documents.models import Document

from .conftest import make_pdf

pytestmark = pytest.mark.django_db

TEXT = "A fictional statement of the night in question, long enough to be a usable text layer."


@pytest.fixture
def three(add: Any, drain: Any) -> tuple[Document, Document, Document]:
    """A document that failed (its original is not a PDF it can read), one that is done but
    has a consumer's error, and one that is done and clean."""
    broken = add("broken.pdf", b"%PDF-1.4\n" + b"\x00not a readable fictional PDF\x00" * 20).document
    with_error = add("with-error.pdf", make_pdf([TEXT + " One."])).document
    clean = add("clean.pdf", make_pdf([TEXT + " Two."])).document
    drain()
    for document in (broken, with_error, clean):
        document.refresh_from_db()
    assert broken.status == "failed", broken.status
    assert with_error.status == clean.status == "done"
    first_page = with_error.pages.order_by("pk").values_list("pk", flat=True)[0]
    Document.objects.filter(pk=with_error.pk).update(
        consumer_errors={f"search.index:{first_page}": "offline for a moment (fictional)"}
    )
    return broken, with_error, clean


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("reprocess", *args, stdout=out)
    return out.getvalue()


def test_failed_takes_the_failed_and_the_erroneous_documents_of_a_case_only(
    world: Any, three: Any, settings: Any
) -> None:
    broken, with_error, clean = three
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = ["search.index"]  # the consumer whose error it is
    before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    out = _run("--case", world.case.reference, "--as", world.on_team.username, "--failed", "--wait")
    assert f"#{broken.pk} " in out and f"#{with_error.pk} " in out and f"#{clean.pk} " not in out
    assert "2 document(s) queued." in out
    with_error.refresh_from_db()
    assert with_error.status == "done" and with_error.consumer_errors == {}  # read again, cleanly
    broken.refresh_from_db()
    assert broken.status == "failed" and broken.error  # still unreadable, and says why
    # each one's reprocess is audited as the button's is, in the acting user's name
    reprocessed = AuditEntry.objects.filter(pk__gt=before, changes__reprocess=True)
    assert {e.object_id for e in reprocessed} >= {str(broken.pk), str(with_error.pk)}
    assert all(e.user_id == world.on_team.pk and e.channel == "cli" for e in reprocessed)


def test_unfinished_takes_only_documents_still_queued_or_processing(world: Any, three: Any) -> None:
    broken, with_error, clean = three
    Document.objects.filter(pk=clean.pk).update(status="processing")  # as after a lost queue
    out = _run("--case", world.case.reference, "--as", world.on_team.username, "--unfinished", "--wait")
    assert f"#{clean.pk} " in out and f"#{broken.pk} " not in out and f"#{with_error.pk} " not in out
    clean.refresh_from_db()
    assert clean.status == "done"


def test_nothing_to_do_is_said_and_documents_are_named_by_id_too(world: Any, three: Any) -> None:
    _broken, _with_error, clean = three
    out = _run("--document", str(clean.pk), "--as", world.on_team.username, "--failed")
    assert "Nothing to process again." in out
    out = _run("--document", str(clean.pk), "--as", world.on_team.username)
    assert "1 document(s) queued." in out


def test_a_user_off_the_case_cannot_reach_it_and_a_viewer_may_not_change_it(world: Any, three: Any) -> None:
    with pytest.raises(CommandError, match="cannot see it"):
        _run("--case", world.case.reference, "--as", world.off_team.username, "--failed")
    out = _run("--case", world.case.reference, "--as", world.viewer.username, "--failed")
    assert "skipped — You may not change this document." in out and "Nothing to process again." in out


def test_documents_must_be_named(world: Any) -> None:
    with pytest.raises(CommandError, match="Name the documents"):
        _run("--as", world.on_team.username, "--failed")
