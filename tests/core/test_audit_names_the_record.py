"""A read of one record is audited as a read of that record, not only of its case.

tests/core/test_audit_walk.py proves that every case-scoped read writes one row. It could
not see a selector that hands out a record without noting the read (the Evidence lens's
``record_get_for_user`` once): the case was noted first, so the row existed, but it named the
case, and the audit could not say which evidence item, event or production was opened. Here
every read route of tests/route_table.py whose URL names a record (any parameter but the
case reference, a record kind, or a page number) must write one row that names a record
whose id is in the URL. And every selector that hands out one record notes its read."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.route_table import API, WEB, api_path, web_path

NOT_RECORD_IDS = {"reference", "kind", "record_kind", "number", "tab", "format", "secret"}
ROOT = Path(__file__).resolve().parents[2] / "innocence"


def _web_ids(route, estate) -> set[str]:
    return {str(v) for k, v in route.args(estate).items() if k not in NOT_RECORD_IDS}


def _api_ids(route, estate) -> set[str]:
    path = route.key.split(" ", 1)[1]
    names = [n for n in re.findall(r"{(\w+)}", path) if n not in NOT_RECORD_IDS]
    if not names:
        return set()
    concrete = api_path(route, estate).split("?")[0]
    parts, concrete_parts = path.split("/"), concrete.split("/")
    assert len(parts) == len(concrete_parts), (path, concrete)
    return {c for p, c in zip(parts, concrete_parts, strict=True) if p.strip("{}") in names and p.startswith("{")}


def _row():
    from innocence.core.models import AuditEntry

    return AuditEntry.objects.filter(action="view").order_by("-id").first()


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


WEB_READ_KEYS = [r.key for r in WEB if r.read]
API_READ_KEYS = [r.key for r in API if r.read]


@pytest.mark.django_db
@pytest.mark.parametrize("key", WEB_READ_KEYS)
def test_a_web_read_of_one_record_names_it(client, estate, key):
    from innocence.core.models import AuditEntry

    route = next(r for r in WEB if r.key == key)
    ids = _web_ids(route, estate)
    if not ids:
        pytest.skip("the route names no record")
    client.force_login(estate.users["attorney"])
    before = AuditEntry.objects.filter(action="view").count()
    response = client.get(web_path(route, estate))
    _body(response)
    if response.status_code != 200:
        pytest.skip(f"answered {response.status_code}")
    assert AuditEntry.objects.filter(action="view").count() == before + 1, key
    row = _row()
    assert row.object_type != "cases.Case" and row.object_id in ids, (
        f"{key}: the read row names {row.object_type} {row.object_id}, not the record asked for ({ids})")


@pytest.mark.django_db
@pytest.mark.parametrize("key", API_READ_KEYS)
def test_an_api_read_of_one_record_names_it(client, estate, key):
    from innocence.core.models import AuditEntry

    route = next(r for r in API if r.key == key)
    ids = _api_ids(route, estate)
    if not ids:
        pytest.skip("the operation names no record")
    before = AuditEntry.objects.filter(action="view").count()
    response = client.get(api_path(route, estate), HTTP_AUTHORIZATION=f"Bearer {estate.tokens['attorney']}")
    assert response.status_code == 200, (key, response.content[:200])
    assert AuditEntry.objects.filter(action="view").count() == before + 1, key
    row = _row()
    assert row.object_type != "cases.Case" and row.object_id in ids, (
        f"{key}: the read row names {row.object_type} {row.object_id}, not the record asked for ({ids})")


def _selectors_handing_out_one_record() -> list[tuple[str, str]]:
    """(module, function) of every selector named ``*_get_for_user`` / ``*_get_for_*``."""
    found = []
    for path in sorted(ROOT.rglob("selectors.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and re.fullmatch(r"\w+_get_for(_\w+)?", node.name):
                found.append((str(path.relative_to(ROOT.parent)), node.name))
    return found


SELECTORS = _selectors_handing_out_one_record()


def test_the_walk_finds_the_selectors() -> None:
    names = {f"{m}:{n}" for m, n in SELECTORS}
    assert "innocence/evidence/selectors.py:record_get_for_user" in names
    assert len(SELECTORS) > 15


@pytest.mark.parametrize(("module", "name"), SELECTORS, ids=[f"{m}:{n}" for m, n in SELECTORS])
def test_every_selector_of_one_record_notes_its_read(module, name) -> None:
    tree = ast.parse((ROOT.parent / module).read_text(encoding="utf-8"))
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}

    def notes(fn: ast.FunctionDef, seen: set[str]) -> bool:
        for node in ast.walk(fn):
            if isinstance(node, ast.Call):
                callee = node.func
                called = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", "")
                if called == "note_read":
                    return True
                # a selector that hands out what another selector of one record fetched
                if (re.fullmatch(r"\w+_get_for(_\w+)?", called) and called not in seen
                        and (called not in functions or notes(functions[called], seen | {called}))):
                    return True
        return False

    assert notes(functions[name], {name}), f"{module}:{name} hands out a record without audit.note_read"
