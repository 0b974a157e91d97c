"""Reads of the actor network. **Every read starts from ``cases_visible_to(user)``**: the
stored rows are per case, and only rows of cases the user may see are read, so a node,
an edge, a weight or a count never comes from a hidden case — a person known only from a
case the user may not see is simply not in their graph.

Nodes are persons (of the people app's actor index) and cases; edges are a person's
appearance in a case (their roles there, and the pages that show it) and two persons'
co-appearance (the cases they share, the pages and documents both are named in)."""

from __future__ import annotations

from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from innocence.cases.models import Case
from innocence.cases.selectors import cases_visible_to
from innocence.core import audit
from innocence.documents.citations import PageRef
from innocence.people.models import CaseRole, Mention, MentionKind, Person, RoleKind

from .models import Appearance, CoAppearance

ROLE_LABELS: dict[str, str] = {str(k): str(v) for k, v in RoleKind.choices}
#: the roles whose cross-case patterns the pattern lists look at (not applicants, victims, family)
ACTOR_ROLES = (
    RoleKind.OFFICER,
    RoleKind.PROSECUTOR,
    RoleKind.FORENSIC_ANALYST,
    RoleKind.INFORMANT,
    RoleKind.EXPERT,
    RoleKind.JUDGE,
    RoleKind.DEFENSE_COUNSEL,
    RoleKind.WITNESS,
)
MAX_NODES = 5000


def _int(value: Any, default: int | None = None) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return default


@dataclass(frozen=True)
class Filters:
    roles: tuple[str, ...] = ()
    agency: str = ""
    year_from: int | None = None
    year_to: int | None = None
    #: person–person edges need at least this many shared cases
    min_shared: int = 2
    #: person nodes need at least this many cases (the organization view: actors who cross cases)
    min_cases: int = 2
    q: str = ""
    focus: int | None = None
    depth: int = 1
    path_from: int | None = None
    path_to: int | None = None
    limit: int = 2000

    @classmethod
    def from_query(cls, data: Any, *, case_view: bool = False) -> Filters:
        """From request.GET (or a dict); bad values fall back to the defaults."""
        getlist = getattr(data, "getlist", None)
        roles = getlist("role") if getlist else data.get("role", [])
        if isinstance(roles, str):
            roles = [roles]
        roles = tuple(r for r in dict.fromkeys(roles) if r in ROLE_LABELS)
        default_cases = 1 if case_view else 2
        return cls(
            roles=roles,
            agency=str(data.get("agency", "") or "").strip()[:120],
            year_from=_int(data.get("year_from")),
            year_to=_int(data.get("year_to")),
            min_shared=max(1, min(_int(data.get("min_shared"), 2) or 2, 1000)),
            min_cases=max(1, min(_int(data.get("min_cases"), default_cases) or default_cases, 1000)),
            q=str(data.get("q", "") or "").strip()[:100],
            focus=_int(data.get("focus")),
            depth=max(1, min(_int(data.get("depth"), 1) or 1, 3)),
            path_from=_int(data.get("path_from")),
            path_to=_int(data.get("path_to")),
            limit=max(10, min(_int(data.get("limit"), 2000) or 2000, MAX_NODES)),
        )

    def as_query(self) -> dict[str, Any]:
        return {
            "role": list(self.roles),
            "agency": self.agency,
            "year_from": self.year_from or "",
            "year_to": self.year_to or "",
            "min_shared": self.min_shared,
            "min_cases": self.min_cases,
        }


@dataclass
class PersonNode:
    person_id: int
    name: str
    roles: Counter[str] = field(default_factory=Counter)
    agencies: set[str] = field(default_factory=set)
    cases: set[int] = field(default_factory=set)
    mentions: int = 0

    @property
    def key(self) -> str:
        return f"p{self.person_id}"

    @property
    def main_role(self) -> str:
        return self.roles.most_common(1)[0][0] if self.roles else ""

    @property
    def role_labels(self) -> list[str]:
        return [ROLE_LABELS.get(r, r) for r, _ in self.roles.most_common()]


@dataclass
class CaseNode:
    case_id: int
    reference: str
    title: str
    year: int | None
    stage: str

    @property
    def key(self) -> str:
        return f"c{self.case_id}"


@dataclass
class RoleEdge:
    person_id: int
    case_id: int
    roles: list[str]
    recorded: list[str]
    mentions: int
    pages: int

    @property
    def key(self) -> str:
        return f"p{self.person_id}-c{self.case_id}"

    @property
    def role_labels(self) -> list[str]:
        return [ROLE_LABELS.get(r, r) for r in self.roles]


