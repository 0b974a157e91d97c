"""The import graph between the apps of ``innocence`` has no cycles.

Layers (ARCHITECTURE.md): core → cases → documents/search → people → findings → lenses and
workflows; a lower layer reaches a higher one only through the extension registry (its
declared names are strings, not imports), a template tag or a URL name. The graph is read
with ``ast`` from every ``import`` in every module — at module level *and* inside functions
(a lazy import is still a dependency) — so a new cycle fails here, with the files and lines
that make it.
"""

from __future__ import annotations

import ast
import pathlib
from collections import defaultdict

ROOT = pathlib.Path(__file__).resolve().parents[2] / "innocence"

#: The layers of ARCHITECTURE.md, bottom up: an import from a lower layer to a higher one (or
#: between two apps of one layer, both ways) is what closes a cycle, so it is what a failure
#: names first. Apps not listed are treated as the top layer.
LAYERS: dict[str, float] = {
    "knowledge": 0,
    "settings": 0,
    "core": 1,
    "jobs": 1.5,
    "cases": 2,
    "documents": 3,
    "search": 3.5,
    "people": 4,
    "findings": 5,
    "intake": 6,
    "witnesses": 6,
    "evidence": 6,
    "prosecution": 6,
    "timeline": 6,
}

#: Imports that close a cycle today and belong to work in progress, each with who removes it.
#: They are left out of the graph below; strict: one that is gone fails, so the list shrinks.
KNOWN_CYCLE_EDGES: dict[tuple[str, str], str] = {}


def _apps() -> set[str]:
    return {p.name for p in ROOT.iterdir() if p.is_dir() and (p / "__init__.py").exists()}


def _module_name(path: pathlib.Path) -> tuple[str, bool]:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts), is_package


def import_edges() -> dict[tuple[str, str], list[str]]:
    """(from app, to app) → ["innocence/x/y.py:12 innocence.z.w", ...]."""
    apps = _apps()
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(ROOT.rglob("*.py")):
        module, is_package = _module_name(path)
        parts = module.split(".")
        if len(parts) < 2 or parts[1] not in apps:
            continue  # the project package's own modules (urls, api, cli) sit above every app
        source_app = parts[1]
        package = parts if is_package else parts[:-1]
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                    target = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    target = node.module or ""
                targets = [target]
                if target.count(".") <= 1:  # "from innocence import people" / "from .. import x"
                    targets += [f"{target}.{alias.name}" for alias in node.names]
            for target in targets:
                bits = target.split(".")
                if len(bits) >= 2 and bits[0] == "innocence" and bits[1] in apps and bits[1] != source_app:
                    where = f"{path.relative_to(ROOT.parent)}:{node.lineno} {target}"
                    edges[(source_app, bits[1])].append(where)
    return edges


def cycles(edges: dict[tuple[str, str], list[str]]) -> list[frozenset[str]]:
    """The strongly connected groups of apps (Tarjan), each of more than one app."""
    graph: dict[str, set[str]] = defaultdict(set)
    for a, b in edges:
        graph[a].add(b)
        graph[b]
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.add(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(frozenset(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _layer(app: str) -> float:
    return LAYERS.get(app, 99)


def _explain(group: frozenset[str], edges: dict[tuple[str, str], list[str]]) -> str:
    lines = [f"cycle between {', '.join(sorted(group))}; the imports that go up the layers:"]
    for (a, b), where in sorted(edges.items()):
        if a in group and b in group and _layer(a) <= _layer(b):
            lines.append(f"  {a} -> {b}:")
            lines += [f"      {w}" for w in where[:8]]
            if len(where) > 8:
                lines.append(f"      ... and {len(where) - 8} more")
    return "\n".join(lines)


def test_the_graph_reader_sees_lazy_and_relative_imports(tmp_path: pathlib.Path) -> None:
    edges = import_edges()
    assert ("people", "cases") in edges  # people is built on cases
    assert ("search", "documents") in edges
    assert not any(a == b for a, b in edges)
    example = {("a", "b"): ["x"], ("b", "c"): ["y"], ("c", "a"): ["z"], ("c", "d"): ["w"]}
    assert cycles(example) == [frozenset({"a", "b", "c"})]


def test_no_import_cycles_between_apps() -> None:
    edges = import_edges()
    gone = [f"{a} -> {b}" for a, b in KNOWN_CYCLE_EDGES if (a, b) not in edges]
    assert not gone, f"no longer imported, take it out of KNOWN_CYCLE_EDGES: {gone}"
    remaining = {edge: where for edge, where in edges.items() if edge not in KNOWN_CYCLE_EDGES}
    found = cycles(remaining)
    assert not found, "\n\n".join(_explain(group, remaining) for group in found)
