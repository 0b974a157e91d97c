"""Each document keeps the name it was uploaded under through a case archive: the same bytes
filed in two cases under two names export and import under their own names, never under the
first uploader's (who may be in a case the exporter cannot see). Fictional files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from .conftest import make_pdf

pytestmark = pytest.mark.django_db


def test_two_names_of_one_original_survive_a_round_trip(world: Any, tmp_path: Path) -> None:
    from innocence.cases import services as case_services
    from innocence.cases.archive import export_case, import_case
    from innocence.documents import services
    from innocence.documents.models import Document

    data = make_pdf(["Fictional memorandum of Officer Tamsin Varroway about a grey van."])
    first = services.add_file(
        actor=world.admin, organization=world.north, case=world.case,
        name="varroway_memo_ORIGINAL.pdf", stream=io.BytesIO(data),
    ).document
    second_case = case_services.case_create(actor=world.admin, organization=world.north, title="State v. Fictive")
    second = services.add_file(
        actor=world.admin, organization=world.north, case=second_case,
        name="exhibit_14.pdf", stream=io.BytesIO(data),
    ).document
    assert first.stored_file_id == second.stored_file_id

    paths = {}
    for case, label in ((world.case, "one"), (second_case, "two")):
        paths[label] = tmp_path / f"{label}.zip"
        export_case(actor=world.admin, case=case, destination=paths[label])
    with zipfile.ZipFile(paths["two"]) as zf:
        text = zf.read("documents/documents.json").decode()
        index = json.loads(text)
    # The second case's archive does not carry the first case's file name anywhere.
    assert "varroway_memo_ORIGINAL" not in text
    assert [d["file_name"] for d in index["documents"]] == ["exhibit_14.pdf"]
    assert [f["original_name"] for f in index["stored_files"]] == ["exhibit_14.pdf"]

    imported_two = import_case(
        actor=world.outsider, organization=world.south, source=paths["two"], reference="SS-NAMES-2"
    ).case
    imported_one = import_case(
        actor=world.outsider, organization=world.south, source=paths["one"], reference="SS-NAMES-1"
    ).case
    copy_two = Document.objects.get(case=imported_two)
    copy_one = Document.objects.get(case=imported_one)
    assert copy_two.stored_file_id == copy_one.stored_file_id  # stored once in the new organization
    assert copy_two.uploaded_name == "exhibit_14.pdf"
    assert copy_one.uploaded_name == "varroway_memo_ORIGINAL.pdf"
    assert second.uploaded_name == "exhibit_14.pdf"
