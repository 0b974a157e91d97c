"""Pages of the actor network. Thin: reads in selectors/patterns, drawing in drawing.py.
Every page reads only cases the user may see, and is audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from innocence.cases.selectors import case_get_for_user
from innocence.core import access, audit
from innocence.core.models import AuditAction

from . import exports, patterns
from .drawing import drawing
from .selectors import (
    ROLE_LABELS,
    Filters,
    Graph,
    appearance_evidence,
    graph_for_user,
    pair_evidence,
    person_in_network,
)


def _panel(request: HttpRequest, graph: Graph) -> dict[str, Any]:
    """The side panel: a drawn person's dossier, or a drawn case."""
    key = str(request.GET.get("panel", ""))
    if key.startswith("p") and key[1:].isdecimal() and int(key[1:]) in graph.persons:
        from innocence.prosecution.selectors import actor_dossier

        person = person_in_network(request.user, key[1:])
        return {"person": person, "node": graph.persons[person.pk], "dossier": actor_dossier(request.user, person)}
    if key.startswith("c") and key[1:].isdecimal() and int(key[1:]) in graph.cases:
        node = graph.cases[int(key[1:])]
        return {"case": node, "people": [p for p in graph.persons.values() if node.case_id in p.cases]}
    return {}


def _page(request: HttpRequest, graph: Graph, *, title: str, case: Any = None) -> HttpResponse:
    base = graph.filters.as_query()
    if case is None and graph.filters.focus:
        base["focus"] = graph.filters.focus
        base["depth"] = graph.filters.depth
    page_url = request.path
    context = {
        "graph": graph,
        "title": title,
        "case": case,
        "filters": graph.filters,
        "role_choices": list(ROLE_LABELS.items()),
        "draw": drawing(graph, base, page_url=page_url),
        "pairs": patterns.shared_case_pairs(graph, min_cases=max(2, graph.filters.min_shared)),
        "indicators": patterns.indicator_patterns(graph),
        "panel": _panel(request, graph),
        "query": request.GET.urlencode(),
        "export_url": reverse("network:case_export", args=[case.reference]) if case else reverse("network:export"),
        "people_sorted": sorted(graph.persons.values(), key=lambda n: n.name),
    }
    return render(request, "network/graph.html", context)


@login_required
def graph(request: HttpRequest) -> HttpResponse:
    filters = Filters.from_query(request.GET)
    found = graph_for_user(request.user, filters)
    audit.record(AuditAction.VIEW, actor=request.user, changes={
        "view": "actor network", "cases": len(found.cases), "persons": len(found.persons)})
    return _page(request, found, title="Actor network")


@login_required
def case_graph(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    filters = Filters.from_query(request.GET, case_view=True)
    found = graph_for_user(request.user, filters, case=case)
    audit.record(AuditAction.VIEW, actor=request.user, obj=case, changes={"view": "actor network of the case"})
    return _page(request, found, title=f"Actors of {case.reference} and their other cases", case=case)


def _export(request: HttpRequest, found: Graph, fmt: str, name: str, case: Any = None) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404("Unknown export format.")
    if case is not None:
        access.require_export(request.user, case)
    else:
        membership = access.primary_membership(request.user)
        access.require_export_in(request.user, membership.organization if membership else None)
    audit.record(AuditAction.EXPORT, actor=request.user, obj=case, changes={
        "export": f"actor network ({fmt})", "cases": sorted(c.reference for c in found.cases.values())})
    response = HttpResponse(exports.export(found, fmt), content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}-{fmt.replace(".", "-")}.{fmt.split(".")[-1]}"'
    return response


@login_required
def export(request: HttpRequest) -> HttpResponse:
    fmt = str(request.GET.get("format", "gexf"))
    return _export(request, graph_for_user(request.user, Filters.from_query(request.GET)), fmt, "actor-network")


@login_required
def case_export(request: HttpRequest, reference: str) -> HttpResponse:
    case = case_get_for_user(request.user, reference)
    fmt = str(request.GET.get("format", "gexf"))
    found = graph_for_user(request.user, Filters.from_query(request.GET, case_view=True), case=case)
    return _export(request, found, fmt, f"{case.reference}-actor-network", case)


@login_required
def appearance(request: HttpRequest, person_id: int, reference: str) -> HttpResponse:
    """A person–case edge: the roles, and every page of the case that names the person."""
    case = case_get_for_user(request.user, reference)
    person, evidence = appearance_evidence(request.user, person_id, case)
    audit.record(AuditAction.VIEW, actor=request.user, obj=case, changes={
        "view": "actor network edge", "person": person.pk})
    return render(request, "network/edge.html", {"a": person, "b": None, "cases": [evidence]})


@login_required
def pair(request: HttpRequest, a: int, b: int) -> HttpResponse:
    """A person–person edge: the visible cases both appear in and the pages naming both."""
    first, second, cases = pair_evidence(request.user, a, b)
    audit.record(AuditAction.VIEW, actor=request.user, obj=first, organization=first.organization, changes={
        "view": "actor network edge", "with": second.pk, "cases": [e.case.reference for e in cases]})
    return render(request, "network/edge.html", {"a": first, "b": second, "cases": cases})
