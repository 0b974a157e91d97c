"""REST for the actor network: the graph (JSON, with the same filters as the page), an
edge's cited pages, the patterns, and the exports. Same access rule as the pages: only
cases the caller may see are read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router
from ninja.errors import HttpError

from innocence.cases.selectors import case_get_for_user
from innocence.core import access, audit
from innocence.core.models import AuditAction

from . import exports, patterns
from .selectors import Filters, appearance_evidence, graph_for_user, pair_evidence

router = Router(tags=["network"])


def _filters(
    role: list[str] | None, agency: str, year_from: int | None, year_to: int | None, min_shared: int,
    min_cases: int | None, focus: int | None, depth: int, limit: int, *, case_view: bool = False,
) -> Filters:
    if min_shared < 1 or (min_cases is not None and min_cases < 1):
        raise HttpError(400, "min_shared and min_cases must be 1 or more.")
    if not 1 <= depth <= 3:
        raise HttpError(400, "depth must be between 1 and 3.")
    if not 10 <= limit <= 5000:
        raise HttpError(400, "limit must be between 10 and 5000 nodes.")
    return Filters.from_query({
        "role": role or [], "agency": agency, "year_from": year_from, "year_to": year_to,
        "min_shared": min_shared, "min_cases": min_cases, "focus": focus, "depth": depth, "limit": limit,
    }, case_view=case_view)


@router.get("/network")
def network(
    request: HttpRequest, role: list[str] | None = Query(None), agency: str = "",  # noqa: B008
    year_from: int | None = None, year_to: int | None = None, min_shared: int = 2, min_cases: int | None = None,
    focus: int | None = None, depth: int = 1, limit: int = 2000,
) -> dict[str, Any]:
    """Nodes (persons, cases) and edges (roles, co-appearance) of the cases you may see, with
    the patterns: pairs sharing cases and NRE indicators shared by an actor's cases."""
    filters = _filters(role, agency, year_from, year_to, min_shared, min_cases, focus, depth, limit)
    graph = graph_for_user(request.user, filters)
    audit.record(AuditAction.VIEW, actor=request.user, changes={"api": "network", "persons": len(graph.persons)})
    return {
        **graph.as_dict(),
        "pairs": [{"a": p.a.person_id, "b": p.b.person_id, "cases": [c.reference for c in p.cases],
                   "shared_pages": p.edge.shared_pages} for p in patterns.shared_case_pairs(graph)],
        "indicators": [i.as_dict() for i in patterns.indicator_patterns(graph)],
    }


@router.get("/network/export")
def network_export(
    request: HttpRequest, format: str = "gexf", role: list[str] | None = Query(None), agency: str = "",  # noqa: B008
    year_from: int | None = None, year_to: int | None = None, min_shared: int = 2, min_cases: int | None = None,
) -> HttpResponse:
    """The graph as GEXF, GraphML, nodes.csv, edges.csv or json."""
    if format not in exports.FORMATS:
        raise HttpError(400, f"format must be one of {', '.join(exports.FORMATS)}.")
    membership = access.primary_membership(request.user)
    access.require_export_in(request.user, membership.organization if membership else None)
    graph = graph_for_user(request.user, _filters(role, agency, year_from, year_to, min_shared, min_cases,
                                                   None, 1, 5000))
    audit.record(AuditAction.EXPORT, actor=request.user, changes={"api": f"network export ({format})"})
    return HttpResponse(exports.export(graph, format), content_type=exports.FORMATS[format])


@router.get("/cases/{reference}/network")
def case_network(request: HttpRequest, reference: str, min_shared: int = 1) -> dict[str, Any]:
    """One case's persons and their other cases you may see."""
    case = case_get_for_user(request.user, reference)
    graph = graph_for_user(request.user, _filters(None, "", None, None, min_shared, 1, None, 1, 5000,
                                                   case_view=True), case=case)
    audit.record(AuditAction.VIEW, actor=request.user, obj=case, changes={"api": "case network"})
    return graph.as_dict()


@router.get("/network/edges/{a}/{b}")
def pair_edge(request: HttpRequest, a: int, b: int) -> dict[str, Any]:
    """Two persons: the cases you may see where both appear, their roles, the pages naming both."""
    first, second, cases = pair_evidence(request.user, a, b)
    audit.record(AuditAction.VIEW, actor=request.user, obj=first, organization=first.organization,
                 changes={"api": "network edge", "with": second.pk})
    return {"a": {"person_id": first.pk, "name": first.full_name},
            "b": {"person_id": second.pk, "name": second.full_name},
            "cases": [_evidence(e) for e in cases]}


@router.get("/network/edges/{person_id}/case/{reference}")
def appearance_edge(request: HttpRequest, person_id: int, reference: str) -> dict[str, Any]:
    """A person in a case: the roles recorded and every page naming them."""
    case = case_get_for_user(request.user, reference)
    person, evidence = appearance_evidence(request.user, person_id, case)
    audit.record(AuditAction.VIEW, actor=request.user, obj=case, changes={"api": "network edge", "person": person.pk})
    return {"person": {"person_id": person.pk, "name": person.full_name}, **_evidence(evidence)}


def _evidence(e: Any) -> dict[str, Any]:
    return {
        "case": e.case.reference,
        "roles": [{"person_id": r.person_id, "role": r.role, "description": r.description}
                  for roles in e.roles.values() for r in roles],
        "pages": [p.as_dict() for p in e.pages],
    }
