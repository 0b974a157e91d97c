"""The claim proposer on fictional text, and the comparison of statements over time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

FICTIONAL_PAGE = (
    "Q. Describe the man.\nA. He was a white male, about 25 years old, 5'10\", 170 lbs, medium build, "
    "with short brown hair and a thin mustache. He was wearing a green army jacket. "
    "He had a small black pistol. It was about 9:15 p.m. I saw him from the porch, about 30 feet away. "
    "I'm positive it was him."
)


def test_proposer_finds_description_claims_with_verbatim_quotes() -> None:
    from innocence.witnesses.claims import propose_claims

    found = {(c.topic, c.value) for c in propose_claims(FICTIONAL_PAGE)}
    expected = {
        ("race", "white"), ("sex", "male"), ("age", "about 25"), ("weight", "170 lbs"), ("build", "medium"),
        ("facial_hair", "thin mustache"), ("weapon", "small black pistol"), ("time", "9:15 p.m"),
        ("clothing", "a green army jacket"),
    }
    assert expected <= found, expected - found
    assert any(t == "height" and v.startswith("5'10") for t, v in found)
    assert any(t == "certainty" and "positive" in v for t, v in found)
    assert any(t == "vantage" and "porch" in v for t, v in found)
    for claim in propose_claims(FICTIONAL_PAGE):
        assert claim.quote in FICTIONAL_PAGE


def test_comparison_highlights_changes() -> None:
    from types import SimpleNamespace

    from innocence.witnesses.claims import compare

    s1, s2, s3 = "night", "written", "trial"
    claims = {
        s1: [SimpleNamespace(topic="height", value="5'8\""), SimpleNamespace(topic="clothing", value="dark hoodie")],
        s2: [SimpleNamespace(topic="height", value="5'8\"")],
        s3: [SimpleNamespace(topic="height", value="about six feet"), SimpleNamespace(topic="clothing",
                                                                                       value="Dark  hoodie.")],
    }
    rows = {r.topic: r for r in compare([s1, s2, s3], claims, [("height", "Height"), ("clothing", "Clothing"),
                                                                ("weapon", "Weapon")])}
    assert "weapon" not in rows  # nothing said: no row
    height = rows["height"].cells
    assert height[0].first and not height[1].changed and height[2].changed
    clothing = rows["clothing"].cells
    assert not clothing[1].values and not clothing[2].changed  # same claim, different spacing/case


@pytest.mark.django_db
def test_propose_from_pages_then_confirm(lens: Any) -> None:
    from innocence.documents.models import Document, Page, StoredFile
    from innocence.witnesses.models import ClaimStatus
    from innocence.witnesses.selectors import witness_summary
    from innocence.witnesses.services import claim_review, claims_propose

    stored = StoredFile.objects.create(organization=lens.world.north, sha256="f" * 64, size=1,
                                       original_name="interview.pdf", storage_path="x")
    document = Document.objects.create(organization=lens.world.north, case=lens.case, stored_file=stored,
                                       title="Fictional interview", page_count=2)
    Page.objects.create(document=document, number=1, text="Cover page.")
    Page.objects.create(document=document, number=2, text=FICTIONAL_PAGE)
    statement = lens.save("statement", witness=lens.witness, kind="police_interview", date=dt.date(2001, 3, 4),
                          document=document, page_number=1, page_end=2)
    proposals = claims_propose(actor=lens.actor, statement=statement)
    assert proposals and all(p.status == ClaimStatus.PROPOSED and p.page_number == 2 for p in proposals)
    assert claims_propose(actor=lens.actor, statement=statement) == []  # never proposed twice
    summary = witness_summary(lens.case, lens.witness.pk)
    assert summary.matrix == [] and len(summary.proposed) == len(proposals)
    weapon = next(p for p in proposals if p.topic == "weapon")
    claim_review(actor=lens.actor, claim=weapon, accept=True, value="small black pistol")
    summary = witness_summary(lens.case, lens.witness.pk)
    assert [row.topic for row in summary.matrix] == ["weapon"]


@pytest.mark.django_db
def test_quote_must_be_on_the_cited_page(lens: Any) -> None:
    from django.core.exceptions import ValidationError

    from innocence.documents.models import Document, Page, StoredFile

    stored = StoredFile.objects.create(organization=lens.world.north, sha256="e" * 64, size=1,
                                       original_name="report.pdf", storage_path="x")
    document = Document.objects.create(organization=lens.world.north, case=lens.case, stored_file=stored,
                                       title="Fictional report", page_count=1)
    Page.objects.create(document=document, number=1, text="The witness said: I think it's him.")
    with pytest.raises(ValidationError, match="not on page 1"):
        lens.save("procedure", witness=lens.witness, kind="photo_array", document=document, page_number=1,
                  quote="I am certain")
    ok = lens.save("procedure", witness=lens.witness, kind="photo_array", document=document, page_number=1,
                   quote="I think it’s him", confidence_statement="I think it's him")
    finding = lens.finding("eyewitness.confidence_statement")
    citation = finding.citations.first()
    assert citation.document_id == document.pk and citation.page_number == 1 and ok.pk
