"""insert_rows: many rows in one executemany, with JSON, dates and foreign keys converted as
Django converts them (on SQLite and on PostgreSQL). Fictional data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from innocence.core.bulk import insert_rows
from innocence.core.models import Organization


@pytest.mark.django_db
def test_rows_read_back_as_django_wrote_them() -> None:
    from django.contrib.auth import get_user_model

    from innocence.cases import services as case_services
    from innocence.core.models import Membership
    from innocence.documents.models import Document, Page, StoredFile
    from innocence.people.models import Mention

    org = Organization.objects.create(slug="bulk", name="Bulk (fictional)", case_prefix="BK")
    user = get_user_model().objects.create_user(username="bulk", password="bulk-password-1")
    Membership.objects.create(user=user, organization=org, role="admin")
    case = case_services.case_create(actor=user, organization=org, title="State v. Bulk (fictional)")
    stored_file = StoredFile.objects.create(organization=org, sha256="0" * 64, size=1, original_name="r.pdf",
                                            storage_path="test/bulk")
    document = Document.objects.create(organization=org, case=case, stored_file=stored_file,
                                       title="Fictional report", page_count=1)
    page = Page.objects.create(document=document, number=1, text="Det. Orla Quennby")
    at = timezone.now() - dt.timedelta(days=2)
    fields = ("case", "page", "kind", "text", "normalized", "start", "end", "context", "role_hint", "title_role",
              "attrs", "name_key", "link_reasons", "source", "extractor_version", "text_version", "created_at")
    common = ("", "", "", "quennby|orla", )
    rows = [
        (case.pk, page.pk, "person", "Det. Orla Quennby", "Orla Quennby", 0, 17, *common[:3],
         {"given": "Orla", "surname": "Quennby", "note": "ü ✓"}, common[3], [], "extracted", "v1", 1, at),
        (case.pk, page.pk, "person", "Quennby", "Quennby", 10, 17, *common[:3], {}, common[3], ["surname"],
         "extracted", "v1", 1, at),
    ]
    assert insert_rows(Mention, fields, rows, batch_size=1) == 2
    stored = list(Mention.objects.filter(page=page).order_by("start"))
    assert [(m.text, m.start, m.end) for m in stored] == [("Det. Orla Quennby", 0, 17), ("Quennby", 10, 17)]
    assert stored[0].attrs == {"given": "Orla", "surname": "Quennby", "note": "ü ✓"}
    assert stored[1].link_reasons == ["surname"]
    assert abs((stored[0].created_at - at).total_seconds()) < 1
    assert stored[0].case_id == case.pk
    assert Mention.objects.filter(attrs__given="Orla").count() == 1


@pytest.mark.django_db
def test_a_relation_that_is_not_a_column_is_refused() -> None:
    with pytest.raises(TypeError):
        insert_rows(Organization, ("memberships",), [])


@pytest.mark.django_db
def test_conflicting_rows_are_skipped_and_binary_and_shared_dates_round_trip() -> None:
    """ignore_conflicts skips a row that breaks a unique constraint (as bulk_create does) and
    writes the rest; bytes are stored as bytes; one datetime object shared by every row (the
    batch's ``now``) is converted once and read back on every row."""
    from innocence.documents.models import Document, Page, StoredFile
    from innocence.prosecution.models import PageSignature

    org = Organization.objects.create(slug="bulk2", name="Bulk two (fictional)", case_prefix="BT")
    stored_file = StoredFile.objects.create(organization=org, sha256="1" * 64, size=1, original_name="s.pdf",
                                            storage_path="test/bulk2")
    document = Document.objects.create(organization=org, stored_file=stored_file, title="Fictional log", page_count=3)
    pages = [Page.objects.create(document=document, number=n, text=f"FICTIONAL page {n}") for n in (1, 2, 3)]
    PageSignature.objects.create(page=pages[0], text_version=7, hashvalues=b"old", params="p1")
    at = timezone.now() - dt.timedelta(hours=3)
    fields = ("page", "text_version", "hashvalues", "params", "updated_at")
    rows = [(page.pk, 1, bytes([n, 0, 255]), "p2", at) for n, page in enumerate(pages)]
    insert_rows(PageSignature, fields, rows, batch_size=2, ignore_conflicts=True)
    stored = {s.page_id: s for s in PageSignature.objects.filter(page__in=pages)}
    assert stored[pages[0].pk].hashvalues == b"old" and stored[pages[0].pk].text_version == 7  # kept
    assert bytes(stored[pages[1].pk].hashvalues) == bytes([1, 0, 255])
    assert bytes(stored[pages[2].pk].hashvalues) == bytes([2, 0, 255])
    assert all(abs((stored[p.pk].updated_at - at).total_seconds()) < 1 for p in pages[1:])
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        insert_rows(PageSignature, fields, rows[:1])  # without ignore_conflicts the row is refused
