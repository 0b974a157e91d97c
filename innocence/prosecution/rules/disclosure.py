"""Prosecution-lens rules: Brady suppression (with Strickler's three elements as a
checklist), Giglio benefits, Napue false testimony, Kyles cumulative materiality and
candidate undisclosed material from the disclosure matrix. Authorities and statements come
from innocence/knowledge/prosecution.yaml.

Honesty: a rule that lacks the fact it needs says "not recorded", never "absent". A page
missing from the defense file is a candidate, not proof of suppression: only a recorded
disclosure state makes a Brady finding present.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from innocence.cases.models import Case
from innocence.findings.knowledge import RuleEntry
from innocence.findings.models import FindingStatus
from innocence.findings.registry import CitationDraft, FindingDraft, cite_field, rule

from ..models import BradyItem, Disclosure, FavorableCategory, ItemStatus, Party, TestimonyConflict
from ..selectors import DisclosureMatrix, disclosure_matrix, production_for_page

LENS = "prosecution"
PRESENT = FindingStatus.PRESENT.value
ABSENT = FindingStatus.ABSENT.value
NOT_RECORDED = FindingStatus.NOT_RECORDED.value

SUPPORTED, MISSING, UNKNOWN = "supported", "missing", "not recorded"


def _q(text: str) -> str:
    text = " ".join((text or "").split())
    return f"“{text}”" if text else ""


def _page_cite(record: object, *, label: str, document_attr: str = "document", page_attr: str = "page_number",
               quote_attr: str = "quote") -> CitationDraft | None:
    document = getattr(record, document_attr, None)
    number = getattr(record, page_attr, None)
    if document is None or not number:
        return None
    return CitationDraft(
        document_id=document.pk, document_title=document.title, page_number=number,
        quote=str(getattr(record, quote_attr, "") or ""), label=label,
    )


@dataclass
class Elements:
    """Strickler v. Greene's three elements for one item, each supported, missing or not recorded."""

    favorable: tuple[str, str]
    suppressed: tuple[str, str]
    prejudice: tuple[str, str]

    def checklist(self) -> str:
        return " ".join(
            f"{name}: {state} — {why}" for name, (state, why) in
            (("Favorable", self.favorable), ("Suppressed", self.suppressed), ("Prejudice", self.prejudice))
        )


def _benefit_undisclosed(item: BradyItem) -> bool | None:
    benefit = item.informant_benefit
    if benefit is None or benefit.disclosed_to_defense is None:
        return None
    return not benefit.disclosed_to_defense


def elements(item: BradyItem, matrix: DisclosureMatrix | None) -> Elements:
    favorable = (SUPPORTED, f"{item.get_favorable_display().lower()}: {item.get_category_display().lower()}"
                 + (f" ({item.why})" if item.why and item.why != item.get_category_display() else "") + ".")
    held = item.held_by_state
    if held is None:
        suppressed = (UNKNOWN, "whose file the passage was in is not recorded.")
    elif held is False:
        suppressed = (MISSING, f"held by the {item.get_held_by_display().lower()}, not by the State.")
    elif item.disclosure == Disclosure.DISCLOSED:
        proof = f" in {item.disclosure_production}" if item.disclosure_production else ""
        suppressed = (MISSING, f"recorded as disclosed to the defense{proof}.")
    elif item.disclosure == Disclosure.NOT_DISCLOSED or _benefit_undisclosed(item):
        imputed = " Kyles imputes police knowledge to the prosecutor." if item.held_by == Party.POLICE else ""
        note = f" {item.disclosure_note.strip()}" if item.disclosure_note.strip() else ""
        suppressed = (SUPPORTED, f"held by the {item.get_held_by_display().lower()}; recorded as not disclosed."
                      f"{note}{imputed}")
    else:
        hint = _matrix_hint(item, matrix)
        suppressed = (UNKNOWN, f"held by the {item.get_held_by_display().lower()}; disclosure is not recorded.{hint}")
    if item.prejudice is None:
        prejudice = (UNKNOWN, "no assessment recorded (Bagley: a reasonable probability of a different result).")
    elif item.prejudice:
        prejudice = (SUPPORTED, item.prejudice_reason.strip() or "assessed as prejudicial (no reason written).")
    else:
        prejudice = (MISSING, item.prejudice_reason.strip() or "assessed as not prejudicial.")
    return Elements(favorable, suppressed, prejudice)


