"""The Evidence tab and its pages, server-rendered: the inventory with its filters (htmx
partial), the item page with its custody timeline, forms, CSV import, the worksheet (HTML and
DOCX) and the printable summary — and all of them 404 off the case."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(lens: Any) -> Any:
    kit = lens.save("item", description="Fictional kit", category="sa_kit", status="unknown")
    lens.save("number", item=kit, kind="property", number="89-2231")
    lens.save("item", description="Fictional revolver", category="weapon", status="exists")
    lens.save("custody", item=kit, kind="collected", date=dt.date(1989, 5, 28), to_text="Sheriff")
    lens.save("custody", item=kit, kind="requested", date=dt.date(2019, 8, 1), from_text="Clinic")
    lens.save("test", method="hair_microscopy", testimony_quote="It matched him.")
    return kit


def test_tab_inventory_filters_and_item_page(client: Any, world: Any, filled: Any) -> None:
    client.force_login(world.on_team)
    ref = world.case.reference
    html = client.get(reverse("cases:case_tab", args=[ref, "evidence"])).content.decode()
    assert "Fictional kit" in html and "status unknown — candidate for DNA testing" in html
    assert "Microscopic hair comparison" in html and "F/MFE" in html
    partial = client.get(reverse("evidence:inventory", args=[ref]) + "?category=weapon", HTTP_HX_REQUEST="true")
    body = partial.content.decode()
    assert "Fictional revolver" in body and "Fictional kit" not in body and "<html" not in body
    assert "Fictional kit" in client.get(reverse("evidence:inventory", args=[ref]) + "?q=2231").content.decode()
    page = client.get(reverse("evidence:item_detail", args=[ref, filled.pk])).content.decode()
    assert "days with no recorded custodian" in page and "Requested" in page
    assert client.get(reverse("evidence:record_add", args=[ref, "custody"]) + f"?item={filled.pk}").status_code == 200


def test_forms_write_through_the_service(client: Any, world: Any, filled: Any) -> None:
    from innocence.evidence.models import CustodyEvent

    client.force_login(world.on_team)
    url = reverse("evidence:record_add", args=[world.case.reference, "custody"])
    response = client.post(url, {"item": filled.pk, "kind": "transferred", "date": "1980-01-01", "date_precision": "day"})
    assert response.status_code == 200 and "before the item was collected" in response.content.decode()
    assert CustodyEvent.objects.filter(item=filled).count() == 2


def test_csv_import_view_dry_run(client: Any, world: Any, lens: Any) -> None:
    from innocence.evidence.models import EvidenceItem

    client.force_login(world.on_team)
    url = reverse("evidence:csv_import", args=[world.case.reference])
    bad = SimpleUploadedFile("inv.csv", b"description,status\nFictional shirt,maybe\n", content_type="text/csv")
    html = client.post(url, {"file": bad, "commit": "1"}).content.decode()
    assert "row 2, column &#x27;status&#x27;" in html and not EvidenceItem.objects.exists()
    good = SimpleUploadedFile("inv.csv", b"description,status\nFictional shirt,exists\n", content_type="text/csv")
    assert client.post(url, {"file": good, "commit": "1"}).status_code == 302
    assert EvidenceItem.objects.get().status == "exists"


def test_worksheet_summary_and_exports(client: Any, world: Any, filled: Any) -> None:
    import docx

    client.force_login(world.on_team)
    ref = world.case.reference
    html = client.get(reverse("evidence:worksheet", args=[ref])).content.decode()
    assert "Louisiana" in html and "Unverified" in html and "Not recorded (not the same as not met)" in html
    content = client.get(reverse("evidence:worksheet_docx", args=[ref])).content
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    assert "UNVERIFIED" in text and "La. Code Crim. Proc. art. 926.1" in text
    assert "Fictional kit" in client.get(reverse("evidence:summary", args=[ref])).content.decode()
    assert b"89-2231" in client.get(reverse("evidence:csv_export", args=[ref])).content


@pytest.mark.parametrize("who", ["off_team", "walled_admin", "outsider"])
def test_every_page_is_404_off_the_case(client: Any, world: Any, filled: Any, who: str) -> None:
    client.force_login(getattr(world, who))
    ref = world.case.reference
    for name, args in (("evidence:inventory", [ref]), ("evidence:item_detail", [ref, filled.pk]),
                       ("evidence:worksheet", [ref]), ("evidence:worksheet_docx", [ref]), ("evidence:summary", [ref]),
                       ("evidence:csv_export", [ref]), ("evidence:record_edit", [ref, "item", filled.pk])):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 404, (name, response.status_code)
        assert b"Fictional kit" not in response.content
    assert client.post(reverse("evidence:record_delete", args=[ref, "item", filled.pk])).status_code == 404
    filled.refresh_from_db()