@dataclass
class PairEdge:
    a: int
    b: int
    cases: set[int] = field(default_factory=set)
    shared_pages: int = 0
    shared_documents: int = 0

    @property
    def key(self) -> str:
        return f"p{self.a}-p{self.b}"

    @property
    def weight(self) -> int:
        return len(self.cases)


@dataclass
class Graph:
    persons: dict[int, PersonNode]
    cases: dict[int, CaseNode]
    roles: list[RoleEdge]
    pairs: list[PairEdge]
    filters: Filters
    #: nodes left out by the node limit (of what the user may see)
    not_drawn: int = 0
    matches: list[PersonNode] = field(default_factory=list)
    path: list[str] = field(default_factory=list)
    path_missing: bool = False

    @property
    def path_edges(self) -> set[str]:
        """Keys of the edges along the highlighted path."""
        keys = set()
        for x, y in zip(self.path, self.path[1:], strict=False):
            if x[0] == "p" and y[0] == "p":
                a, b = sorted([int(x[1:]), int(y[1:])])
                keys.add(f"p{a}-p{b}")
            else:
                person, case = (x, y) if x[0] == "p" else (y, x)
                keys.add(f"{person}-{case}")
        return keys

    def node_keys(self) -> list[str]:
        return [p.key for p in self.persons.values()] + [c.key for c in self.cases.values()]

    def as_dict(self) -> dict[str, Any]:
        return {
            "nodes": [
                {
                    "id": p.key, "kind": "person", "person_id": p.person_id, "label": p.name,
                    "roles": [r for r, _ in p.roles.most_common()], "agencies": sorted(p.agencies),
                    "case_count": len(p.cases), "mentions": p.mentions,
                }
                for p in self.persons.values()
            ]
            + [
                {"id": c.key, "kind": "case", "case": c.reference, "label": c.reference, "title": c.title,
                 "year": c.year, "stage": c.stage}
                for c in self.cases.values()
            ],
            "edges": [
                {"id": e.key, "kind": "role", "source": f"p{e.person_id}", "target": f"c{e.case_id}",
                 "roles": e.roles, "recorded_roles": e.recorded, "mentions": e.mentions, "pages": e.pages}
                for e in self.roles
            ]
            + [
                {"id": e.key, "kind": "co-appearance", "source": f"p{e.a}", "target": f"p{e.b}",
                 "shared_cases": e.weight, "cases": sorted(self.cases[c].reference for c in e.cases if c in self.cases),
                 "shared_pages": e.shared_pages, "shared_documents": e.shared_documents}
                for e in self.pairs
            ],
            "not_drawn": self.not_drawn,
            "path": self.path,
        }


def visible_case_ids(user: Any, filters: Filters) -> QuerySet[Case]:
    cases = cases_visible_to(user)
    if filters.year_from:
        cases = cases.filter(conviction_date__year__gte=filters.year_from)
    if filters.year_to:
        cases = cases.filter(conviction_date__year__lte=filters.year_to)
    return cases


def _appearances(case_ids: Any) -> list[tuple[int, int, list[str], list[str], list[str], int, int]]:
    return list(
        Appearance.objects.filter(case_id__in=case_ids)
        .values_list("person_id", "case_id", "case_roles", "record_roles", "agencies", "mentions", "pages")
        .order_by()
    )


