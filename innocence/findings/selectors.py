"""Reads of findings. Every query starts from the case access rule.

Findings are presented with their citations and their authorities resolved from the
knowledge base, and rolled up per case as indicators of the NRE contributing factors:
lists of findings with their citations — never a score, never a count offered as a likelihood.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from innocence.cases.models import Case
from innocence.cases.selectors import cases_visible_to
from innocence.core import audit
from innocence.documents.citations import PageRef

from .knowledge import Authority, Factor, knowledge_base
from .models import Finding, FindingStatus, RecordCitation, ReviewState


def findings_visible_to(user: Any) -> QuerySet[Finding]:
    return Finding.objects.filter(case__in=cases_visible_to(user))


def finding_get_for_user(user: Any, pk: int | str) -> Finding:
    try:
        pk_int = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such finding.") from None
    finding = findings_visible_to(user).select_related("case", "case__organization").filter(pk=pk_int).first()
    if finding is None:
        raise Http404("No such finding.")
    audit.note_read(finding, case=finding.case)
    return finding


@dataclass
class CitationView:
    """A record citation as shown: the stored row and its :class:`PageRef` (the link)."""

    citation: RecordCitation
    ref: PageRef

    @property
    def url(self) -> str:
        return self.ref.url

    @property
    def has_page(self) -> bool:
        return self.ref.has_page


@dataclass
class FindingView:
    finding: Finding
    citations: list[CitationView] = field(default_factory=list)
    authorities: list[Authority] = field(default_factory=list)
    #: The knowledge-base title of the rule that produced it ("" for a finding a person added).
    rule_title: str = ""
    #: The NRE contributing factors it bears on, with their names.
    factors: list[Factor] = field(default_factory=list)
    #: Numbers into the bibliography of the list it is shown in (see :func:`findings_by_status`).
    references: list[tuple[int, Authority]] = field(default_factory=list)


class GroupedFindings(dict[str, list[FindingView]]):
    """Findings by status label, with one numbered bibliography for all of them: a list of
    findings cites each work once at its end instead of in full under every finding."""

    bibliography: list[tuple[int, Authority]]


def _visible_other_cases(user: Any, findings: list[Finding]) -> set[int]:
    ids = {c.other_case_id for f in findings for c in f.citations.all() if c.other_case_id}
    if not ids:
        return set()
    return set(cases_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def present_findings(user: Any, findings: list[Finding]) -> list[FindingView]:
    """Attach citations (dropping records of other cases the user may not see) and authorities."""
    knowledge = knowledge_base()
    visible = _visible_other_cases(user, findings)
    views = []
    for finding in findings:
        citations = [
            CitationView(c, c.page_ref)
            for c in finding.citations.all()
            if not c.other_case_id or c.other_case_id == finding.case_id or c.other_case_id in visible
        ]
        authorities = [a for a in (knowledge.authority(k) for k in finding.authority_keys) if a is not None]
        entry = knowledge.rules.get(finding.rule_id) if finding.origin == "rule" else None
        factors = [knowledge.factors[c] for c in finding.nre_factors or [] if c in knowledge.factors]
        views.append(FindingView(finding, citations, authorities, entry.title if entry else "", factors))
    return views


def findings_for_case(case: Case, *, lens: str | None = None, status: str | None = None) -> QuerySet[Finding]:
    """Findings of a case the caller already fetched with case_get_for_user."""
    findings = Finding.objects.filter(case=case).select_related("reviewed_by", "subject_person", "created_by")
    if lens:
        findings = findings.filter(lens=lens)
    if status:
        findings = findings.filter(status=status)
    return findings.prefetch_related(
        Prefetch("citations", queryset=RecordCitation.objects.select_related("document"))
    ).order_by("lens", "rule_id", "subject_key")


STATUS_ORDER = (FindingStatus.PRESENT, FindingStatus.NOT_RECORDED, FindingStatus.ABSENT, FindingStatus.DISMISSED)


def findings_by_status(views: list[FindingView]) -> GroupedFindings:
    grouped = GroupedFindings({s.label: [] for s in STATUS_ORDER})
    for view in views:
        grouped[FindingStatus(view.finding.status).label].append(view)
    numbers: dict[str, int] = {}
    grouped.bibliography = []
    for items in grouped.values():
        for view in items:
            view.references = []
            for authority in view.authorities:
                if authority.key not in numbers:
                    numbers[authority.key] = len(numbers) + 1
                    grouped.bibliography.append((numbers[authority.key], authority))
                view.references.append((numbers[authority.key], authority))
    return grouped


@dataclass
class Indicator:
    factor: Factor
    findings: list[FindingView]
    authorities: list[Authority]

    @property
    def indicated(self) -> bool:
        return bool(self.findings)


def indicators_for_case(user: Any, case: Case, *, lens: str | None = None) -> list[Indicator]:
    """Each NRE contributing factor with the present (not dismissed) findings that bear on it.

    An indicator is a pointer to facts and research, never a score: it says which findings
    bear on the factor and cites them. A factor with no finding is "nothing recorded", not absent.
    """
    knowledge = knowledge_base()
    findings = [
        f for f in findings_for_case(case, lens=lens, status=FindingStatus.PRESENT)
        if f.review_state != ReviewState.DISMISSED and not f.retired
    ]
    views = present_findings(user, findings)
    indicators = []
    for code, factor in knowledge.factors.items():
        matching = [v for v in views if code in (v.finding.nre_factors or [])]
        authorities = [a for a in (knowledge.authority(k) for k in factor.authorities) if a is not None]
        indicators.append(Indicator(factor, matching, authorities))
    return indicators


