"""Proposals from the record: a pass over a case's pages proposes evidence items (property,
item, lab and exhibit numbers with their descriptions), forensic tests and analysts, and
conclusion language — each with its document, page and verbatim passage. Patterns live in
innocence/knowledge/evidence_proposals.yaml. A user confirms (which creates the record),
edits or rejects each; a rejected proposal is never proposed again (its fingerprint stays)."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from innocence.cases.models import Case
from innocence.core import audit
from innocence.core.models import AuditAction
from innocence.core.prefilter import Prefilter, required_literals
from innocence.findings.services import findings_recompute

from .knowledge import ProposalPatterns, proposal_patterns
from .models import EvidenceItem, EvidenceProposal, ItemNumber, NumberKind, ProposalKind, ProposalStatus
from .services import LENS, evidence_record_save, require_edit


@dataclass(frozen=True)
class Proposal:
    kind: str
    pattern: str
    value: str
    quote: str
    method: str = ""
    number: str = ""
    number_kind: str = ""


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*(?:Q|A)\.\s)")


def extractor_name(patterns: ProposalPatterns | None = None) -> str:
    return f"evidence-proposer v{(patterns or proposal_patterns()).version}"


def _sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _cut(text: str, start: int, end: int, cue: re.Match[str] | None, limit: int) -> str:
    """The sentence, verbatim; a long one cut around its cue at word boundaries."""
    piece = text[start:end].strip()
    if len(piece) <= limit or cue is None:
        return piece[:limit].strip()
    offset = text[start:end].find(piece)
    centre = cue.start() - start - offset
    left = max(0, centre - limit // 2)
    right = min(len(piece), left + limit)
    while left > 0 and not piece[left - 1].isspace():
        left += 1
    while right < len(piece) and not piece[right].isspace():
        right -= 1
    return piece[left:right].strip()


def _method_of(sentence: str, cues: tuple[tuple[str, str, re.Pattern[str]], ...]) -> tuple[str, re.Match[str] | None]:
    for _cue_id, method, regex in cues:
        match = regex.search(sentence)
        if match:
            return method, match
    return "", None


@dataclass(frozen=True)
class _Compiled:
    source: ProposalPatterns
    anycue: re.Pattern[str] | None
    ascii: ProposalPatterns
    ascii_anycue: re.Pattern[str] | None
    #: ``ascii_anycue`` in lower case, without IGNORECASE, for the lower-cased page (None when
    #: the pattern cannot be lowered safely).
    lowered_anycue: re.Pattern[str] | None = None
    #: the literals of the items, then the method cues, the conclusion and the examination
    #: patterns (in that order), for ASCII pages; None when none has a requirement
    literal: Prefilter | None = None


_COMPILED: dict[int, _Compiled] = {}

# What lower-casing a pattern would change the meaning of: upper-case escapes (\B, \D, \S,
# \W, \A, \Z, \N{..}), escapes that spell a character by number (which may be a capital),
# and ranges between letters of different case ("A-z" spans punctuation, "a-z" does not).
_NOT_LOWERABLE = re.compile(r"\\(?:[A-Z]|[xuU0-7])|[A-Z]-[a-z]|[a-z]-[A-Z]")


def lowered_twin(regex: re.Pattern[str]) -> re.Pattern[str] | None:
    """A case-sensitive pattern that matches the lower-cased text of an ASCII page exactly
    where ``regex`` (IGNORECASE and ASCII) matches the page, at the same offsets; None when
    that cannot be promised. Python's engine gets no skip-ahead from a case-insensitive
    alternation and tries every branch at every character; the lower-cased one can skip to the
    branches' first letters: 0.37 -> 0.16 ms on a page with no cue."""
    if not (regex.flags & re.IGNORECASE and regex.flags & re.ASCII) or _NOT_LOWERABLE.search(regex.pattern):
        return None
    try:
        return re.compile(regex.pattern.lower(), (regex.flags & ~re.IGNORECASE) | re.ASCII)
    except re.error:  # a name of a group that lower-casing made equal to another
        return None


