"""No view or API module builds its own queryset of cases, documents, pages, people,
mentions, excerpts or findings: they go through the selectors (whose querysets start from
``cases_visible_to``) or through a case already fetched with ``case_get_for_user``. This
reads every view and API module of every app with ``ast``, so a new view that writes
``Document.objects.filter(...)`` or ``get_object_or_404(Page, ...)`` fails here, whatever
the route walk happens to try."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "innocence"
GUARDED = {"Case", "Document", "Page", "Person", "Mention", "Excerpt", "Finding", "CaseRole", "RecordCitation"}
VIEW_MODULES = ("views*.py", "api*.py", "actor_views.py", "case_tab.py", "case_roles.py")
SHORTCUTS = {"get_object_or_404", "get_list_or_404"}


def view_modules(root: Path = ROOT) -> list[Path]:
    found: set[Path] = set()
    for pattern in VIEW_MODULES:
        found.update(root.glob(f"*/{pattern}"))
    return sorted(found)


def own_querysets(source: str, name: str) -> list[str]:
    hits = []
    for node in ast.walk(ast.parse(source, filename=name)):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in ("objects", "_default_manager")
            and isinstance(node.value, ast.Name)
            and node.value.id in GUARDED
        ):
            hits.append(f"{name}:{node.lineno} {node.value.id}.{node.attr}")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in SHORTCUTS
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id in GUARDED
        ):
            hits.append(f"{name}:{node.lineno} {node.func.id}({node.args[0].id})")
    return sorted(hits, key=lambda hit: int(hit.split(':')[1].split()[0]))


def test_the_scan_sees_the_view_modules() -> None:
    names = {p.name for p in view_modules()}
    assert {"views.py", "api.py"} <= names and len(view_modules()) > 15


def test_no_view_builds_its_own_queryset_of_case_data() -> None:
    hits = [
        hit
        for path in view_modules()
        for hit in own_querysets(path.read_text(), str(path.relative_to(ROOT.parent)))
    ]
    assert hits == [], "use a selector (…_visible_to / …_get_for_user / …_for_case) instead:\n" + "\n".join(hits)


def test_the_scan_catches_both_shapes() -> None:
    source = "def v(request, pk):\n    a = Document.objects.filter(pk=pk)\n    return get_object_or_404(Page, pk=pk)\n"
    assert own_querysets(source, "views.py") == ["views.py:2 Document.objects", "views.py:3 get_object_or_404(Page)"]
