"""The Evidence tab of a case: the inventory (filtered by category, status and testing), the
forensic tests, pending proceedings, proposals from the record and the lens's findings with
their citations and authorities, plus the NRE indicators (F/MFE beside the Witness lens's)."""

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

from .models import Category, ItemStatus
from .selectors import (
    TESTING_FILTERS,
    items_for_case,
    proceedings_for_case,
    proposals_for_case,
    tests_for_case,
)
from .services import KINDS


def filters(request: HttpRequest) -> dict[str, str]:
    return {name: request.GET.get(name, "").strip()[:60] for name in ("category", "status", "testing", "q")}


def context(request: HttpRequest, case: Case) -> dict[str, Any]:
    chosen = filters(request)
    findings = present_findings(request.user, list(findings_for_case(case, lens="evidence")))
    return {
        "rows": items_for_case(case, **chosen),
        "filters": chosen,
        "filtered": any(chosen.values()),
        "categories": Category.choices,
        "statuses": ItemStatus.choices,
        "testing_filters": TESTING_FILTERS,
        "tests": tests_for_case(case),
        "proceedings": proceedings_for_case(case),
        "proposals": proposals_for_case(case)[:200],
        "findings_grouped": findings_by_status(findings),
        "findings_count": len(findings),
        "indicators": indicators_for_case(request.user, case),
        "can_edit": can_edit_case(request.user, case),
        "record_kinds": [k for k in KINDS.values() if k.slug in ("item", "test", "proceeding")],
    }
