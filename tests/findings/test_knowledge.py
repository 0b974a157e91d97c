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
