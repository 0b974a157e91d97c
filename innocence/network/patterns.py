"""Patterns beside the graph, stated as counts with their cases — never a score of a person.

- pairs of actors who appear together in N or more cases the user may see;
- an actor's cases that carry a finding of one NRE contributing factor: "3 of the 4 cases
  where Det. X appears as Detective / officer carry a finding of False confession (FC)",
  with links to those cases' findings. Only findings that are present, not retired and not
  dismissed by a reviewer count; only cases the user may see are read."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from innocence.cases.models import Case
from innocence.findings.knowledge import knowledge_base
from innocence.findings.models import Finding, FindingStatus, ReviewState

from .selectors import ACTOR_ROLES, ROLE_LABELS, Graph, PairEdge, PersonNode


@dataclass
class PairPattern:
    a: PersonNode
    b: PersonNode
    edge: PairEdge
    cases: list[Case]


@dataclass
class IndicatorPattern:
    person: PersonNode
    role: str
    factor: str
    factor_name: str
    with_factor: list[Case]
    of_cases: list[Case]
    findings: dict[int, list[Finding]] = field(default_factory=dict)

    @property
    def sentence(self) -> str:
        return (
            f"{len(self.with_factor)} of the {len(self.of_cases)} cases where {self.person.name} appears as "
            f"{ROLE_LABELS.get(self.role, self.role)} {'carries' if len(self.with_factor) == 1 else 'carry'} "
            f"a finding of {self.factor_name} ({self.factor})"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "person_id": self.person.person_id, "person": self.person.name, "role": self.role,
            "factor": self.factor, "factor_name": self.factor_name,
            "cases_with_factor": [c.reference for c in self.with_factor],
            "cases": [c.reference for c in self.of_cases],
            "findings": {c.reference: [f.pk for f in self.findings.get(c.pk, [])] for c in self.with_factor},
            "statement": self.sentence,
        }


def shared_case_pairs(graph: Graph, *, min_cases: int = 2) -> list[PairPattern]:
    cases = {c.pk: c for c in Case.objects.filter(pk__in={cid for e in graph.pairs for cid in e.cases})}
    return [
        PairPattern(graph.persons[e.a], graph.persons[e.b], e, sorted((cases[c] for c in e.cases if c in cases),
                                                                      key=lambda c: c.reference))
        for e in graph.pairs
        if e.weight >= min_cases and e.a in graph.persons and e.b in graph.persons
    ]


def indicator_patterns(graph: Graph, *, min_cases: int = 2) -> list[IndicatorPattern]:
    """For each drawn actor and role held in ``min_cases`` or more drawn cases: the NRE
    factors that findings of those cases carry, with how many of the cases carry each."""
    cases_by_role: dict[tuple[int, str], set[int]] = defaultdict(set)
    for edge in graph.roles:
        for role in edge.roles:
            if role in ACTOR_ROLES:
                cases_by_role[(edge.person_id, role)].add(edge.case_id)
    cases_by_role = {k: v for k, v in cases_by_role.items() if len(v) >= min_cases}
    if not cases_by_role:
        return []
    case_ids = {c for v in cases_by_role.values() for c in v}
    findings_of: dict[int, list[Finding]] = defaultdict(list)
    for finding in (
        Finding.objects.filter(case_id__in=case_ids, status=FindingStatus.PRESENT, retired=False)
        .exclude(review_state=ReviewState.DISMISSED)
        .order_by("case_id", "rule_id", "pk")
    ):
        findings_of[finding.case_id].append(finding)
    cases = {c.pk: c for c in Case.objects.filter(pk__in=case_ids)}
    factors = knowledge_base().factors
    result: list[IndicatorPattern] = []
    for (person_id, role), ids in sorted(cases_by_role.items()):
        by_factor: dict[str, dict[int, list[Finding]]] = defaultdict(lambda: defaultdict(list))
        for cid in ids:
            for finding in findings_of.get(cid, []):
                for code in finding.nre_factors or []:
                    by_factor[code][cid].append(finding)
        of_cases = sorted((cases[c] for c in ids), key=lambda c: c.reference)
        for code, with_cases in sorted(by_factor.items()):
            factor = factors.get(code)
            result.append(
                IndicatorPattern(
                    person=graph.persons[person_id],
                    role=role,
                    factor=code,
                    factor_name=factor.name if factor else code,
                    with_factor=sorted((cases[c] for c in with_cases), key=lambda c: c.reference),
                    of_cases=of_cases,
                    findings=dict(with_cases),
                )
            )
    return sorted(result, key=lambda p: (-len(p.with_factor), -len(p.of_cases), p.person.name, p.factor))
