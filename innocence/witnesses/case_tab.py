"""The Witness tab of a case: witnesses and their statements over time, the comparison
matrix, identification procedures, interrogations, informants, and the lens's findings
with their citations and authorities, plus the NRE indicators."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from innocence.cases.models import Case
from innocence.core.access import can_edit_case
from innocence.findings.models import ReviewState
from innocence.findings.selectors import (
    findings_by_status,
    findings_for_case,
    indicators_for_case,
    present_findings,
)

from .selectors import informants_for_case, interrogations_for_case, witnesses_for_case
from .services import KINDS

#: The review filter's choices: a reviewer working through the list wants what is left.
REVIEW_CHOICES = (("unreviewed", "Not yet reviewed"), ("reviewed", "Reviewed (confirmed or dismissed)"))


def _wanted(request: HttpRequest, name: str, allowed: set[str]) -> str:
    # An unknown value is ignored rather than an error: a stale bookmark still opens the tab.
    value = str(request.GET.get(name, "")).strip()
    return value if value in allowed else ""


def context(request: HttpRequest, case: Case) -> dict[str, Any]:
    """The tab, narrowed server-side by GET parameters: ``witness`` (a person's id),
    ``concern`` (a rule) and ``review`` (unreviewed / reviewed)."""
    all_findings = present_findings(request.user, list(findings_for_case(case, lens="witness")))
    witnesses = witnesses_for_case(case)
    concerns = sorted({(v.finding.rule_id, v.rule_title or v.finding.title) for v in all_findings},
                      key=lambda pair: pair[1].lower())
    witness = _wanted(request, "witness", {str(w.person.pk) for w in witnesses})
    concern = _wanted(request, "concern", {rule_id for rule_id, _title in concerns})
    review = _wanted(request, "review", {value for value, _label in REVIEW_CHOICES})
    findings = [
        v for v in all_findings
        if (not witness or str(v.finding.subject_person_id) == witness)
        and (not concern or v.finding.rule_id == concern)
        and (not review or (v.finding.review_state == ReviewState.UNREVIEWED) == (review == "unreviewed"))
    ]
    informants = informants_for_case(request.user, case)
    interrogations = interrogations_for_case(case)
    if witness:
        informants = [iv for iv in informants if str(iv.informant.person_id) == witness]
        interrogations = interrogations.filter(suspect_id=int(witness))
    return {
        "witnesses": [w for w in witnesses if not witness or str(w.person.pk) == witness],
        "witness_choices": [(str(w.person.pk), w.person.full_name) for w in witnesses],
        "concern_choices": concerns,
        "review_choices": REVIEW_CHOICES,
        "filters": {"witness": witness, "concern": concern, "review": review},
        "filtered": bool(witness or concern or review),
        "interrogations": interrogations,
        "informants": informants,
        "findings_grouped": findings_by_status(findings),
        "findings_count": len(findings),
        "findings_total": len(all_findings),
        "indicators": indicators_for_case(request.user, case),
        "can_edit": can_edit_case(request.user, case),
        "record_kinds": [k for k in KINDS.values() if k.slug not in ("claim", "benefit")],
    }