def _matrix_hint(item: BradyItem, matrix: DisclosureMatrix | None) -> str:
    if matrix is None or item.document is None or not item.page_number:
        return ""
    if production_for_page(item.case, item.document, item.page_number):
        return " A production to the defense holds this page: record the disclosure."
    if not matrix.defense_material:
        return " No defense file or production to the defense is recorded to compare with."
    for row in matrix.rows:
        mine = row.document.pk == item.document_id or item.document in row.copies
        if mine and item.page_number in row.undisclosed_pages:
            return " No copy of this page was found in the defense file or in any production to the defense."
    return ""


def _status(el: Elements) -> str:
    state = el.suppressed[0]
    if state == SUPPORTED:
        return PRESENT
    if state == MISSING:
        return ABSENT
    return NOT_RECORDED


def _is_giglio(item: BradyItem) -> bool:
    return item.category == FavorableCategory.WITNESS_BENEFIT or item.informant_benefit_id is not None


def _items(case: Case) -> list[BradyItem]:
    return list(
        BradyItem.objects.filter(case=case, status=ItemStatus.CONFIRMED)
        .select_related("case", "document", "disclosure_production", "witness", "informant_benefit",
                        "informant_benefit__informant__person")
        .order_by("pk")
    )


def _cites(item: BradyItem) -> list[CitationDraft]:
    cites = [c for c in [_page_cite(item, label=str(item))] if c]
    cites += [cite_field(item, "held_by", label=str(item)), cite_field(item, "disclosure", label=str(item))]
    if item.disclosure_production is not None:
        cites.append(cite_field(item.disclosure_production, "date", label=str(item.disclosure_production)))
    if item.informant_benefit is not None:
        cites.append(cite_field(item.informant_benefit, "disclosed_to_defense", label=str(item.informant_benefit)))
    return cites


def _draft(item: BradyItem, matrix: DisclosureMatrix | None, lead: str) -> FindingDraft:
    el = elements(item, matrix)
    where = f"{item.document.title}, p. {item.page_number}" if item.document else "no page cited"
    text = f"{lead} ({where}): {_q(item.quote)} Strickler's elements — {el.checklist()}"
    return FindingDraft(f"brady:{item.pk}", _status(el), text, _cites(item), item.witness_id)


