"""Fixtures for the people tests: fictional case-file pages written here."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pytest

TRANSCRIPT_PAGE = """CRIMINAL DISTRICT COURT
PARISH OF LAKESIDE
STATE OF LOUISIANA
versus
DARNELL WENDLE
Testimony taken before the Honorable Judge Ada Whitcombe, presiding, on March 3, 1994.
APPEARANCES:
THOMAS GARVEY
For the State
ELLEN MARSH
For the Defendant
BY MR. GARVEY:
The State calls Detective Raymond Kessler.
DETECTIVE RAYMOND KESSLER,
being first duly sworn, testified as follows:
Q. State your name and occupation.
A. My name is Raymond Kessler, I'm a detective with the Lakeside Parish Sheriff.
Q. Who assisted you?
A. Sgt. Paula Dunmore and Officer Lyle Brandt of the Third District.
THE COURT: Speak up, please.
"""

REPORT_PAGE = """LAKESIDE PARISH SHERIFF - SUPPLEMENTAL REPORT
ITEM NUMBER K-4411-93
REPORTING OFFICER: Det. R. Kessler
VICTIM: Harold Pinwell
On Friday, October 8, 1993 at approximately 9:45 P.M., Detectives Kessler and Dunmore responded
to 4120 Magnolia Street. The victim's neighbour, Wanda Pike (Witness), called (504) 555-0142.
A blue 1988 Chevrolet Caprice, license plate LKX 442, was seen leaving.
Crime lab technician Nora Vail lifted prints. Lab No. 93-1187.
"""


@pytest.fixture
def make_document(db: Any) -> Callable[..., Any]:
    from innocence.documents.models import Document, Page, StoredFile

    counter = {"n": 0}

    def make(case: Any, pages: list[str], *, title: str = "Fictional record") -> Any:
        counter["n"] += 1
        digest = hashlib.sha256(f"{title}{counter['n']}{case.pk}".encode()).hexdigest()
        stored = StoredFile.objects.create(
            organization=case.organization,
            sha256=digest,
            size=1,
            original_name=f"{title}.pdf",
            storage_path=f"test/{digest}",
        )
        document = Document.objects.create(
            organization=case.organization, case=case, stored_file=stored, title=title, page_count=len(pages)
        )
        for number, text in enumerate(pages, start=1):
            Page.objects.create(document=document, number=number, text=text, text_source="layer")
        return document

    return make


@pytest.fixture(autouse=True)
def _no_page_consumers(settings: Any) -> None:
    settings.INNOCENCE_PAGE_TEXT_CONSUMERS = []


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