def _compiled(patterns: ProposalPatterns, ascii_text: bool) -> tuple[ProposalPatterns, re.Pattern[str] | None]:
    """The patterns to run on a page, and all its method and conclusion cues as one
    alternation (it matches somewhere exactly when one of them does). On an ASCII page, the
    same patterns with re.ASCII: the same matches there (case folding and \\w, \\b, \\s
    differ only outside ASCII), for about a third less CPU."""
    known = _COMPILED.get(id(patterns))
    if known is None or known.source is not patterns:
        def twin(regex: re.Pattern[str]) -> re.Pattern[str]:
            return re.compile(regex.pattern, (regex.flags & ~re.UNICODE) | re.ASCII)

        cues = [f"(?:{r.pattern})" for _i, _m, r in patterns.method_cues] + [f"(?:{patterns.conclusion.pattern})"]
        try:
            anycue: re.Pattern[str] | None = re.compile("|".join(cues), re.IGNORECASE)
            ascii_anycue: re.Pattern[str] | None = re.compile("|".join(cues), re.IGNORECASE | re.ASCII)
        except re.error:  # cues that cannot be combined (named groups, back-references): no shortcut
            anycue = ascii_anycue = None
        known = _Compiled(
            source=patterns,
            anycue=anycue,
            ascii=dataclasses.replace(
                patterns,
                items=tuple((i, k, twin(r)) for i, k, r in patterns.items),
                method_cues=tuple((i, m, twin(r)) for i, m, r in patterns.method_cues),
                examination=twin(patterns.examination),
                conclusion=twin(patterns.conclusion),
            ),
            ascii_anycue=ascii_anycue,
            lowered_anycue=lowered_twin(ascii_anycue) if ascii_anycue is not None else None,
            literal=_literal_prefilter(patterns),
        )
        _COMPILED[id(patterns)] = known
    return (known.ascii, known.ascii_anycue) if ascii_text else (known.source, known.anycue)


def _literal_prefilter(patterns: ProposalPatterns) -> Prefilter | None:
    regexes = [
        *(r for _i, _k, r in patterns.items),
        *(r for _i, _m, r in patterns.method_cues),
        patterns.conclusion,
        patterns.examination,
    ]
    requirements = [required_literals(r) for r in regexes]
    return Prefilter(requirements) if any(requirements) else None


def _literal(patterns: ProposalPatterns) -> Prefilter | None:
    known = _COMPILED.get(id(patterns))
    return known.literal if known is not None and known.source is patterns else None


def _lowered_anycue(patterns: ProposalPatterns) -> re.Pattern[str] | None:
    known = _COMPILED.get(id(patterns))
    return known.lowered_anycue if known is not None and known.source is patterns else None


