"""The Witness tab of a case: witnesses and their statements over time, the comparison
matrix, identification procedures, interrogations, informants, and the lens's findings
with their citations and authorities, plus the NRE indicators."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from innocence.cases.models import Case
from innocence.core.access import can_edit_case
from innocence.findings.selectors import (
    findings_by_status,
    findings_for_case,
    indicators_for_case,
    present_findings,
)

from .selectors import informants_for_case, interrogations_for_case, witnesses_for_case
from .services import KINDS


def context(request: HttpRequest, case: Case) -> dict[str, Any]:
    findings = present_findings(request.user, list(findings_for_case(case, lens="witness")))
    return {
        "witnesses": witnesses_for_case(case),
        "interrogations": interrogations_for_case(case),
        "informants": informants_for_case(request.user, case),
        "findings_grouped": findings_by_status(findings),
        "findings_count": len(findings),
        "indicators": indicators_for_case(request.user, case),
        "can_edit": can_edit_case(request.user, case),
        "record_kinds": [k for k in KINDS.values() if k.slug not in ("claim", "benefit")],
    }
