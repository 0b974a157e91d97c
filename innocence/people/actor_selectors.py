"""Reads for extracted people, the review queue and the actor index. Every query starts
from ``cases_visible_to(user)``: a case the user may not see contributes nothing — no
mention, no count, no name."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Min, QuerySet

from innocence.cases.models import Case
from innocence.cases.selectors import cases_visible_to
from innocence.documents.citations import PageRef

from .extraction.vocabulary import case_role_for, is_law_enforcement, role_label
from .models import CaseRole, LinkStatus, Mention, MentionKind, Person, PersonLink, RoleKind

#: Attachments below this confidence are shown in the review queue.
REVIEW_BELOW = 0.8


def mentions_visible_to(user: Any) -> QuerySet[Mention]:
    return Mention.objects.filter(case__in=cases_visible_to(user))


@dataclass
class Citation:
    mention_id: int
    document_id: int
    document_title: str
    page_number: int
    text: str
    context: str
    url: str
    confidence: float | None
    reasons: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "mention_id": self.mention_id,
            "document_id": self.document_id,
            "document": self.document_title,
            "page": self.page_number,
            "text": self.text,
            "context": self.context,
            "confidence": self.confidence,
            "reasons": self.reasons,
        }


#: Officer functions (roles.yaml officer_functions), as shown.
FUNCTION_LABELS = {
    "reporting": "reporting officer",
    "arresting": "arresting officer",
    "investigating": "investigating officer",
    "supervising": "supervising officer",
}


@dataclass
class OfficerFunction:
    """What the record says an officer did in the case, with the passage that says it."""

    function: str
    label: str
    citation: Citation  # text: the verbatim passage that states the function

    def as_dict(self) -> dict[str, Any]:
        return {"function": self.function, "label": self.label, **self.citation.as_dict()}


@dataclass
class CasePerson:
    person: Person
    role: str
    role_label: str
    suggested_case_role: str
    law_enforcement: bool
    citations: list[Citation] = field(default_factory=list)
    pages: int = 0
    names: Counter[str] = field(default_factory=Counter)
    min_confidence: float = 1.0
    case_roles: list[str] = field(default_factory=list)
    #: officer functions the record states (reporting, arresting, ...), first citation of each
    functions: list[OfficerFunction] = field(default_factory=list)

    @property
    def page_links(self) -> list[tuple[str, int, str]]:
        """Every page the person is mentioned on: (document title, page number, viewer URL)."""
        seen: dict[tuple[int, int], tuple[str, int, str]] = {}
        for c in self.citations:
            seen.setdefault((c.document_id, c.page_number), (c.document_title, c.page_number, c.url))
        return list(seen.values())

    @property
    def quotes(self) -> list[Citation]:
        return self.citations[:20]

    def as_dict(self) -> dict[str, Any]:
        return {
            "person_id": self.person.pk,
            "name": self.person.full_name,
            "role": self.role,
            "role_label": self.role_label,
            "suggested_case_role": self.suggested_case_role,
            "law_enforcement": self.law_enforcement,
            "mentions": len(self.citations),
            "pages": self.pages,
            "names": dict(self.names),
            "case_roles": self.case_roles,
            "functions": [f.as_dict() for f in self.functions],
            "citations": [c.as_dict() for c in self.citations],
        }


def _citation(m: Mention) -> Citation:
    return Citation(
        mention_id=m.pk,
        document_id=m.page.document_id,
        document_title=m.page.document.title,
        page_number=m.page.number,
        text=m.text,
        context=m.context,
        url=PageRef(m.page.document_id, m.page.number, m.text, document_title=m.page.document.title).url,
        confidence=m.link_confidence,
        reasons=list(m.link_reasons or []),
    )


def _function_of(m: Mention, function: str) -> OfficerFunction:
    """The function with its citation: the passage that states it, verbatim from the page
    (its offsets are checked against the page text; the mention's own context otherwise)."""
    citation = _citation(m)
    quote = str(m.attrs.get("function_quote", ""))
    at = m.attrs.get("function_at") or []
    text = m.page.text or ""
    if quote and len(at) == 2 and text[int(at[0]) : int(at[1])] == quote:
        citation.text = quote
        citation.url = PageRef(
            m.page.document_id, m.page.number, quote, document_title=m.page.document.title
        ).url
    return OfficerFunction(function, FUNCTION_LABELS[function], citation)


def _role_of(roles: Counter[str]) -> str:
    if not roles:
        return ""
    ranked = sorted(roles.items(), key=lambda kv: (kv[0] not in ("witness", ""), kv[1]), reverse=True)
    return ranked[0][0]


def case_people(case: Case, *, person_ids: list[int] | None = None) -> list[CasePerson]:
    """Persons named in a case's record (the caller fetched ``case`` with case_get_for_user)."""
    mentions = (
        Mention.objects.filter(case=case, kind=MentionKind.PERSON, person__isnull=False)
        .select_related("page", "page__document", "person")
        .order_by("page__document__title", "page__number", "start")
    )
    if person_ids is not None:
        mentions = mentions.filter(person_id__in=person_ids)
    roles_in_case: dict[int, list[str]] = defaultdict(list)
    for person_id, role in CaseRole.objects.filter(case=case).values_list("person_id", "role"):
        roles_in_case[person_id].append(role)
    people: dict[int, CasePerson] = {}
    role_votes: dict[int, Counter[str]] = defaultdict(Counter)
    page_sets: dict[int, set[int]] = defaultdict(set)
    for m in mentions:
        entry = people.get(m.person_id)  # type: ignore[arg-type]
        if entry is None:
            entry = people[m.person_id] = CasePerson(  # type: ignore[index]
                person=m.person,  # type: ignore[arg-type]
                role="",
                role_label="",
                suggested_case_role="",
                law_enforcement=False,  # type: ignore[arg-type]
            )
        entry.citations.append(_citation(m))
        function = str((m.attrs or {}).get("function", ""))
        if function in FUNCTION_LABELS and all(f.function != function for f in entry.functions):
            entry.functions.append(_function_of(m, function))
        entry.names[m.normalized] += 1
        if m.link_confidence is not None:
            entry.min_confidence = min(entry.min_confidence, m.link_confidence)
        page_sets[m.person_id].add(m.page_id)  # type: ignore[index]
        if m.title_role:
            role_votes[m.person_id][m.title_role] += 2  # type: ignore[index]
        if m.role_hint and m.role_hint != m.title_role:
            role_votes[m.person_id][m.role_hint] += 1  # type: ignore[index]
    for person_id, entry in people.items():
        entry.role = _role_of(role_votes[person_id])
        entry.role_label = role_label(entry.role) if entry.role else "Role not stated"
        entry.suggested_case_role = case_role_for(entry.role)
        entry.law_enforcement = is_law_enforcement(entry.role)
        entry.pages = len(page_sets[person_id])
        entry.case_roles = roles_in_case.get(person_id, [])
    return sorted(people.values(), key=lambda p: (-len(p.citations), p.person.full_name))


def case_people_grouped(case: Case) -> dict[str, list[CasePerson]]:
    grouped: dict[str, list[CasePerson]] = {}
    for entry in case_people(case):
        grouped.setdefault(entry.role_label, []).append(entry)
    order = [
        role_label(r)
        for r in (
            "detective",
            "officer",
            "forensic_analyst",
            "prosecutor",
            "defense_counsel",
            "attorney",
            "judge",
            "witness",
            "victim",
            "defendant",
            "informant",
            "expert",
        )
    ]
    return dict(sorted(grouped.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else len(order)))


# --- review queue -------------------------------------------------------------------------


@dataclass
class ReviewAttachment:
    case: Case
    person: Person
    name_key: str
    names: list[str]
    mentions: int
    confidence: float
    reasons: list[str]
    example: Citation | None
    other_keys: list[str]


@dataclass
class AutoLink:
    """A person of this case attached automatically to the person of another case."""

    case: Case
    person: Person
    mentions: int
    confidence: float
    reasons: list[str]
    other_cases: list[Case]


def auto_links(user: Any, *, limit: int = 200) -> list[AutoLink]:
    """The machine's automatic cross-case links, for review and undo: where the user can see
    every case of the person (like review_links)."""
    from django.db.models import Count, TextField
    from django.db.models.functions import Cast

    from .extraction_service import AUTO_LINK_REASON

    visible = set(cases_visible_to(user).values_list("pk", flat=True))
    rows = (
        mentions_visible_to(user)
        .filter(kind=MentionKind.PERSON, person__isnull=False)
        .annotate(reasons_text=Cast("link_reasons", TextField()))
        .filter(reasons_text__contains=AUTO_LINK_REASON)
        .values("case_id", "person_id")
        .annotate(n=Count("id"), low=Min("link_confidence"))
        .order_by("low", "case_id", "person_id")[:limit]
    )
    items: list[AutoLink] = []
    for row in rows:
        cases = set(Mention.objects.filter(person_id=row["person_id"]).values_list("case_id", flat=True))
        cases |= set(CaseRole.objects.filter(person_id=row["person_id"]).values_list("case_id", flat=True))
        if not cases <= visible:
            continue  # the other case is not the user's: no name of it is shown
        example = (
            Mention.objects.filter(case_id=row["case_id"], person_id=row["person_id"])
            .select_related("case", "person")
            .order_by("link_confidence", "id")
            .first()
        )
        if example is None or example.person is None:
            continue
        reasons = [r for r in example.link_reasons if str(r).startswith(AUTO_LINK_REASON)]
        items.append(
            AutoLink(
                case=example.case,
                person=example.person,
                mentions=row["n"],
                confidence=float(row["low"] or 0.0),
                reasons=reasons,
                other_cases=list(Case.objects.filter(pk__in=cases - {row["case_id"]}).order_by("reference")),
            )
        )
    return items


def review_links(user: Any) -> list[PersonLink]:
    """Proposed cross-case links where the user can see every case of both persons."""
    visible = set(cases_visible_to(user).values_list("pk", flat=True))
    links = (
        PersonLink.objects.filter(status=LinkStatus.PROPOSED, organization__memberships__user=user)
        .select_related("person_a", "person_b")
        .distinct()
    )
    result = []
    for link in links[:200]:
        cases = set(
            Mention.objects.filter(person__in=[link.person_a_id, link.person_b_id]).values_list(
                "case_id", flat=True
            )
        ) | set(
            CaseRole.objects.filter(person__in=[link.person_a_id, link.person_b_id]).values_list(
                "case_id", flat=True
            )
        )
        if cases and cases <= visible:
            result.append(link)
    return result


def review_attachments(user: Any, *, limit: int = 200) -> list[ReviewAttachment]:
    rows = (
        mentions_visible_to(user)
        .filter(kind=MentionKind.PERSON, person__isnull=False, link_confidence__lt=REVIEW_BELOW)
        .values("case_id", "person_id", "name_key")
        .annotate(low=Min("link_confidence"))
        .order_by("low")[:limit]
    )
    items: list[ReviewAttachment] = []
    for row in rows:
        mentions = list(
            Mention.objects.filter(
                case_id=row["case_id"], person_id=row["person_id"], name_key=row["name_key"]
            )
            .select_related("page", "page__document", "person", "case")
            .order_by("link_confidence")
        )
        if not mentions:
            continue
        first = mentions[0]
        other_keys = sorted(
            set(
                Mention.objects.filter(case_id=row["case_id"], person_id=row["person_id"])
                .exclude(name_key=row["name_key"])
                .values_list("name_key", flat=True)
            )
        )
        items.append(
            ReviewAttachment(
                case=first.case,
                person=first.person,  # type: ignore[arg-type]
                name_key=row["name_key"],
                names=sorted({m.normalized for m in mentions}),
                mentions=len(mentions),
                confidence=float(row["low"]),
                reasons=list(first.link_reasons or []),
                example=_citation(first),
                other_keys=other_keys,
            )
        )
    return items


# --- actor index --------------------------------------------------------------------------


@dataclass
class ActorRow:
    person: Person
    case_count: int
    cases: list[Case]
    roles: Counter[str]
    mentions: int

    @property
    def role_list(self) -> list[tuple[str, int]]:
        return sorted(self.roles.items())

    def as_dict(self) -> dict[str, Any]:
        return {
            "person_id": self.person.pk,
            "name": self.person.full_name,
            "aliases": self.person.aliases,
            "cases": [c.reference for c in self.cases],
            "case_count": self.case_count,
            "roles": dict(self.roles),
            "mentions": self.mentions,
        }


def _presence(user: Any) -> tuple[dict[int, set[int]], dict[int, Counter[str]], Counter[int]]:
    visible = cases_visible_to(user)
    cases_of: dict[int, set[int]] = defaultdict(set)
    roles: dict[int, Counter[str]] = defaultdict(Counter)
    mention_counts: Counter[int] = Counter()
    for person_id, case_id, role in CaseRole.objects.filter(case__in=visible).values_list(
        "person_id", "case_id", "role"
    ):
        cases_of[person_id].add(case_id)
        roles[person_id][RoleKind(role).label] += 1
    rows = (
        Mention.objects.filter(case__in=visible, kind=MentionKind.PERSON, person__isnull=False)
        .values_list("person_id", "case_id", "title_role")
        .order_by()
    )
    seen_role: set[tuple[int, int, str]] = set()
    for person_id, case_id, title_role in rows.iterator(chunk_size=5000):
        cases_of[person_id].add(case_id)
        mention_counts[person_id] += 1
        if title_role and (person_id, case_id, title_role) not in seen_role:
            seen_role.add((person_id, case_id, title_role))
    return cases_of, roles, mention_counts


def actors_for_user(user: Any, *, min_cases: int = 2) -> list[ActorRow]:
    """Persons who appear (by a case role or by mentions in the record) in at least
    ``min_cases`` cases the user can see."""
    cases_of, roles, mention_counts = _presence(user)
    wanted = {pid: cs for pid, cs in cases_of.items() if len(cs) >= max(1, min_cases)}
    if not wanted:
        return []
    persons = {p.pk: p for p in Person.objects.filter(pk__in=list(wanted))}
    case_map = {c.pk: c for c in Case.objects.filter(pk__in={c for cs in wanted.values() for c in cs})}
    rows = [
        ActorRow(
            person=persons[pid],
            case_count=len(cs),
            cases=sorted((case_map[c] for c in cs), key=lambda c: c.reference),
            roles=roles.get(pid, Counter()),
            mentions=mention_counts.get(pid, 0),
        )
        for pid, cs in wanted.items()
        if pid in persons
    ]
    return sorted(rows, key=lambda r: (-r.case_count, -r.mentions, r.person.full_name))


@dataclass
class ActorCase:
    case: Case
    case_roles: list[CaseRole]
    extracted_role: str
    citations: list[Citation]


def actor_detail(user: Any, person: Person) -> tuple[list[ActorCase], dict[str, int]]:
    """Every visible case of an actor with roles and cited mentions, and counts by role."""
    visible = cases_visible_to(user)
    case_ids = set(CaseRole.objects.filter(case__in=visible, person=person).values_list("case_id", flat=True))
    case_ids |= set(
        Mention.objects.filter(case__in=visible, person=person).values_list("case_id", flat=True).distinct()
    )
    result: list[ActorCase] = []
    counts: Counter[str] = Counter()
    for case in Case.objects.filter(pk__in=case_ids).order_by("reference"):
        case_roles = list(CaseRole.objects.filter(case=case, person=person))
        entries = case_people(case, person_ids=[person.pk])
        citations = entries[0].citations if entries else []
        extracted = entries[0].role if entries else ""
        for role in case_roles:
            counts[RoleKind(role.role).label] += 1
        if extracted and not case_roles:
            counts[role_label(extracted)] += 1
        result.append(
            ActorCase(case=case, case_roles=case_roles, extracted_role=extracted, citations=citations)
        )
    return result, dict(counts)