def graph_for_user(user: Any, filters: Filters, *, case: Case | None = None) -> Graph:
    """The network the user may see. ``case`` (fetched with case_get_for_user): that case's
    persons and their other visible cases."""
    visible = visible_case_ids(user, filters)
    rows = _appearances(visible.values("pk"))
    persons: dict[int, PersonNode] = {}
    edges: dict[tuple[int, int], RoleEdge] = {}
    wanted_roles = set(filters.roles)
    agency = filters.agency.lower()
    for person_id, case_id, case_roles, record_roles, agencies, mentions, pages in rows:
        node = persons.get(person_id)
        if node is None:
            node = persons[person_id] = PersonNode(person_id, "")
        roles = list(dict.fromkeys([*case_roles, *record_roles]))
        node.cases.add(case_id)
        node.mentions += mentions
        node.agencies.update(agencies)
        for role in roles:
            node.roles[role] += 1
        edges[(person_id, case_id)] = RoleEdge(person_id, case_id, roles, list(case_roles), mentions, pages)

    def keep(node: PersonNode) -> bool:
        if wanted_roles and not wanted_roles & set(node.roles):
            return False
        return not agency or any(agency in a.lower() for a in node.agencies)

    persons = {pid: n for pid, n in persons.items() if keep(n)}
    if case is not None:
        here = {pid for (pid, cid) in edges if cid == case.pk}
        persons = {pid: n for pid, n in persons.items() if pid in here}
    elif filters.focus is None:
        persons = {pid: n for pid, n in persons.items() if len(n.cases) >= filters.min_cases}
    if filters.focus is not None:
        persons = _neighbourhood(persons, edges, filters.focus, filters.depth)
    case_ids = {cid for n in persons.values() for cid in n.cases}
    role_edges = [e for (pid, cid), e in edges.items() if pid in persons and cid in case_ids]
    graph = Graph(persons=persons, cases={}, roles=role_edges, pairs=[], filters=filters)
    _limit(graph, case_ids, keep_person=filters.focus)
    # pairs only among the persons drawn: a neighbourhood never pays for the whole organization
    graph.pairs = _pair_edges(graph.persons, visible, filters.min_shared)
    _names(graph)
    graph.cases = {
        c.pk: CaseNode(c.pk, c.reference, c.title, c.conviction_date.year if c.conviction_date else None, c.stage)
        for c in Case.objects.filter(pk__in=sorted({e.case_id for e in graph.roles}))
    }
    if filters.q:
        needle = filters.q.lower()
        graph.matches = sorted(
            (n for n in graph.persons.values() if needle in n.name.lower()), key=lambda n: n.name
        )[:50]
    if filters.path_from and filters.path_to:
        graph.path = shortest_path(graph, f"p{filters.path_from}", f"p{filters.path_to}")
        graph.path_missing = not graph.path
    return graph


def _pair_edges(persons: dict[int, PersonNode], visible: QuerySet[Case], min_shared: int) -> list[PairEdge]:
    """Co-appearance of the kept persons: shared visible cases (from their appearances) and
    shared pages/documents (the stored per-case pairs of visible cases)."""
    by_case: dict[int, list[int]] = defaultdict(list)
    for pid, node in persons.items():
        for cid in node.cases:
            by_case[cid].append(pid)
    pairs: dict[tuple[int, int], PairEdge] = {}
    for cid, pids in by_case.items():
        for a, b in combinations(sorted(pids), 2):
            edge = pairs.get((a, b))
            if edge is None:
                edge = pairs[(a, b)] = PairEdge(a, b)
            edge.cases.add(cid)
    strong = {k: e for k, e in pairs.items() if e.weight >= min_shared}
    if strong:
        ids = sorted({p for k in strong for p in k})
        rows = (
            CoAppearance.objects.filter(case__in=visible.values("pk"), person_a_id__in=ids, person_b_id__in=ids)
            .values_list("person_a_id", "person_b_id", "shared_pages", "shared_documents")
            .order_by()
        )
        for a, b, shared_pages, shared_documents in rows:
            edge = strong.get((a, b))
            if edge is not None:
                edge.shared_pages += shared_pages
                edge.shared_documents += shared_documents
    return sorted(strong.values(), key=lambda e: (-e.weight, -e.shared_pages, e.a, e.b))


def _neighbourhood(
    persons: dict[int, PersonNode], edges: dict[tuple[int, int], RoleEdge], focus: int, depth: int
) -> dict[int, PersonNode]:
    """The focus person, their cases and the persons of those cases, ``depth`` times."""
    if focus not in persons:
        return {}
    cases_of: dict[int, set[int]] = defaultdict(set)
    people_of: dict[int, set[int]] = defaultdict(set)
    for pid, cid in edges:
        if pid in persons:
            cases_of[pid].add(cid)
            people_of[cid].add(pid)
    seen = {focus}
    frontier = {focus}
    for _ in range(depth):
        nxt = {q for p in frontier for c in cases_of[p] for q in people_of[c]} - seen
        seen |= nxt
        frontier = nxt
    return {pid: persons[pid] for pid in seen}


def _limit(graph: Graph, case_ids: set[int], *, keep_person: int | None) -> None:
    """At most ``filters.limit`` nodes: the persons with the most cases are kept."""
    limit = graph.filters.limit
    total = len(graph.persons) + len(case_ids)
    if total <= limit:
        return
    ranked = sorted(graph.persons.values(), key=lambda n: (n.person_id != keep_person, -len(n.cases), -n.mentions))
    kept: dict[int, PersonNode] = {}
    cases: set[int] = set()
    for node in ranked:
        if len(kept) + 1 + len(cases | node.cases) > limit:
            break
        kept[node.person_id] = node
        cases |= node.cases
    graph.persons = kept
    graph.roles = [e for e in graph.roles if e.person_id in kept]
    graph.pairs = [e for e in graph.pairs if e.a in kept and e.b in kept]
    graph.not_drawn = total - len(kept) - len(cases)


