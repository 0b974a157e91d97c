"""The Prosecution tab of a case: candidate undisclosed material first, the disclosure
matrix, productions, Brady/Giglio items (and proposals awaiting confirmation), testimony
contradicted by the State's own records, the lens's findings with the OM roll-up, and the
actors of this case elsewhere."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from innocence.cases.models import Case
from innocence.core.access import can_edit_case
from innocence.findings.selectors import findings_by_status, findings_for_case, present_findings

from .rollup import om_rollup
from .selectors import (
    actors_elsewhere,
    conflicts_for_case,
    disclosure_matrix,
    items_for_case,
    productions_for_case,
)


def context(request: HttpRequest, case: Case) -> dict[str, Any]:
    findings = present_findings(request.user, list(findings_for_case(case, lens="prosecution")))
    items = list(items_for_case(case))
    return {
        "matrix": disclosure_matrix(case),
        "productions": productions_for_case(case),
        "items": [i for i in items if i.status == "confirmed"],
        "proposals": [i for i in items if i.status == "proposed"],
        "rejected_count": sum(1 for i in items if i.status == "rejected"),
        "conflicts": conflicts_for_case(case),
        "actors": actors_elsewhere(request.user, case),
        "findings_grouped": findings_by_status(findings),
        "findings_count": len(findings),
        "om": om_rollup(findings),
        "can_edit": can_edit_case(request.user, case),
        "documents": case.documents.order_by("title"),
    }
