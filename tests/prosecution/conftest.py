"""Fictional Prosecution-lens fixtures built on the shared `world` (two organizations, a
case). Every page, person and production here is invented."""

from __future__ import annotations

import hashlib
from types import SimpleNamespace
from typing import Any

import pytest

POLICE_REPORT = [
    "SHERIFF'S OFFICE (FICTIONAL) INCIDENT REPORT 00-0001. Reporting officer Det. Cass Orrin.\n"
    "At about 22:00 the clerk Ada Quimby reported a robbery at the Elm Street pharmacy. She described\n"
    "the robber as a tall white male in a grey coat with a scar on his left cheek. One shot was fired.",
    "SUPPLEMENTAL REPORT - Det. Cass Orrin (fictional)\n"
    "On the next morning a second witness, Moe Pettibone, viewed a photo array of six photographs and\n"
    "did not identify anyone. An anonymous caller stated that a man named Rolf Dagget bragged about the\n"
    "robbery at a bar on Fifth Street. This tip was not followed up.",
]
#: The same first page as the defense got it decades later: scanned and OCR'd again.
DEFENSE_COPY = [
    "SHERIFF'S 0FFICE (FICTI0NAL) INCIDENT REP0RT 00-0001. Rep0rting officer Det. Cass 0rrin.\n"
    "At ab0ut 22:00 the c1erk Ada Quimby rep0rted a r0bbery at the E1m Street pharrnacy. She described\n"
    "the robber as a ta11 white ma1e in a grey coat with a scar 0n his 1eft cheek. 0ne sh0t was fired.",
]
TRIAL_PAGE = (
    "TRIAL TRANSCRIPT (FICTIONAL), STATE v. TOLLIVER\n"
    "DELL FARROW, having been duly sworn, testified as follows:\n"
    "Q. Has anyone promised you anything for your testimony?\n"
    "A. No. Nobody promised me nothing."
)
MEMO_PAGE = (
    "OFFICE OF THE DISTRICT ATTORNEY (FICTIONAL) - INTERNAL MEMO\n"
    "Re: Dell Farrow. We agreed to recommend a reduced sentence on his theft charge in exchange for his\n"
    "testimony against Tolliver. Do not put this in the discovery file."
)


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_document(db: Any) -> Any:
    from innocence.documents.models import Document, Page, StoredFile
    from innocence.prosecution.consumers import favorable_for_pages, signatures_for_pages

    counter = {"n": 0}

    def make(case: Any, pages: list[str], *, title: str = "Fictional record", provenance: str = "",
             consume: bool = True, **fields: Any) -> Any:
        counter["n"] += 1
        digest = hashlib.sha256(f"{title}{counter['n']}{case.pk}".encode()).hexdigest()
        stored = StoredFile.objects.create(organization=case.organization, sha256=digest, size=1,
                                           original_name=f"{title}.pdf", storage_path=f"test/{digest}")
        document = Document.objects.create(organization=case.organization, case=case, stored_file=stored,
                                           title=title, page_count=len(pages), provenance=provenance, **fields)
        ids = [Page.objects.create(document=document, number=n, text=t, text_source="layer").pk
               for n, t in enumerate(pages, start=1)]
        if consume:  # what the page-text-changed event does through the queue
            signatures_for_pages(ids)
            favorable_for_pages(ids)
        return document

    return make


@pytest.fixture
def pros(world: Any, make_document: Any) -> Any:
    from innocence.people.models import CaseRole, Person

    def person(name: str, role: str) -> Any:
        p = Person.objects.create(organization=world.north, full_name=name, is_fictional=True)
        CaseRole.objects.create(case=world.case, person=p, role=role)
        return p

    ns = SimpleNamespace(world=world, case=world.case, actor=world.on_team)
    ns.officer = person("Det. Cass Orrin", "officer")
    ns.informant = person("Dell Farrow", "informant")
    ns.police = make_document(world.case, POLICE_REPORT, title="Incident report 00-0001 (fictional)",
                              provenance="police_file")
    ns.make_document = make_document

    def finding(rule_id: str, subject_key: str | None = None) -> Any:
        from innocence.findings.models import Finding

        found = Finding.objects.filter(case=world.case, rule_id=rule_id)
        if subject_key:
            found = found.filter(subject_key=subject_key)
        results = list(found)
        assert len(results) == 1, [(f.rule_id, f.subject_key, f.status) for f in results]
        return results[0]

    ns.finding = finding
    return ns
