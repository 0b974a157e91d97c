"""Reads of the Prosecution lens. Callers pass a case they fetched with ``case_get_for_user``
(the one access rule); cross-case reads (actors elsewhere, the dossier, the registry) start
from ``cases_visible_to``: a case the user may not see contributes no name, page or count."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from innocence.cases.models import Case
from innocence.cases.selectors import cases_visible_to
from innocence.cases.stages import Stage
from innocence.core import audit
from innocence.core.access import memberships_of
from innocence.documents.models import Document, Page, Provenance
from innocence.findings.models import Finding, FindingStatus
from innocence.people.actor_selectors import ActorCase, actor_detail
from innocence.people.models import CaseRole, Person, RoleKind

from . import near_duplicates
from .models import (
    BradyItem,
    ItemStatus,
    MisconductRecord,
    PageSignature,
    Production,
    ProductionItem,
    SignatureRun,
    TestimonyConflict,
)

#: Files whose contents the State held (Kyles: police knowledge is the prosecutor's).
STATE_FILES = (Provenance.POLICE_FILE, Provenance.PROSECUTOR_FILE)


def _pk(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404("No such record.") from None


def production_get_for_user(user: Any, pk: Any) -> Production:
    found = Production.objects.filter(case__in=cases_visible_to(user), pk=_pk(pk)).select_related("case").first()
    if found is None:
        raise Http404("No such production.")
    audit.note_read(found, case=found.case)
    return found


def item_get_for_user(user: Any, pk: Any) -> BradyItem:
    found = BradyItem.objects.filter(case__in=cases_visible_to(user), pk=_pk(pk)).select_related("case").first()
    if found is None:
        raise Http404("No such item.")
    audit.note_read(found, case=found.case)
    return found


def conflict_get_for_user(user: Any, pk: Any) -> TestimonyConflict:
    found = TestimonyConflict.objects.filter(case__in=cases_visible_to(user), pk=_pk(pk)).select_related("case").first()
    if found is None:
        raise Http404("No such record.")
    audit.note_read(found, case=found.case)
    return found


def productions_for_case(case: Case) -> QuerySet[Production]:
    return Production.objects.filter(case=case).prefetch_related("items__document").select_related("document")


def items_for_case(case: Case, *, status: str | None = None) -> QuerySet[BradyItem]:
    items = BradyItem.objects.filter(case=case).select_related(
        "document", "disclosure_production", "witness", "informant_benefit"
    )
    if status:
        items = items.filter(status=status)
    return items.order_by("document__title", "page_number", "id")


def conflicts_for_case(case: Case) -> QuerySet[TestimonyConflict]:
    return TestimonyConflict.objects.filter(case=case).select_related(
        "witness", "testimony_document", "document", "informant_benefit"
    )


# --- the disclosure matrix ----------------------------------------------------------------------


@dataclass
class MatrixColumn:
    key: str
    label: str
    kind: str  # "file" or "production"
    to_defense: bool
    state_file: bool = False
    production: Production | None = None


@dataclass
class MatrixCell:
    present: int
    total: int
    missing: list[int]

    @property
    def state(self) -> str:
        if self.total == 0:
            return "unknown"
        if self.present == self.total:
            return "all"
        return "part" if self.present else "none"


@dataclass
class MatrixRow:
    document: Document
    copies: list[Document]
    cells: list[MatrixCell]
    pages: int
    state_held: bool
    undisclosed_pages: list[int] = field(default_factory=list)
    uncompared_pages: list[int] = field(default_factory=list)


@dataclass
class DisclosureMatrix:
    columns: list[MatrixColumn]
    rows: list[MatrixRow]
    defense_material: bool
    pages_total: int
    pages_uncompared: int
    pairs: int
    run: SignatureRun | None = None

    @property
    def candidates(self) -> list[MatrixRow]:
        return [r for r in self.rows if r.undisclosed_pages] if self.defense_material else []


class _Clusters:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, x: int) -> int:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def disclosure_matrix(case: Case) -> DisclosureMatrix:
    """Rows: the distinct documents of the record (a near-identical copy joins the row of the
    document it copies); columns: the source files (by provenance) and the productions; a cell
    says how many of the row's pages have a copy there. Candidate undisclosed material: pages
    held in the police or prosecutor file with no copy in the defense file or in any
    production to the defense — shown first."""
    documents = {d.pk: d for d in Document.objects.filter(case=case).order_by("pk")}
    pages = list(Page.objects.filter(document__case=case).values_list("pk", "document_id", "number"))
    by_doc: dict[int, list[tuple[int, int]]] = defaultdict(list)
    page_at: dict[tuple[int, int], int] = {}
    for pid, did, number in pages:
        by_doc[did].append((number, pid))
        page_at[(did, number)] = pid
    p = near_duplicates.params()
    signatures = dict(
        PageSignature.objects.filter(page__document__case=case, params=p.label).values_list("page_id", "hashvalues")
    )
    comparable = {pid: bytes(sig) for pid, sig in signatures.items() if sig}
    pairs = near_duplicates.near_pairs(comparable.items(), p)
    clusters = _Clusters()
    for a, b, _score in pairs:
        clusters.union(a, b)
    members: dict[int, set[int]] = defaultdict(set)
    for pid, _did, _n in pages:
        members[clusters.find(pid)].add(pid)

    columns: list[MatrixColumn] = []
    column_pages: list[set[int]] = []
    provenances = sorted({d.provenance for d in documents.values()}, key=lambda v: (v not in STATE_FILES, v))
    labels = dict(Provenance.choices)
    for value in provenances:
        columns.append(MatrixColumn(
            key=f"file:{value or 'none'}", label=labels.get(value, "Provenance not recorded"), kind="file",
            to_defense=value == Provenance.DEFENSE_FILE, state_file=value in STATE_FILES,
        ))
        column_pages.append({pid for pid, did, _n in pages if documents[did].provenance == value})
    for production in Production.objects.filter(case=case).prefetch_related("items").order_by("date", "pk"):
        covered: set[int] = set()
        for item in production.items.all():
            covered |= {pid for number, pid in by_doc.get(item.document_id, []) if item.covers(number)}
        when = production.date.isoformat() if production.date else "undated"
        columns.append(MatrixColumn(
            key=f"production:{production.pk}", label=f"{production.title} ({when})", kind="production",
            to_defense=production.to_defense, production=production,
        ))
        column_pages.append(covered)
    defense_pages = set().union(*(s for c, s in zip(columns, column_pages, strict=True) if c.to_defense)) \
        if any(c.to_defense for c in columns) else set()
    state_pages = set().union(*(s for c, s in zip(columns, column_pages, strict=True) if c.state_file)) \
        if any(c.state_file for c in columns) else set()

    # Documents that are (partial) copies of a bigger one join its row.
    order = sorted(documents.values(), key=lambda d: (-len(by_doc.get(d.pk, [])), d.provenance not in STATE_FILES, d.pk))
    main_of_cluster: dict[int, int] = {}
    rows: dict[int, MatrixRow] = {}
    for document in order:
        own = [pid for _n, pid in by_doc.get(document.pk, [])]
        signed = [pid for pid in own if pid in comparable]
        owners = {main_of_cluster.get(clusters.find(pid)) for pid in signed}
        if signed and len(owners) == 1 and None not in owners and len(signed) == len(own):
            rows[owners.pop()].copies.append(document)  # type: ignore[index]
            continue
        for pid in own:
            main_of_cluster.setdefault(clusters.find(pid), document.pk)
        rows[document.pk] = MatrixRow(document=document, copies=[], cells=[], pages=len(own), state_held=False)
    for row in rows.values():
        pairs_of_row: list[tuple[int, int]] = sorted(by_doc.get(row.document.pk, []))
        for col_pages in column_pages:
            missing = [n for n, pid in pairs_of_row if not (members[clusters.find(pid)] & col_pages)]
            row.cells.append(MatrixCell(present=len(pairs_of_row) - len(missing), total=len(pairs_of_row),
                                        missing=missing))
        for number, pid in pairs_of_row:
            group = members[clusters.find(pid)]
            if group & state_pages:
                row.state_held = True
                if pid not in comparable and len(group) == 1:
                    row.uncompared_pages.append(number)
                elif not group & defense_pages:
                    row.undisclosed_pages.append(number)
    ordered = sorted(rows.values(), key=lambda r: (not r.undisclosed_pages, not r.state_held, r.document.title))
    run = SignatureRun.objects.filter(case=case).first()
    return DisclosureMatrix(
        columns=columns, rows=ordered, defense_material=bool(defense_pages), pages_total=len(pages),
        pages_uncompared=len(pages) - len(signatures), pairs=len(pairs), run=run,
    )


def production_for_page(case: Case, document: Document | None, number: int | None) -> list[Production]:
    """Productions to the defense that held this page."""
    if document is None or not number:
        return []
    items = ProductionItem.objects.filter(production__case=case, document=document).select_related("production")
    return [i.production for i in items if i.covers(number) and i.production.to_defense]


# --- the misconduct registry, with what a user may see ----------------------------------------------


@dataclass
class MisconductView:
    record: MisconductRecord
    case_visible: bool

    @property
    def redacted(self) -> bool:
        return not self.case_visible

    @property
    def case(self) -> Case | None:
        return self.record.case if self.case_visible else None

    @property
    def description(self) -> str:
        return self.record.description if self.case_visible else ""

    @property
    def as_list(self) -> list[MisconductView]:
        return [self]

    @property
    def has_page(self) -> bool:
        return self.case_visible and self.record.document_id is not None

    def as_dict(self) -> dict[str, Any]:
        r = self.record
        return {
            "id": r.pk, "person_id": r.person_id, "person": str(r.person), "actor_role": r.actor_role,
            "agency": r.agency, "kind": r.kind, "kind_label": r.get_kind_display(), "status": r.status,
            "status_label": r.get_status_display(), "source_kind": r.source_kind,
            "date": r.date.isoformat() if r.date else None, "description": self.description,
            "case": self.case.reference if self.case else None,
            "document_id": r.document_id if self.has_page else None,
            "page_number": r.page_number if self.has_page else None,
            "quote": r.quote if self.has_page else "",
            "source_title": r.source_title, "source_date": r.source_date.isoformat() if r.source_date else None,
            "source_url": r.source_url, "source_quote": r.source_quote, "reviewed": r.reviewed,
            "from_a_case_you_cannot_see": self.redacted,
        }


def misconduct_visible_to(user: Any, *, person: Person | None = None, on_case: Case | None = None,
                          reviewed_only: bool = False) -> list[MisconductView]:
    """Entries of the user's organizations. An entry from a case the user may not see shows
    only its own (external) source — never that case, its pages or its description — and is
    left out entirely when it has no external source. ``on_case``: entries shown on a case's
    page — reviewed ones, and unreviewed ones only when they come from that very case."""
    organizations = memberships_of(user).values("organization")
    records = MisconductRecord.objects.filter(organization__in=organizations).select_related(
        "person", "case", "document"
    )
    if person is not None:
        records = records.filter(person=person)
    if reviewed_only:
        records = records.filter(reviewed=True)
    if on_case is not None:
        records = records.filter(Q(reviewed=True) | Q(case=on_case))
    visible = set(cases_visible_to(user).values_list("pk", flat=True))
    views = []
    for record in records.order_by("person__full_name", "date", "pk"):
        case_visible = record.case_id is None or record.case_id in visible
        if not case_visible and not record.source_title:
            continue
        views.append(MisconductView(record, case_visible))
    return views


def misconduct_get_for_user(user: Any, pk: Any) -> MisconductRecord:
    for view in misconduct_visible_to(user):
        if view.record.pk == _pk(pk) and view.case_visible:
            audit.note_read(view.record, case=view.record.case, organization=view.record.organization)
            return view.record
    raise Http404("No such entry.")


# --- actors: elsewhere and the dossier -----------------------------------------------------------------

ACTOR_ROLES = (RoleKind.OFFICER, RoleKind.PROSECUTOR, RoleKind.FORENSIC_ANALYST, RoleKind.INFORMANT)


@dataclass
class ActorElsewhere:
    person: Person
    roles_here: list[str]
    other_cases: list[ActorCase]
    misconduct: list[MisconductView]


def actors_elsewhere(user: Any, case: Case) -> list[ActorElsewhere]:
    """The detectives, prosecutors, analysts and informants of this case who appear in other
    cases the user may see, with what the registry knows about them."""
    roles = CaseRole.objects.filter(case=case, role__in=ACTOR_ROLES).select_related("person").order_by("person__full_name")
    by_person: dict[int, ActorElsewhere] = {}
    for role in roles:
        entry = by_person.get(role.person_id)
        if entry is None:
            detail, _counts = actor_detail(user, role.person)
            entry = by_person[role.person_id] = ActorElsewhere(
                person=role.person, roles_here=[], other_cases=[c for c in detail if c.case.pk != case.pk],
                misconduct=misconduct_visible_to(user, person=role.person, on_case=case),
            )
        entry.roles_here.append(role.get_role_display())
    return [e for e in by_person.values() if e.other_cases or e.misconduct]


@dataclass
class Dossier:
    person: Person
    cases: list[ActorCase]
    misconduct: list[MisconductView]
    findings: list[Finding]
    exonerations: list[Case]
    items: list[BradyItem]
    conflicts: list[TestimonyConflict]


def person_get_for_dossier(user: Any, pk: Any) -> Person:
    """A person of the user's organizations who appears in a case the user may see, or
    has a registry entry the user may see; otherwise 404 (never 403)."""
    person = Person.objects.filter(pk=_pk(pk), organization__in=memberships_of(user).values("organization")).first()
    if person is None:
        raise Http404("No such person.")
    detail, _ = actor_detail(user, person)
    if not detail and not misconduct_visible_to(user, person=person, reviewed_only=True):
        raise Http404("No such person.")
    audit.note_read(person, organization=person.organization)
    return person


def actor_dossier(user: Any, person: Person) -> Dossier:
    visible = cases_visible_to(user)
    cases, _counts = actor_detail(user, person)
    findings = list(
        Finding.objects.filter(case__in=visible, subject_person=person)
        .exclude(status=FindingStatus.DISMISSED).select_related("case").order_by("case__reference", "rule_id")
    )
    return Dossier(
        person=person,
        cases=cases,
        misconduct=misconduct_visible_to(user, person=person),
        findings=findings,
        exonerations=[c.case for c in cases if c.case.stage == Stage.EXONERATED],
        items=list(BradyItem.objects.filter(case__in=visible, witness=person, status=ItemStatus.CONFIRMED)
                   .select_related("case", "document")),
        conflicts=list(TestimonyConflict.objects.filter(case__in=visible, witness=person).select_related("case")),
    )


def persons_for_case(case: Case) -> QuerySet[Person]:
    return Person.objects.filter(case_roles__case=case).distinct().order_by("full_name")

