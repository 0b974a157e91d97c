"""What a case memo says, as plain data (:class:`Memo`), before it is written as DOCX, PDF
or HTML (:mod:`innocence.reports.memo_render`).

The memo is assembled from what the registry declares, never from a list of apps here:
one section per lens in ``registry().lenses()`` (its findings grouped by NRE contributing
factor, each with its status, record citations as numbered pinpoint notes — document,
page, verbatim quote — and its authorities in full), plus every ``memo_sections`` hook
(the timeline's chronology, and whatever later apps add). The memo's own sections are the
cover, summary, people and roles, open questions (every finding "not recorded"), the
authorities and an appendix of every cited page.

Reproducible: given the same records and the same ``at``, the same memo comes out; the
memo carries a digest of its inputs and the versions of what made it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from importlib import metadata
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from innocence.cases.models import Case, DocketNumber
from innocence.core.extensions import MemoBlock, registry, resolve
from innocence.findings.knowledge import Authority, knowledge_base
from innocence.findings.models import FindingStatus, ReviewState
from innocence.findings.selectors import FindingView, findings_for_case, present_findings
from innocence.people.models import CaseRole

from . import memo_template

#: The memo's own sections, with their place among the hooks' (``MemoSection.order``).
OWN_SECTIONS: dict[str, tuple[str, int]] = {
    "summary": ("Summary", 10),
    "people": ("People and their roles", 20),
    "open_questions": ("Open questions: what the record does not show", 80),
    "authorities": ("Authorities", 90),
    "appendix": ("Appendix: pages cited", 95),
}
LENS_ORDER = 40
NO_FACTOR = "—"


@dataclass
class Note:
    """A record citation, numbered in order of appearance (a footnote in the PDF, a
    pinpoint note in the DOCX)."""

    number: int
    document_title: str
    page_number: int | None
    quote: str
    label: str = ""

    def pinpoint(self) -> str:
        if not self.document_title:
            return self.label or "structured record"
        where = f"{self.document_title}, p. {self.page_number}" if self.page_number else self.document_title
        return f"{where} (“{self.quote}”)" if self.quote else where


@dataclass
class Block:
    kind: str  # heading | para | table | status
    text: str = ""
    level: int = 3
    notes: list[int] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Section:
    slug: str
    title: str
    order: int
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Memo:
    case_reference: str
    title: str
    organization: str
    marking: str
    preface: str
    closing: str
    cover: list[tuple[str, str]]
    sections: list[Section]
    notes: list[Note]
    generated_at: str
    made_by: str
    versions: dict[str, str]
    inputs_digest: str = ""
    left_out: list[str] = field(default_factory=list)

    @property
    def finding_count(self) -> int:
        return sum(1 for s in self.sections for b in s.blocks if b.kind == "status")


def available_sections() -> list[tuple[str, str]]:
    """(slug, title) of every section a memo can have, in the memo's order."""
    found = [(order, slug, title) for slug, (title, order) in OWN_SECTIONS.items()]
    found += [(LENS_ORDER + i, f"lens:{lens.slug}", f"{lens.label} lens") for i, lens in
              enumerate(registry().lenses())]
    found += [(m.order, m.slug, m.title) for m in registry().memo_sections()]
    return [(slug, title) for _, slug, title in sorted(found)]