@rule("prosecution.brady_suppression", lens=LENS)
def brady_suppression(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    items = [i for i in _items(case) if not _is_giglio(i)]
    matrix = disclosure_matrix(case) if items else None
    for item in items:
        yield _draft(item, matrix, f"Favorable passage ({item.get_favorable_display().lower()})")


@rule("prosecution.giglio_benefit", lens=LENS)
def giglio_benefit(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    items = [i for i in _items(case) if _is_giglio(i)]
    matrix = disclosure_matrix(case) if items else None
    for item in items:
        who = f" for {item.witness}" if item.witness else ""
        yield _draft(item, matrix, f"Benefit or deal{who}")


@rule("prosecution.kyles_cumulative", lens=LENS)
def kyles_cumulative(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    items = _items(case)
    if not items:
        yield FindingDraft("case", NOT_RECORDED, "No favorable items are confirmed on this case yet; that does not "
                           "mean the record holds none.", [])
        return
    matrix = disclosure_matrix(case)
    judged = [(item, _status(elements(item, matrix))) for item in items]
    suppressed = [i for i, s in judged if s == PRESENT]
    unknown = [i for i, s in judged if s == NOT_RECORDED]
    if suppressed:
        listed = "; ".join(
            f"{i.get_category_display().lower()} ({i.document.title if i.document else 'no page'}"
            f"{', p. ' + str(i.page_number) if i.page_number else ''})" for i in suppressed
        )
        more = f" Disclosure of {len(unknown)} other item(s) is not recorded." if unknown else ""
        text = f"{len(suppressed)} favorable item(s) recorded as not disclosed, to be weighed together: {listed}.{more}"
        cites = [c for i in suppressed for c in [_page_cite(i, label=str(i))] if c]
        yield FindingDraft("case", PRESENT, text, cites)
    elif unknown:
        text = f"Disclosure of {len(unknown)} favorable item(s) is not recorded; none is recorded as suppressed."
        yield FindingDraft("case", NOT_RECORDED, text, [c for i in unknown for c in [_page_cite(i, label=str(i))] if c])
    else:
        text = f"All {len(items)} favorable item(s) are recorded as disclosed or not held by the State."
        yield FindingDraft("case", ABSENT, text, [cite_field(i, "disclosure", label=str(i)) for i in items])


@rule("prosecution.napue_false_testimony", lens=LENS)
def napue_false_testimony(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    conflicts = TestimonyConflict.objects.filter(case=case).select_related(
        "witness", "testimony_document", "document", "informant_benefit", "informant_benefit__informant__person"
    )
    for conflict in conflicts:
        key = f"conflict:{conflict.pk}"
        cites = [c for c in [
            _page_cite(conflict, label=f"Testimony of {conflict.witness}", document_attr="testimony_document",
                       page_attr="testimony_page", quote_attr="testimony_quote"),
            _page_cite(conflict, label="Record the State held"),
        ] if c]
        if conflict.informant_benefit is not None:
            cites.append(cite_field(conflict.informant_benefit, "description", label=str(conflict.informant_benefit)))
        cites += [cite_field(conflict, "state_knew"), cite_field(conflict, "corrected")]
        testimony = _q(conflict.testimony_quote)
        contradicted = conflict.document is not None or conflict.informant_benefit is not None
        base = f"{conflict.witness} testified {testimony or '(testimony not quoted)'}; {conflict.summary.strip()}"
        if conflict.testimony_document is None or not conflict.testimony_page:
            yield FindingDraft(key, NOT_RECORDED, f"{base} The trial page is not cited.", cites, conflict.witness_id)
        elif not contradicted:
            yield FindingDraft(key, NOT_RECORDED, f"{base} No contradicting record is cited.", cites, conflict.witness_id)
        elif conflict.corrected:
            yield FindingDraft(key, ABSENT, f"{base} The State corrected the testimony on the record.", cites,
                               conflict.witness_id)
        elif conflict.state_knew is None:
            yield FindingDraft(key, NOT_RECORDED, f"{base} Whether the prosecution knew is not recorded.", cites,
                               conflict.witness_id)
        elif not conflict.state_knew:
            yield FindingDraft(key, ABSENT, f"{base} Recorded that the prosecution did not know.", cites,
                               conflict.witness_id)
        else:
            fix = (" It was not corrected." if conflict.corrected is False
                   else " Whether it was corrected is not recorded.")
            yield FindingDraft(key, PRESENT, f"{base} The State knew.{fix}", cites, conflict.witness_id)


def _first_line(text: str) -> str:
    for line in (text or "").splitlines():
        if line.strip():
            return line.strip()[:160]
    return ""


@rule("prosecution.candidate_undisclosed", lens=LENS)
def candidate_undisclosed(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    from innocence.documents.models import Page

    matrix = disclosure_matrix(case)
    held = [r for r in matrix.rows if r.state_held]
    if not held:
        return
    if not matrix.defense_material:
        yield FindingDraft("case", NOT_RECORDED, "No defense file and no production to the defense are recorded, so "
                           "what the defense received cannot be compared with the police and prosecutor files.", [])
        return
    if not matrix.candidates:
        text = (f"Every compared page of the {len(held)} document(s) in the police or prosecutor file has a copy in "
                f"what the defense received.")
        if any(r.uncompared_pages for r in held):
            text += " Some pages could not be compared (too little text)."
        yield FindingDraft("case", ABSENT, text, [])
        return
    for row in matrix.candidates:
        texts = dict(Page.objects.filter(document=row.document, number__in=row.undisclosed_pages)
                     .values_list("number", "text"))
        cites = [
            CitationDraft(document_id=row.document.pk, document_title=row.document.title, page_number=n,
                          quote=_first_line(texts.get(n, "")), label=row.document.title)
            for n in row.undisclosed_pages
        ]
        pages = ", ".join(str(n) for n in row.undisclosed_pages)
        text = (f"'{row.document.title}' ({row.document.get_provenance_display().lower()}): page(s) {pages} of "
                f"{row.pages} have no copy in the defense file or in any production to the defense.")
        yield FindingDraft(f"document:{row.document.pk}", PRESENT, text, cites)