def _names(graph: Graph) -> None:
    for pk, name in Person.objects.filter(pk__in=list(graph.persons)).values_list("pk", "full_name"):
        graph.persons[pk].name = name


def shortest_path(graph: Graph, start: str, end: str) -> list[str]:
    """Node keys of a shortest path (through shared cases and co-appearance) in the drawn graph."""
    adjacent: dict[str, set[str]] = defaultdict(set)
    for e in graph.roles:
        adjacent[f"p{e.person_id}"].add(f"c{e.case_id}")
        adjacent[f"c{e.case_id}"].add(f"p{e.person_id}")
    for p in graph.pairs:
        adjacent[f"p{p.a}"].add(f"p{p.b}")
        adjacent[f"p{p.b}"].add(f"p{p.a}")
    if start not in adjacent or end not in adjacent:
        return []
    before: dict[str, str] = {start: ""}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == end:
            path = [node]
            while before[path[-1]]:
                path.append(before[path[-1]])
            return path[::-1]
        for nxt in sorted(adjacent[node]):
            if nxt not in before:
                before[nxt] = node
                queue.append(nxt)
    return []


# --- an edge's cited pages ------------------------------------------------------------------


@dataclass
class CitedPage:
    document_id: int
    document_title: str
    page_number: int
    quotes: list[str]

    @property
    def url(self) -> str:
        return PageRef(self.document_id, self.page_number, self.quotes[0] if self.quotes else "",
                       document_title=self.document_title).url

    def as_dict(self) -> dict[str, Any]:
        return {"document_id": self.document_id, "document": self.document_title, "page": self.page_number,
                "quotes": self.quotes, "url": self.url}


@dataclass
class CaseEvidence:
    case: Case
    roles: dict[int, list[CaseRole]]
    pages: list[CitedPage]
    #: for a pair: pages where both are named; else the person's pages
    both_on_page: bool = False


def _cited_pages(case: Case, person_ids: list[int], *, together: bool) -> list[CitedPage]:
    mentions = (
        Mention.objects.filter(case=case, kind=MentionKind.PERSON, person_id__in=person_ids)
        .select_related("page", "page__document")
        .order_by("page__document__title", "page__number", "start")
    )
    by_page: dict[int, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_page[m.page_id].append(m)
    pages = []
    for rows in by_page.values():
        if together and len({m.person_id for m in rows}) < len(person_ids):
            continue
        first = rows[0]
        quotes = list(dict.fromkeys(m.text for m in rows))[:6]
        pages.append(CitedPage(first.page.document_id, first.page.document.title, first.page.number, quotes))
    return pages


def appearance_evidence(user: Any, person_id: int, case: Case) -> tuple[Person, CaseEvidence]:
    """A person–case edge: the person's roles in the case and every page naming them.
    ``case`` was fetched with case_get_for_user; 404 when the person is not in it."""
    found = Appearance.objects.filter(case=case, person_id=person_id).select_related("person").first()
    if found is None:
        raise Http404("No such edge.")
    roles = {person_id: list(CaseRole.objects.filter(case=case, person_id=person_id))}
    audit.note_read(found.person, case=case)
    return found.person, CaseEvidence(case, roles, _cited_pages(case, [person_id], together=False))


def pair_evidence(user: Any, a: int, b: int) -> tuple[Person, Person, list[CaseEvidence]]:
    """A person–person edge: each visible case both appear in, their roles there, and the
    pages naming both (404 when they share no case the user may see)."""
    if a == b:
        raise Http404("No such edge.")
    visible = cases_visible_to(user)
    shared = set(Appearance.objects.filter(case__in=visible, person_id=a).values_list("case_id", flat=True))
    shared &= set(Appearance.objects.filter(case__in=visible, person_id=b).values_list("case_id", flat=True))
    if not shared:
        raise Http404("No such edge.")
    people = {p.pk: p for p in Person.objects.filter(pk__in=[a, b])}
    result = []
    for case in Case.objects.filter(pk__in=shared).order_by("reference"):
        roles: dict[int, list[CaseRole]] = {a: [], b: []}
        for role in CaseRole.objects.filter(case=case, person_id__in=[a, b]):
            roles[role.person_id].append(role)
        result.append(CaseEvidence(case, roles, _cited_pages(case, [a, b], together=True), both_on_page=True))
    return people[a], people[b], result


def person_in_network(user: Any, pk: Any) -> Person:
    """A person who appears in a case the user may see; otherwise 404 (never 403)."""
    person_id = _int(pk)
    if person_id is None or not Appearance.objects.filter(case__in=cases_visible_to(user), person_id=person_id).exists():
        raise Http404("No such person.")
    return Person.objects.get(pk=person_id)