def propose_page(text: str, patterns: ProposalPatterns | None = None) -> list[Proposal]:
    """Everything the patterns find on one page's text. Pure: no database."""
    source = patterns or proposal_patterns()
    ascii_text = text.isascii()
    patterns, anycue = _compiled(source, ascii_text)
    found: list[Proposal] = []
    seen: set[tuple[str, str]] = set()
    # On an ASCII page one scan for the patterns' literals says which may match (usually
    # few): the others are not run.
    literal = _literal(source) if ascii_text else None
    maybe = literal.candidates(text.lower()) if literal is not None else None
    items = len(patterns.items)
    for index, (pattern_id, number_kind, regex) in enumerate(patterns.items):
        if maybe is not None and index not in maybe:
            continue
        for match in regex.finditer(text):
            number = match.group("number").strip()
            description = " ".join(match.group("description").split()).strip(" ,;:-")
            quote = text[match.start():match.end()].strip()
            key = ("item", number.lower())
            if key in seen or not any(ch.isdigit() for ch in number):
                continue
            seen.add(key)
            found.append(Proposal(ProposalKind.ITEM, pattern_id, description or number, quote[:patterns.max_quote_chars],
                                  number=number, number_kind=number_kind))
    conclusion_at = items + len(patterns.method_cues)
    if maybe is not None:
        cues = tuple(
            cue for index, cue in enumerate(patterns.method_cues, start=items) if index in maybe and cue[2].search(text)
        )
        conclusion_cue = conclusion_at in maybe and patterns.conclusion.search(text) is not None
        if not cues and not conclusion_cue:
            return found
        examination_cue = conclusion_at + 1 in maybe and patterns.examination.search(text) is not None
    else:
        # A cue found in a sentence is found on its page too (sentences are cut at whitespace
        # and the cues have neither anchors nor look-arounds), so cues missing from the page are
        # not looked for sentence by sentence, and a page with neither a method nor a conclusion
        # cue (a test needs the one, a conclusion the other) has no sentence to read.
        lowered = _lowered_anycue(source) if ascii_text else None
        if lowered is not None:
            if lowered.search(text.lower()) is None:
                return found
        elif anycue is not None and anycue.search(text) is None:
            return found
        cues = tuple(cue for cue in patterns.method_cues if cue[2].search(text))
        conclusion_cue = patterns.conclusion.search(text) is not None
        if not cues and not conclusion_cue:
            return found
        examination_cue = patterns.examination.search(text) is not None
    for start, end in _sentences(text):
        sentence = text[start:end]
        method, cue = _method_of(sentence, cues) if cues else ("", None)
        conclusion = patterns.conclusion.search(sentence) if conclusion_cue else None
        examination = patterns.examination.search(sentence) if examination_cue else None
        if method and examination:
            quote = _cut(text, start, end, cue, patterns.max_quote_chars)
            if ("test", quote) not in seen:
                seen.add(("test", quote))
                found.append(Proposal(ProposalKind.TEST, f"method:{method}", " ".join(quote.split())[:500], quote, method=method))
        if conclusion and (method or examination):
            quote = _cut(text, start, end, conclusion, patterns.max_quote_chars)
            if ("conclusion", quote) not in seen:
                seen.add(("conclusion", quote))
                found.append(Proposal(ProposalKind.CONCLUSION, "conclusion", " ".join(quote.split())[:500], quote,
                                      method=method))
    return found


def _fingerprint(kind: str, document_id: int, page_number: int, quote: str) -> str:
    squashed = " ".join(quote.lower().split())
    return hashlib.sha256(f"{kind}|{document_id}|{page_number}|{squashed}".encode()).hexdigest()


def _propose_pages(case: Case, pages: Any, name: str, existing: set[str] | None = None) -> list[EvidenceProposal]:
    """``existing``: the fingerprints already stored for these pages (default: the case's)."""
    patterns = proposal_patterns()
    if existing is None:
        existing = set(EvidenceProposal.objects.filter(case=case).values_list("fingerprint", flat=True))
    created = []
    for page in pages:
        for p in propose_page(page.text or "", patterns):
            fingerprint = _fingerprint(p.kind, page.document_id, page.number, p.quote)
            if fingerprint in existing:
                continue  # already proposed, confirmed or rejected: a rejection survives re-runs
            existing.add(fingerprint)
            created.append(EvidenceProposal.objects.create(
                case=case, kind=p.kind, pattern=p.pattern[:60], value=p.value[:500], method=p.method,
                number=(p.number or "")[:80], document_id=page.document_id, page_number=page.number, quote=p.quote,
                fingerprint=fingerprint, proposed_by=name,
            ))
    return created


@transaction.atomic
def proposals_run(*, actor: Any, case: Case) -> list[EvidenceProposal]:
    """Read every page of the case's documents and store what is new."""
    from innocence.documents.models import Page

    require_edit(actor, case)
    name = extractor_name()
    pages = Page.objects.filter(document__case=case).only("id", "document_id", "number", "text").order_by("document_id", "number")
    created = _propose_pages(case, pages.iterator(), name)
    audit.record(AuditAction.CREATE, actor=actor, obj=case, case=case,
                 changes={"evidence_proposals": len(created), "extractor": name},
                 object_repr=f"Evidence proposals for {case.reference}")
    return created


