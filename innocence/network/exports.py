"""The drawn graph as files: CSV of nodes and of edges, GraphML, GEXF (Gephi) and JSON.
They carry exactly what :func:`~.selectors.graph_for_user` gave the user — the access rule
already applied — plus, on each edge, its weight and the cases it rests on."""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

from .selectors import Graph

FORMATS = {
    "nodes.csv": "text/csv; charset=utf-8",
    "edges.csv": "text/csv; charset=utf-8",
    "graphml": "application/graphml+xml; charset=utf-8",
    "gexf": "application/gexf+xml; charset=utf-8",
    "json": "application/json",
}
NOTE = "Actor network exported from Innocence Files; only cases the exporting user may see."


def _nodes(graph: Graph) -> list[dict[str, str]]:
    rows = []
    for p in graph.persons.values():
        rows.append({"id": p.key, "kind": "person", "label": p.name, "roles": "; ".join(p.role_labels),
                     "agencies": "; ".join(sorted(p.agencies)), "cases": str(len(p.cases)),
                     "mentions": str(p.mentions), "year": "", "stage": ""})
    for c in graph.cases.values():
        rows.append({"id": c.key, "kind": "case", "label": c.reference, "roles": "", "agencies": "",
                     "cases": "", "mentions": "", "year": str(c.year or ""), "stage": c.stage})
    return rows


def _edges(graph: Graph) -> list[dict[str, str]]:
    rows = []
    for e in graph.roles:
        rows.append({"id": e.key, "kind": "role", "source": f"p{e.person_id}", "target": f"c{e.case_id}",
                     "weight": "1", "roles": "; ".join(e.role_labels),
                     "cases": graph.cases[e.case_id].reference if e.case_id in graph.cases else "",
                     "shared_pages": str(e.pages), "shared_documents": "", "mentions": str(e.mentions)})
    for pair in graph.pairs:
        refs = sorted(graph.cases[c].reference for c in pair.cases if c in graph.cases)
        rows.append({"id": pair.key, "kind": "co-appearance", "source": f"p{pair.a}", "target": f"p{pair.b}",
                     "weight": str(pair.weight), "roles": "", "cases": " ".join(refs),
                     "shared_pages": str(pair.shared_pages), "shared_documents": str(pair.shared_documents),
                     "mentions": ""})
    return rows


def _csv(rows: list[dict[str, str]], columns: list[str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


NODE_COLUMNS = ["id", "kind", "label", "roles", "agencies", "cases", "mentions", "year", "stage"]
EDGE_COLUMNS = ["id", "kind", "source", "target", "weight", "roles", "cases", "shared_pages",
                "shared_documents", "mentions"]


def graphml(graph: Graph) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
             f"<!-- {escape(NOTE)} -->"]
    for name in NODE_COLUMNS[1:]:
        lines.append(f'<key id="n_{name}" for="node" attr.name="{name}" attr.type="string"/>')
    for name in EDGE_COLUMNS[1:]:
        if name in ("source", "target"):
            continue
        kind = "int" if name == "weight" else "string"
        lines.append(f'<key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>')
    lines.append('<graph id="actors" edgedefault="undirected">')
    for row in _nodes(graph):
        data = "".join(f'<data key="n_{k}">{escape(v)}</data>' for k, v in row.items() if k != "id" and v)
        lines.append(f"<node id={quoteattr(row['id'])}>{data}</node>")
    for row in _edges(graph):
        data = "".join(f'<data key="e_{k}">{escape(v)}</data>' for k, v in row.items()
                       if k not in ("id", "source", "target") and v)
        lines.append(f"<edge id={quoteattr(row['id'])} source={quoteattr(row['source'])} "
                     f"target={quoteattr(row['target'])}>{data}</edge>")
    lines += ["</graph>", "</graphml>"]
    return "\n".join(lines) + "\n"


def gexf(graph: Graph) -> str:
    node_attrs = NODE_COLUMNS[1:]
    edge_attrs = [c for c in EDGE_COLUMNS[1:] if c not in ("source", "target", "weight")]
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
             f"<meta><creator>Innocence Files</creator><description>{escape(NOTE)}</description></meta>",
             '<graph mode="static" defaultedgetype="undirected">',
             '<attributes class="node">']
    lines += [f'<attribute id="{i}" title="{name}" type="string"/>' for i, name in enumerate(node_attrs)]
    lines += ["</attributes>", '<attributes class="edge">']
    lines += [f'<attribute id="{i}" title="{name}" type="string"/>' for i, name in enumerate(edge_attrs)]
    lines += ["</attributes>", "<nodes>"]
    for row in _nodes(graph):
        values = "".join(f'<attvalue for="{i}" value={quoteattr(row[name])}/>'
                         for i, name in enumerate(node_attrs) if row[name])
        lines.append(f"<node id={quoteattr(row['id'])} label={quoteattr(row['label'])}><attvalues>{values}"
                     "</attvalues></node>")
    lines += ["</nodes>", "<edges>"]
    for row in _edges(graph):
        values = "".join(f'<attvalue for="{i}" value={quoteattr(row[name])}/>'
                         for i, name in enumerate(edge_attrs) if row[name])
        lines.append(f"<edge id={quoteattr(row['id'])} source={quoteattr(row['source'])} "
                     f"target={quoteattr(row['target'])} weight=\"{row['weight']}\"><attvalues>{values}"
                     "</attvalues></edge>")
    lines += ["</edges>", "</graph>", "</gexf>"]
    return "\n".join(lines) + "\n"


def export(graph: Graph, fmt: str) -> str:
    if fmt == "nodes.csv":
        return _csv(_nodes(graph), NODE_COLUMNS)
    if fmt == "edges.csv":
        return _csv(_edges(graph), EDGE_COLUMNS)
    if fmt == "graphml":
        return graphml(graph)
    if fmt == "gexf":
        return gexf(graph)
    if fmt == "json":
        return json.dumps({"note": NOTE, **graph.as_dict()}, indent=1)
    raise ValueError(f"Unknown export format '{fmt}': one of {', '.join(FORMATS)}.")
