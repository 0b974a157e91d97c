"""Hedged confidence statements sit lower on the lexicon's certainty scale than unhedged ones.

A clinic's report: "almost sure that this was the person" at a photo array and "absolutely
positive" at a lineup was read as "confidence did not grow", because "almost" was not read."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

PHRASES: list[tuple[str, str | None]] = [
    # unhedged
    ("absolutely positive", "high"),
    ("I'm 100% sure", "high"),
    ("no doubt in my mind", "high"),
    ("I'd never forget that face", "high"),
    ("I'm sure", "medium"),
    # hedges lower a statement one step each
    ("almost sure that this was the person", "medium"),
    ("I'm pretty sure", "medium"),
    ("fairly certain", "medium"),
    ("nearly positive", "medium"),
    ("I think I'm positive", "medium"),
    ("I believe I'm certain", "medium"),
    ("I think I'm pretty sure", "low"),
    ("probably sure", "medium"),
    # a hedge with no stated certainty is the bottom of the scale
    ("I think it's him", "low"),
    ("I guess that's him", "low"),
    ("probably him", "low"),
    ("kind of looks like him", "low"),
    ("maybe", "low"),
    ("I believe so", "low"),
    # negations
    ("not 100% sure", "low"),
    ("not a hundred percent", "low"),
    ("I'm not sure", "low"),
    ("unsure", "low"),
    # numbers
    ("80% sure", "medium"),
    ("90 percent sure", "high"),
    ("50%", "low"),
    # nothing to grade, and no word read inside another ("pressure" is not "sure")
    ("", None),
    ("he ran away", None),
    ("under pressure", None),
]


@pytest.mark.parametrize(("words", "level"), PHRASES)
def test_confidence_level_of_phrase(words: str, level: str | None) -> None:
    from innocence.witnesses.rules.eyewitness import confidence_level

    assert confidence_level(words) == level


def test_the_scale_and_hedges_are_data_with_a_citation() -> None:
    from innocence.findings.knowledge import knowledge_base

    kb = knowledge_base()
    lexicon = kb.data("eyewitness")["confidence_lexicon"]
    assert lexicon["scale"] == ["low", "medium", "high"]
    assert {"almost", "pretty", "fairly", "i think", "i believe", "i guess", "probably", "kind of", "maybe"} <= set(
        lexicon["hedges"])
    assert "not 100%" in lexicon["low"]
    for key in lexicon["authorities"]:
        assert kb.authorities[key].citation


@pytest.mark.django_db
def test_almost_sure_then_absolutely_positive_is_growth(lens: Any) -> None:
    lens.save("procedure", witness=lens.witness, suspect=lens.suspect, kind="photo_array",
              date=dt.date(2001, 3, 4), confidence_statement="almost sure that this was the person")
    lens.save("procedure", witness=lens.witness, suspect=lens.suspect, kind="live_lineup",
              date=dt.date(2001, 3, 20), confidence_statement="absolutely positive")
    found = lens.finding("eyewitness.confidence_inflation")
    assert found.status == "present", found.text
    assert "confidence grew" in found.text
    assert "almost sure" in found.text and "absolutely positive" in found.text


@pytest.mark.parametrize(("page", "level"), [
    ("Q. How sure were you? A. I was almost sure that this was the person.", "medium"),
    ("A. I am reasonably certain it was him.", "medium"),
    ("A. I guess it was him.", "low"),
    ("A. I'm absolutely positive.", "high"),
])
def test_proposed_certainty_claims_keep_the_hedge(page: str, level: str) -> None:
    from innocence.witnesses.claims import propose_claims
    from innocence.witnesses.rules.eyewitness import confidence_level

    certainty = [c for c in propose_claims(page) if c.topic == "certainty"]
    assert certainty, page
    assert confidence_level(certainty[0].value) == level, certainty