def on_page_text_changed(page_ids: list[int]) -> None:
    """Page-text consumer: propose from pages whose text changed (idempotent)."""
    from innocence.documents.models import Document, Page

    # only what is used: whole document and case rows per page cost more than the pages
    pages = list(
        Page.objects.filter(pk__in=page_ids, document__case__isnull=False).only("id", "document_id", "number", "text")
    )
    case_of = dict(
        Document.objects.filter(pk__in={page.document_id for page in pages}).values_list("pk", "case_id")
    )
    by_case: dict[int | None, list[Any]] = {}
    for page in pages:
        by_case.setdefault(case_of.get(page.document_id), []).append(page)
    cases = Case.objects.in_bulk([case_id for case_id in by_case if case_id is not None])
    name = extractor_name()
    for case_id, pages_of_case in by_case.items():
        case = cases.get(case_id) if case_id is not None else None
        if case is None:
            continue  # the case went meanwhile
        # A fingerprint names its document and page: only these pages' proposals can collide
        # (reading the whole case's made every chunk of a big case cost the case's size).
        documents = {page.document_id for page in pages_of_case}
        numbers = {page.number for page in pages_of_case}
        with transaction.atomic():
            existing = set(
                EvidenceProposal.objects.filter(
                    case=case, document_id__in=documents, page_number__in=numbers
                ).values_list("fingerprint", flat=True)
            )
            _propose_pages(case, pages_of_case, name, existing)


NUMBER_KIND_OF = {"property": NumberKind.PROPERTY, "exhibit": NumberKind.EXHIBIT, "lab": NumberKind.LAB}


@transaction.atomic
def proposal_review(*, actor: Any, proposal: EvidenceProposal, accept: bool, value: str | None = None) -> EvidenceProposal:
    """Confirm (creating the record it proposes, cited to its page) or reject a proposal."""
    case = proposal.case
    require_edit(actor, case)
    if proposal.status != ProposalStatus.PROPOSED:
        raise ValidationError(f"This proposal was already {proposal.get_status_display().lower()}.")
    if value is not None and value.strip():
        proposal.value = value.strip()[:500]
    cite = {"document": proposal.document, "page_number": proposal.page_number, "quote": proposal.quote}
    if accept:
        record: Any
        if proposal.kind == ProposalKind.ITEM:
            kind = NUMBER_KIND_OF.get(proposal.pattern.split("_")[0], NumberKind.OTHER)
            if proposal.pattern == "item_number":
                kind = NumberKind.PROPERTY
            elif proposal.pattern == "exhibit_number":
                kind = NumberKind.EXHIBIT
            elif proposal.pattern == "lab_item":
                kind = NumberKind.LAB
            same = ItemNumber.objects.filter(case=case, kind=kind, number__iexact=proposal.number).select_related("item").first()
            if same is not None:  # the item is known: this page mentions it
                record = evidence_record_save(actor=actor, case=case, kind="mention", values={"item": same.item, **cite},
                                              recompute=False)
            else:
                record = evidence_record_save(actor=actor, case=case, kind="item", recompute=False, values={
                    "description": proposal.value[:500], "category": "other", "status": "unknown", **cite,
                    "notes": f"Confirmed from a proposal ({proposal.proposed_by})."})
                if proposal.number:
                    evidence_record_save(actor=actor, case=case, kind="number", recompute=False,
                                         values={"item": record, "kind": kind, "number": proposal.number})
        else:
            values: dict[str, Any] = {"method": proposal.method or "other", **cite}
            if proposal.kind == ProposalKind.CONCLUSION:
                values["conclusion"] = proposal.quote
            else:
                values["result"] = proposal.value
            record = evidence_record_save(actor=actor, case=case, kind="test", values=values, recompute=False)
        proposal.record_model = record._meta.label
        proposal.record_pk = record.pk
    proposal.status = ProposalStatus.CONFIRMED if accept else ProposalStatus.REJECTED
    proposal.reviewed_by = actor
    proposal.reviewed_at = timezone.now()
    proposal.save()
    audit.record(AuditAction.UPDATE, actor=actor, obj=proposal, case=case,
                 changes={"status": proposal.status, "value": proposal.value}, object_repr=str(proposal))
    if accept:
        findings_recompute(case=case, lens=LENS, actor=actor)
    return proposal


__all__ = ["EvidenceItem", "Proposal", "proposal_review", "proposals_run", "propose_page"]



def warm_up() -> None:
    """Load the patterns and vocabularies every page needs (the page-text consumer's
    ``warm_up``): no database."""
    from innocence.core.extensions import WARM_UP_PAGE

    propose_page(WARM_UP_PAGE)
