"""Proposals from the record: cited, confirmable into records, and a rejection survives re-runs."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_the_proposer_reads_numbers_methods_and_conclusions() -> None:
    from innocence.evidence.proposals import propose_page
    from tests.evidence.conftest import FICTIONAL_PAGE

    found = propose_page(FICTIONAL_PAGE)
    items = {p.number: p.value for p in found if p.kind == "item"}
    assert items == {"1": "blue cotton shirt from the scene", "2": "known blood sample of the defendant"}
    methods = {p.method for p in found if p.kind == "test"}
    assert {"serology_abo", "hair_microscopy"} <= methods
    conclusions = [p for p in found if p.kind == "conclusion"]
    assert any("could have originated from him" in p.quote for p in conclusions)
    for p in found:
        assert " ".join(p.quote.split()) in " ".join(FICTIONAL_PAGE.split())  # verbatim


def test_confirm_creates_a_cited_record_and_reject_survives_a_rerun(lens: Any, document: Any) -> None:
    from innocence.evidence.models import EvidenceItem, EvidenceProposal
    from innocence.evidence.proposals import proposal_review, proposals_run

    # the page-text consumer already proposed when the document was processed
    assert EvidenceProposal.objects.filter(case=lens.case).exists()
    assert proposals_run(actor=lens.actor, case=lens.case) == []  # idempotent
    shirt = EvidenceProposal.objects.get(case=lens.case, kind="item", number="1")
    proposal_review(actor=lens.actor, proposal=shirt, accept=True, value="Blue cotton shirt (fictional)")
    item = EvidenceItem.objects.get(case=lens.case)
    assert item.description == "Blue cotton shirt (fictional)" and item.page_number == 1 and item.status == "unknown"
    assert item.numbers.get().number == "1"
    other = EvidenceProposal.objects.get(case=lens.case, kind="item", number="2")
    proposal_review(actor=lens.actor, proposal=other, accept=False)
    EvidenceProposal.objects.filter(case=lens.case, status="proposed").delete()
    again = proposals_run(actor=lens.actor, case=lens.case)
    assert not any(p.number == "2" for p in again)  # the rejection survives
    assert EvidenceProposal.objects.get(case=lens.case, number="2").status == "rejected"
