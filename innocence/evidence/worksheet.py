"""The DNA-testing worksheet: each element of the case's state statute (and the federal one
where it applies) with what in the record supports it, cited to items, tests and pages, and
what is missing. "Not recorded" is not "not met". Statutes: innocence/knowledge/dna_statutes.yaml."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from innocence.cases.models import Case
from innocence.findings.models import Finding, FindingStatus, ReviewState

from . import knowledge
from .models import CustodyEvent, EvidenceItem, ItemStatus
from .selectors import testing_state

SUPPORTED, MISSING, NOT_RECORDED = "supported", "missing", "not_recorded"
LABELS = {SUPPORTED: "Supported by the record", MISSING: "Missing — the record points the other way",
          NOT_RECORDED: "Not recorded (not the same as not met)"}


@dataclass
class Support:
    text: str
    cite: str = ""  # "document · p. N · “passage”" or a structured field


@dataclass
class ElementView:
    element: knowledge.Element
    status: str
    explanation: str
    support: list[Support] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return LABELS[self.status]


@dataclass
class StatuteView:
    statute: knowledge.Statute
    elements: list[ElementView]


@dataclass
class Worksheet:
    case: Case
    statutes: list[StatuteView]
    note: str = ""


def _cite(record: object) -> str:
    document = getattr(record, "document", None)
    if document is None:
        return "structured record (no page cited)"
    page = getattr(record, "page_number", None)
    quote = " ".join((getattr(record, "quote", "") or "").split())
    return f"{document.title}" + (f" · p. {page}" if page else "") + (f" · “{quote[:160]}”" if quote else "")


def _biological(case: Case) -> list[EvidenceItem]:
    return [i for i in EvidenceItem.objects.filter(case=case).select_related("document").prefetch_related("tests", "numbers")
            if i.is_biological]


def _check(check: str, case: Case) -> tuple[str, str, list[Support]]:
    bio = _biological(case)
    if check == "record_silent":
        return NOT_RECORDED, "The record cannot show this; the motion must supply it.", []
    if check == "evidence_secured":
        secured = [i for i in bio if i.collected_date or i.collected_by_id or i.collected_by_text
                   or CustodyEvent.objects.filter(item=i, kind="collected").exists()]
        if secured:
            return SUPPORTED, f"{len(secured)} biological item(s) recorded as collected in the investigation.", [
                Support(f"{i} — collected {i.collected_date or 'date not recorded'}", _cite(i)) for i in secured]
        return NOT_RECORDED, "No biological item with its collection recorded.", []
    if check == "evidence_exists":
        exists = [i for i in bio if i.status == ItemStatus.EXISTS]
        unknown = [i for i in bio if i.status == ItemStatus.UNKNOWN]
        if exists:
            return SUPPORTED, "Biological evidence is recorded as existing.", [Support(f"{i} — exists, {i.current_location or 'location not recorded'}", _cite(i)) for i in exists]
        if unknown:
            return NOT_RECORDED, "Biological evidence of unknown status: locate it.", [Support(f"{i} — status unknown", _cite(i)) for i in unknown]
        if bio:
            return MISSING, "Every recorded biological item is destroyed, lost, consumed or released.", [
                Support(f"{i} — {i.get_status_display().lower()}", _cite(i)) for i in bio]
        return NOT_RECORDED, "No biological evidence is recorded.", []
    if check == "not_previously_tested":
        open_items = [i for i in bio if i.status in (ItemStatus.EXISTS, ItemStatus.UNKNOWN)]
        candidates = [i for i in open_items if testing_state(i) in ("untested", "old_methods")]
        if candidates:
            return SUPPORTED, "Never DNA tested, or tested only with methods that predate STR.", [
                Support(f"{i} — {'never tested' if testing_state(i) == 'untested' else 'pre-STR methods only'}", _cite(i)) for i in candidates]
        if open_items:
            return MISSING, "The available biological items are already STR tested (a newer method may still be argued).", [
                Support(str(i), _cite(i)) for i in open_items]
        return NOT_RECORDED, "No available biological item is recorded.", []
    if check == "chain_of_custody":
        items = [i for i in bio if i.status in (ItemStatus.EXISTS, ItemStatus.UNKNOWN)]
        problems = list(Finding.objects.filter(case=case, rule_id__in=["evidence.custody_gap", "evidence.custody_mismatch"],
                                               status=FindingStatus.PRESENT).exclude(review_state=ReviewState.DISMISSED))
        with_events = [i for i in items if CustodyEvent.objects.filter(item=i).exists()]
        if problems:
            return MISSING, "Custody findings need an answer before this element can be shown.", [Support(f.text) for f in problems]
        if with_events:
            return SUPPORTED, "Custody events are recorded with no gap or break found.", [
                Support(f"{i} — {CustodyEvent.objects.filter(item=i).count()} custody event(s)", _cite(i)) for i in with_events]
        return NOT_RECORDED, "No custody events are recorded for the available biological items.", []
    if check == "identity_at_issue":
        findings = [f for f in Finding.objects.filter(case=case, status=FindingStatus.PRESENT)
                    .exclude(review_state=ReviewState.DISMISSED) if "MWID" in (f.nre_factors or [])][:5]
        if findings:
            return SUPPORTED, "Identification findings (MWID) show identity was contested.", [Support(f.title + ": " + f.text[:200]) for f in findings]
        return NOT_RECORDED, "Whether identity was at issue is not recorded in structured form; cite the trial record.", []
    if check == "timely_federal":
        if case.conviction_date is None:
            return NOT_RECORDED, "The conviction date is not recorded.", []
        limit = case.conviction_date.replace(year=case.conviction_date.year + 3)
        if dt.date.today() <= limit:
            return SUPPORTED, f"Within 36 months of conviction ({case.conviction_date.isoformat()}).", []
        return MISSING, (f"More than 36 months since conviction ({case.conviction_date.isoformat()}): the presumption of "
                         f"timeliness does not apply; it is rebuttable and good cause may be shown."), []
    raise ValueError(f"Unknown worksheet check {check!r}.")


def _applies_federal(case: Case) -> bool:
    return case.state.upper() in ("US", "FED") or "united states" in (case.court or "").lower()


def worksheet_for_case(case: Case) -> Worksheet:
    statutes = knowledge.statutes()
    chosen = []
    if _applies_federal(case) and "federal" in statutes:
        chosen.append(statutes["federal"])
    state = (case.state or "").upper()
    if state in statutes:
        chosen.append(statutes[state])
    note = ""
    if not _applies_federal(case):
        note = "18 U.S.C. § 3600 applies to federal convictions only; this case is recorded as a state conviction."
    if state and state not in statutes:
        note += f" No statute for '{state}' is in the knowledge base yet (innocence/knowledge/dna_statutes.yaml)."
    views = []
    for statute in chosen:
        elements = []
        for element in statute.elements:
            status, explanation, support = _check(element.check, case)
            elements.append(ElementView(element, status, explanation, support))
        views.append(StatuteView(statute, elements))
    return Worksheet(case, views, note.strip())


def worksheet_docx(sheet: Worksheet) -> bytes:
    """A DOCX draft for motion preparation, with every citation and the verification marks."""
    import docx

    document = docx.Document()
    document.add_heading(f"DNA-testing worksheet — {sheet.case.reference} {sheet.case.title}", level=1)
    document.add_paragraph(
        "DRAFT for motion preparation. Generated from the case record; every element must be checked against the "
        "statute's current text. “Not recorded” means the record does not say, not that the element is unmet."
        + (" This case is fictional." if sheet.case.is_fictional else ""))
    if sheet.note:
        document.add_paragraph(sheet.note)
    for view in sheet.statutes:
        document.add_heading(f"{view.statute.name} ({view.statute.citation})", level=2)
        checked = (f"Last checked {view.statute.last_checked} against {view.statute.checked_against or 'the source'}."
                   if view.statute.last_checked else "UNVERIFIED: this entry has not been checked against the statute text.")
        document.add_paragraph(checked)
        for element in view.elements:
            document.add_paragraph(f"{element.element.text}", style="List Number")
            document.add_paragraph(f"{element.status_label}. {element.explanation}")
            for s in element.support:
                document.add_paragraph(f"{s.text}" + (f" — {s.cite}" if s.cite else ""), style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def worksheet_pdf(sheet: Worksheet, *, made: dt.datetime, made_by: str) -> bytes:
    """The same draft as the DOCX, printed through the memo's HTML → PDF path and page styles:
    a DRAFT marking on every page, every citation, the statutes' authorities in full."""
    from django.template.loader import render_to_string

    from innocence.core.pdf import html_to_pdf
    from innocence.findings.knowledge import knowledge_base

    kb = knowledge_base()
    keys = dict.fromkeys(key for view in sheet.statutes for key in view.statute.authorities)
    authorities = [a for a in (kb.authority(key) for key in keys) if a is not None]
    html = render_to_string("evidence/worksheet_print.html", {
        "sheet": sheet, "made": made, "made_by": made_by, "authorities": authorities})
    return html_to_pdf(html, made=made, seed=f"dna-worksheet:{sheet.case.reference}:{made.isoformat()}")