def _versions() -> dict[str, str]:
    def version_of(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    kb = knowledge_base()
    files = {stem: str(content.get("file_version", "")) for stem, content in sorted(kb.files.items())
             if content.get("file_version")}
    return {
        "innocence-files": version_of("innocence-files"),
        "python-docx": version_of("python-docx"),
        "weasyprint": version_of("weasyprint"),
        "knowledge base": ", ".join(f"{k} v{v}" for k, v in files.items()),
    }


class _Notes:
    def __init__(self) -> None:
        self.notes: list[Note] = []

    def add(self, document_title: str, page_number: int | None, quote: str, label: str = "") -> int:
        note = Note(len(self.notes) + 1, document_title, page_number, " ".join((quote or "").split()), label)
        self.notes.append(note)
        return note.number


def _date(value: dt.date | None) -> str:
    return value.strftime("%B %-d, %Y") if value else "not recorded"


def _cover(case: Case) -> list[tuple[str, str]]:
    dockets = "; ".join(
        f"{d.number}{f' ({d.court})' if d.court else ''}" for d in DocketNumber.objects.filter(case=case)
    )
    conviction = " ".join(p for p in (case.get_conviction_type_display(), _date(case.conviction_date)
                                      if case.conviction_date else "") if p) or "not recorded"
    custody = ", ".join(p for p in (
        case.facility, f"inmate no. {case.inmate_number}" if case.inmate_number else "",
        f"released {_date(case.release_date)}" if case.release_date else "") if p)
    place = ", ".join(p for p in (case.county, case.state) if p)
    return [
        ("Case", f"{case.title} ({case.reference})"),
        ("Court", ", ".join(p for p in (case.court, place) if p) or "not recorded"),
        ("Docket", dockets or "not recorded"),
        ("Charges", "; ".join(str(c) for c in case.charges) or "not recorded"),
        ("Conviction", conviction),
        ("Sentence", case.sentence or "not recorded"),
        ("Custody", custody or "not recorded"),
        ("Stage", case.get_stage_display()),
    ]


def _finding_blocks(view: FindingView, notes: _Notes, factor_names: dict[str, str]) -> list[Block]:
    finding = view.finding
    status = FindingStatus(finding.status).label
    if finding.review_state != ReviewState.UNREVIEWED:
        status += f"; {ReviewState(finding.review_state).label.lower()}"
        if finding.review_reason:
            status += f": {finding.review_reason}"
    if finding.facts_changed_since_review:
        status += "; the facts changed since the review"
    numbers = [
        notes.add(c.citation.document_title or (c.citation.document.title if c.citation.document else ""),
                  c.citation.page_number, c.citation.quote,
                  c.citation.label or f"{c.citation.source_model} {c.citation.source_field} = "
                                      f"{c.citation.source_value}")
        for c in view.citations
    ]
    blocks = [
        Block("status", f"{finding.title} — {status}", notes=numbers),
        Block("para", finding.text),
    ]
    if finding.research:
        blocks.append(Block("para", f"What the research or law says: {finding.research}"))
    for authority in view.authorities:
        blocks.append(Block("para", f"Authority: {authority.citation}"))
    also = [factor_names.get(code, code) for code in (finding.nre_factors or [])[1:]]
    if also:
        blocks.append(Block("para", "Also bears on: " + "; ".join(also) + "."))
    basis = f"rule {finding.rule_id} v{finding.rule_version}" if finding.origin == "rule" else "entered by a person"
    blocks.append(Block("para", f"Source: {basis}."))
    return blocks


def _lens_section(slug: str, title: str, order: int, views: list[FindingView], notes: _Notes) -> Section:
    kb = knowledge_base()
    names = {code: f"{code} — {factor.name}" for code, factor in kb.factors.items()}
    section = Section(slug, title, order)
    if not views:
        section.blocks.append(Block("para", "This lens has recorded no findings in this case."))
        return section
    by_factor: dict[str, list[FindingView]] = defaultdict(list)
    for view in views:
        codes = view.finding.nre_factors or []
        by_factor[codes[0] if codes else NO_FACTOR].append(view)
    for code in [*kb.factors, *sorted(c for c in by_factor if c not in kb.factors and c != NO_FACTOR), NO_FACTOR]:
        group = by_factor.get(code)
        if not group:
            continue
        heading = "Not tied to an NRE contributing factor" if code == NO_FACTOR else names.get(code, code)
        section.blocks.append(Block("heading", heading, level=3))
        for view in group:
            section.blocks.extend(_finding_blocks(view, notes, names))
    return section


def _summary(case: Case, views: list[FindingView]) -> Section:
    kb = knowledge_base()
    section = Section("summary", OWN_SECTIONS["summary"][0], OWN_SECTIONS["summary"][1])
    section.blocks.append(Block("para", case.summary or "No summary has been written for this case."))
    rows = []
    for code, factor in kb.factors.items():
        present = [v for v in views if v.finding.status == FindingStatus.PRESENT
                   and code in (v.finding.nre_factors or [])]
        rows.append([f"{code} — {factor.name}",
                     f"{len(present)} finding(s) present" if present else "nothing recorded"])
    section.blocks.append(Block(
        "para", "NRE contributing factors the findings bear on. These are pointers to the record and the "
                "research, not a score or a likelihood of innocence; “nothing recorded” is not “absent”."))
    section.blocks.append(Block("table", columns=["Factor", "Findings"], rows=rows))
    counts: dict[str, int] = defaultdict(int)
    for view in views:
        counts[FindingStatus(view.finding.status).label] += 1
    section.blocks.append(Block("para", "Findings in this memo: " + (
        ", ".join(f"{label.lower()} {n}" for label, n in counts.items()) or "none") + "."))
    return section


def _people(case: Case) -> Section:
    section = Section("people", *OWN_SECTIONS["people"])
    roles = CaseRole.objects.filter(case=case).select_related("person").order_by("role", "person__full_name", "id")
    rows = [[r.person.full_name, r.get_role_display(), r.description] for r in roles]
    if rows:
        section.blocks.append(Block("table", columns=["Person", "Role", "Description"], rows=rows))
    else:
        section.blocks.append(Block("para", "No people have been recorded in roles on this case."))
    return section


def _open_questions(views: list[FindingView], notes: _Notes) -> Section:
    section = Section("open_questions", *OWN_SECTIONS["open_questions"])
    open_views = [v for v in views if v.finding.status == FindingStatus.NOT_RECORDED]
    if not open_views:
        section.blocks.append(Block("para", "No finding is marked “not recorded”."))
    for view in open_views:
        numbers = [notes.add(c.citation.document_title, c.citation.page_number, c.citation.quote,
                             c.citation.label) for c in view.citations]
        section.blocks.append(Block("status", f"{view.finding.title} ({view.finding.lens})", notes=numbers))
        section.blocks.append(Block("para", view.finding.text))
    return section


def _authorities(views: list[FindingView]) -> Section:
    section = Section("authorities", *OWN_SECTIONS["authorities"])
    found: dict[str, Authority] = {}
    for view in views:
        for authority in view.authorities:
            found.setdefault(authority.key, authority)
    rows = [[a.short, a.citation + (f" {a.link}" if a.link else "")]
            for a in sorted(found.values(), key=lambda a: a.short.lower())]
    if rows:
        section.blocks.append(Block("table", columns=["Short form", "Full reference"], rows=rows))
    else:
        section.blocks.append(Block("para", "No authority is cited."))
    return section


def _appendix(notes: list[Note]) -> Section:
    section = Section("appendix", *OWN_SECTIONS["appendix"])
    pages: dict[str, dict[int | None, list[int]]] = defaultdict(lambda: defaultdict(list))
    for note in notes:
        if note.document_title:
            pages[note.document_title][note.page_number].append(note.number)
    rows = []
    for title in sorted(pages, key=str.lower):
        for page in sorted(pages[title], key=lambda p: (p is None, p or 0)):
            rows.append([title, str(page) if page else "—", ", ".join(str(n) for n in pages[title][page])])
    if rows:
        section.blocks.append(Block("table", columns=["Document", "Page", "Notes"], rows=rows))
    else:
        section.blocks.append(Block("para", "No page is cited."))
    return section


def _hook_section(slug: str, title: str, order: int, hook_blocks: list[MemoBlock], notes: _Notes) -> Section:
    section = Section(slug, title, order)
    for b in hook_blocks:
        if b.heading:
            section.blocks.append(Block("heading", b.heading, level=3))
        if b.text:
            numbers = [notes.add(c.document_title, c.page_number, c.quote) for c in b.citations]
            section.blocks.append(Block("para", b.text, notes=numbers))
        if b.rows:
            section.blocks.append(Block("table", columns=list(b.columns), rows=[list(r) for r in b.rows]))
    return section


def build_memo(
    case: Case,
    user: Any,
    *,
    sections: list[str] | None = None,
    include_dismissed: bool = False,
    at: dt.datetime | None = None,
) -> Memo:
    """The memo of a case the user may see (fetched with ``case_get_for_user``)."""
    known = [slug for slug, _ in available_sections()]
    chosen = list(known) if not sections else list(dict.fromkeys(sections))
    unknown = [s for s in chosen if s not in known]
    if unknown:
        raise ValidationError(
            {"sections": f"Unknown memo section(s): {', '.join(unknown)}. Sections: {', '.join(known)}."})
    at = at or timezone.now()
    findings = [f for f in findings_for_case(case) if include_dismissed or (
        f.status != FindingStatus.DISMISSED and f.review_state != ReviewState.DISMISSED and not f.retired)]
    views = present_findings(user, findings)
    left_out = []
    if not include_dismissed:
        dismissed = sum(1 for f in findings_for_case(case) if f.status == FindingStatus.DISMISSED
                        or f.review_state == ReviewState.DISMISSED or f.retired)
        if dismissed:
            left_out.append(f"{dismissed} finding(s) dismissed by a reviewer or no longer produced by their rule")
    notes = _Notes()
    built: list[Section] = []
    lenses = registry().lenses()
    lens_slugs = {lens.slug for lens in lenses}
    hooks = {m.slug: m for m in registry().memo_sections()}
    for slug in [s for s, _ in available_sections() if s in chosen]:
        if slug == "summary":
            built.append(_summary(case, views))
        elif slug == "people":
            built.append(_people(case))
        elif slug.startswith("lens:"):
            index, lens = next((i, x) for i, x in enumerate(lenses) if f"lens:{x.slug}" == slug)
            built.append(_lens_section(slug, f"{lens.label} lens: findings", LENS_ORDER + index,
                                       [v for v in views if v.finding.lens == lens.slug], notes))
        elif slug in hooks:
            hook = hooks[slug]
            blocks = resolve(hook.function)(case, user)
            if blocks:
                built.append(_hook_section(slug, hook.title, hook.order, list(blocks), notes))
        elif slug == "open_questions":
            built.append(_open_questions(views, notes))
    orphans = [v for v in views if v.finding.lens not in lens_slugs]
    if orphans and any(s.startswith("lens:") for s in chosen):
        built.append(_lens_section("lens:other", "Findings of lenses no longer installed", LENS_ORDER + 30,
                                   orphans, notes))
    if "authorities" in chosen:
        built.append(_authorities(views))
    if "appendix" in chosen:
        built.append(_appendix(notes.notes))
    built.sort(key=lambda s: s.order)
    template = memo_template.template_for(case.organization)
    variables = memo_template.memo_variables(case, user, at)
    memo = Memo(
        case_reference=case.reference,
        title=f"Case memo: {case.title}",
        organization=case.organization.name,
        marking=memo_template.render(template.marking, variables),
        preface=memo_template.render(template.preface, variables),
        closing=memo_template.render(template.closing, variables),
        cover=_cover(case),
        sections=built,
        notes=notes.notes,
        generated_at=at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        made_by=variables["author"],
        versions=_versions(),
        left_out=left_out,
    )
    memo.inputs_digest = inputs_digest(memo)
    return memo


def inputs_digest(memo: Memo) -> str:
    """What the memo says, without when it was made: equal digests, equal contents."""
    data = asdict(memo)
    data.pop("generated_at")
    data.pop("inputs_digest")
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()
