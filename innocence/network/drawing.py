"""The graph as drawable SVG data: positions from :mod:`.layout`, edge and node classes,
the highlighted path. The template ``network/_graph_svg.html`` writes the SVG."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse

from .layout import SIZE, cached_layout
from .selectors import Graph

ROLE_COLOURS = {
    "officer": "r-officer", "prosecutor": "r-prosecutor", "forensic_analyst": "r-analyst",
    "informant": "r-informant", "judge": "r-judge", "defense_counsel": "r-defense", "witness": "r-witness",
    "expert": "r-expert", "applicant": "r-applicant", "victim": "r-victim",
}


@dataclass
class DrawnNode:
    key: str
    kind: str
    label: str
    x: float
    y: float
    r: float
    css: str
    href: str
    title: str
    show_label: bool

    @property
    def left(self) -> float:
        return round(self.x - 6, 1)

    @property
    def top(self) -> float:
        return round(self.y - 6, 1)


@dataclass
class DrawnEdge:
    key: str
    kind: str
    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    css: str
    href: str
    title: str


def drawing(graph: Graph, base_query: dict[str, object], *, page_url: str) -> dict[str, object]:
    keys = graph.node_keys()
    index = {k: i for i, k in enumerate(keys)}
    edges = [(index[f"p{e.person_id}"], index[f"c{e.case_id}"], 1.0) for e in graph.roles
             if f"c{e.case_id}" in index]
    edges += [(index[f"p{e.a}"], index[f"p{e.b}"], float(e.weight)) for e in graph.pairs]
    pos = cached_layout(keys, edges)
    on_path = set(graph.path)
    path_edges = graph.path_edges
    many = len(keys) > 150
    nodes: list[DrawnNode] = []
    for p in graph.persons.values():
        x, y = pos[p.key]
        query = urlencode({**base_query, "panel": p.key}, doseq=True)
        nodes.append(DrawnNode(
            p.key, "person", p.name, x, y, 4 + min(len(p.cases), 8) * 1.5,
            f"person {ROLE_COLOURS.get(p.main_role, 'r-other')}" + (" on-path" if p.key in on_path else ""),
            f"{page_url}?{query}#panel",
            f"{p.name} — {', '.join(p.role_labels) or 'role not stated'}; {len(p.cases)} case(s)",
            not many or len(p.cases) > 1 or p.key in on_path,
        ))
    for c in graph.cases.values():
        x, y = pos[c.key]
        query = urlencode({**base_query, "panel": c.key}, doseq=True)
        nodes.append(DrawnNode(
            c.key, "case", c.reference, x, y, 6, "case" + (" on-path" if c.key in on_path else ""),
            f"{page_url}?{query}#panel", f"{c.reference} — {c.title}", True,
        ))
    drawn: list[DrawnEdge] = []
    for e in graph.roles:
        if f"c{e.case_id}" not in pos:
            continue
        (x1, y1), (x2, y2) = pos[f"p{e.person_id}"], pos[f"c{e.case_id}"]
        reference = graph.cases[e.case_id].reference
        drawn.append(DrawnEdge(
            e.key, "role", x1, y1, x2, y2, 1.0, "role" + (" on-path" if e.key in path_edges else ""),
            reverse("network:appearance", args=[e.person_id, reference]),
            f"{graph.persons[e.person_id].name} in {reference}: {', '.join(e.role_labels) or 'named in the record'}"
            f"; {e.pages} page(s)",
        ))
    for pair in graph.pairs:
        (x1, y1), (x2, y2) = pos[f"p{pair.a}"], pos[f"p{pair.b}"]
        drawn.append(DrawnEdge(
            pair.key, "pair", x1, y1, x2, y2, 1 + min(pair.weight, 6),
            "pair" + (" on-path" if pair.key in path_edges else ""),
            reverse("network:pair", args=[pair.a, pair.b]),
            f"{graph.persons[pair.a].name} and {graph.persons[pair.b].name}: {pair.weight} shared case(s), "
            f"{pair.shared_pages} shared page(s)",
        ))
    return {"nodes": nodes, "edges": drawn, "size": int(SIZE)}
