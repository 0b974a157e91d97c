from __future__ import annotations

import pytest


def test_every_rule_has_a_cited_knowledge_entry() -> None:
    from innocence.findings.knowledge import knowledge_base
    from innocence.findings.registry import registered_rules

    kb = knowledge_base()
    rules = registered_rules("witness")
    assert len(rules) >= 20
    for registered in rules:
        entry = kb.rule(registered.rule_id)
        assert entry.version >= 1 and entry.statement and entry.authorities, entry.id
        for key in entry.authorities:
            assert kb.authorities[key].citation
        assert entry.nre_factors


def test_malformed_entries_are_named() -> None:
    from innocence.findings.knowledge import KnowledgeBase, KnowledgeError, _parse

    with pytest.raises(KnowledgeError, match=r"broken\.yaml: rule entry 1 needs an 'id'"):
        _parse("broken.yaml", {"rules": [{"title": "no id"}]}, KnowledgeBase())
    with pytest.raises(KnowledgeError, match="authority 'x' needs a 'citation'"):
        _parse("broken.yaml", {"authorities": {"x": {"short": "X"}}}, KnowledgeBase())


def test_rule_drafts_cannot_claim_dismissed() -> None:
    from innocence.findings.registry import FindingDraft

    with pytest.raises(ValueError, match="present, absent or not_recorded"):
        FindingDraft("k", "dismissed", "text")


def test_benefit_taxonomy_matches_the_knowledge_base() -> None:
    from innocence.findings.knowledge import knowledge_base
    from innocence.witnesses.models import BenefitKind

    taxonomy = knowledge_base().data("informants")["benefit_kinds"]
    assert dict(BenefitKind.choices) == taxonomy


def test_confidence_levels_from_the_lexicon() -> None:
    from innocence.witnesses.rules.eyewitness import confidence_level

    assert confidence_level("I think it's him") == "low"
    assert confidence_level("I’m 100% sure") == "high"
    assert confidence_level("I'm not sure") == "low"
    assert confidence_level("I'm sure") == "medium"
    assert confidence_level("") is None and confidence_level("he ran away") is None
