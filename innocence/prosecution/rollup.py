"""The roll-up of Prosecution-lens findings to the NRE's official-misconduct (OM) indicator
and its sub-types (the NRE 2020 categories in innocence/knowledge/prosecution.yaml): lists
of present findings with their citations, never a score."""

from __future__ import annotations

from dataclasses import dataclass, field

from innocence.findings.knowledge import knowledge_base
from innocence.findings.selectors import FindingView


@dataclass
class Subtype:
    key: str
    label: str
    om_tags: list[str]
    findings: list[FindingView] = field(default_factory=list)


def om_rollup(views: list[FindingView]) -> list[Subtype]:
    kb = knowledge_base()
    categories = kb.data("prosecution").get("misconduct_categories") or {}
    subtypes = {
        key: Subtype(key, str(value.get("label", key)), list(value.get("om_tags") or []))
        for key, value in categories.items()
    }
    for view in views:
        f = view.finding
        if f.status != "present" or f.retired or "OM" not in (f.nre_factors or []):
            continue
        entry = kb.rules.get(f.rule_id)
        key = str(entry.data.get("om_subtype", "")) if entry else ""
        if key in subtypes:
            subtypes[key].findings.append(view)
    return list(subtypes.values())
