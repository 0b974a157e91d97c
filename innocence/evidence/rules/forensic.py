"""Rules about forensic tests: a discipline not valid for the use made of it, overstated
language, an analyst or lab within an official review, an analyst recurring across the
organization's cases, a drug conviction resting on a field test alone. Method status, the
language and the reviews come from innocence/knowledge/forensics.yaml."""

from __future__ import annotations

from collections.abc import Iterator

from innocence.cases.models import Case
from innocence.findings.knowledge import RuleEntry
from innocence.findings.registry import CitationDraft, FindingDraft, cite_field, rule
from innocence.people.models import CaseRole, RoleKind

from .. import knowledge
from ..models import ForensicTest, LabReviewNotice
from .facts import ABSENT, NOT_RECORDED, PRESENT, items_label, quoted, test_citations, when

LENS = "evidence"


def _tests(case: Case) -> list[ForensicTest]:
    return list(
        ForensicTest.objects.filter(case=case)
        .select_related("analyst", "document", "testimony_document")
        .prefetch_related("items")
        .order_by("date", "id")
    )


def _words(test: ForensicTest) -> list[tuple[str, str]]:
    """The analyst's recorded words: (where, text)."""
    found = []
    if test.conclusion.strip():
        found.append(("report", test.conclusion))
    if test.result.strip():
        found.append(("result", test.result))
    if test.testimony_quote.strip():
        found.append(("trial testimony", test.testimony_quote))
    return found


def _hits(test: ForensicTest) -> list[tuple[knowledge.Overstatement, str, str]]:
    hits = []
    for phrase in knowledge.overstatements():
        if not phrase.applies(test.method):
            continue
        for where, text in _words(test):
            match = phrase.pattern.search(text)
            if match:
                hits.append((phrase, where, match.group(0)))
    return hits


@rule("forensic.invalid_discipline", lens=LENS)
def invalid_discipline(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    for test in _tests(case):
        method = knowledge.method(test.method)
        key = f"test:{test.pk}"
        cites = test_citations(test, "method", "conclusion")
        if method is None:
            yield FindingDraft(key, NOT_RECORDED, f"{test}: the method is not in the knowledge base.", cites)
            continue
        extra = method.authorities
        research = method.statement
        subject = test.analyst_id
        if method.status not in knowledge.NOT_VALID:
            text = f"{method.label} ({items_label(test)}): {method.status_label}."
            yield FindingDraft(key, ABSENT, text, cites, subject, extra_authorities=extra, research=research)
        elif method.invalid_use == "any":
            text = (f"{method.label} was used ({items_label(test)}, {when(test.date)}): the knowledge base marks it "
                    f"{method.status_label} for this use.")
            yield FindingDraft(key, PRESENT, text, cites, subject, extra_authorities=extra, research=research)
        else:
            individualizing = [h for h in _hits(test) if h[0].id == "individual_match"]
            if individualizing:
                said = "; ".join(f"{where}: {quoted(words)}" for _, where, words in individualizing)
                text = (f"{method.label} was used to individualize ({items_label(test)}) — {said}. The knowledge "
                        f"base marks the method {method.status_label} for linking evidence to one person.")
                yield FindingDraft(key, PRESENT, text, cites, subject, extra_authorities=extra, research=research)
            elif not _words(test):
                text = (f"{method.label} ({items_label(test)}): what the analyst concluded is not recorded, so the "
                        f"use made of it cannot be told.")
                yield FindingDraft(key, NOT_RECORDED, text, cites, subject, extra_authorities=extra, research=research)
            else:
                text = (f"{method.label} ({items_label(test)}): the recorded conclusion does not claim an individual "
                        f"source.")
                yield FindingDraft(key, ABSENT, text, cites, subject, extra_authorities=extra, research=research)


@rule("forensic.overstatement", lens=LENS)
def overstatement(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    for test in _tests(case):
        key = f"test:{test.pk}"
        cites = test_citations(test, "conclusion")
        if not _words(test):
            text = f"{test}: neither the report's conclusion nor the trial testimony is recorded."
            yield FindingDraft(key, NOT_RECORDED, text, cites, test.analyst_id)
            continue
        hits = _hits(test)
        if hits:
            said = "; ".join(f"{phrase.label} — {where}: {quoted(words)}" for phrase, where, words in hits)
            authorities = tuple(dict.fromkeys(a for phrase, _, _ in hits for a in phrase.authorities))
            yield FindingDraft(key, PRESENT, f"{test}: {said}.", cites, test.analyst_id, extra_authorities=authorities)
        else:
            recorded = ", ".join(where for where, _ in _words(test))
            text = f"{test}: none of the language the reviews name is in the recorded words ({recorded})."
            yield FindingDraft(key, ABSENT, text, cites, test.analyst_id)


def _names(person: object) -> set[str]:
    names = {" ".join(str(getattr(person, "full_name", "")).lower().split())}
    names |= {" ".join(str(a).lower().split()) for a in getattr(person, "aliases", []) or []}
    return {n for n in names if n}


def _within(review: knowledge.Review, test: ForensicTest, discipline: str) -> tuple[bool, str]:
    lab = test.lab.lower()
    by_lab = bool(lab) and any(name in lab for name in review.labs)
    by_analyst = test.analyst is not None and bool(_names(test.analyst) & set(review.analysts))
    if not (by_lab or by_analyst):
        return False, ""
    if review.disciplines and discipline not in review.disciplines:
        return False, ""
    why = "the analyst" if by_analyst else "the lab"
    if review.years:
        if test.date is None:
            return True, f"{why} is within its scope; the test date is not recorded, so its years ({review.years[0]}–{review.years[1]}) cannot be checked"
        if not review.years[0] <= test.date.year <= review.years[1]:
            return False, ""
        return True, f"{why} and the year ({test.date.year}) are within its scope ({review.years[0]}–{review.years[1]})"
    return True, f"{why} is within its scope"


@rule("forensic.analyst_review", lens=LENS)
def analyst_review(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    notices = list(LabReviewNotice.objects.filter(organization=case.organization).prefetch_related("analysts"))
    for test in _tests(case):
        key = f"test:{test.pk}"
        method = knowledge.method(test.method)
        discipline = method.discipline if method else ""
        cites = [cite_field(test, "lab", label=str(test)), cite_field(test, "analyst", label=str(test))]
        found: list[str] = []
        authorities: list[str] = []
        for review in knowledge.reviews():
            inside, why = _within(review, test, discipline)
            if inside:
                found.append(f"{review.title}: {why}")
                authorities += review.authorities
        for notice in notices:
            by_analyst = test.analyst_id is not None and any(p.pk == test.analyst_id for p in notice.analysts.all())
            by_lab = bool(notice.lab) and notice.lab.lower() in test.lab.lower()
            fits_method = not notice.discipline or notice.discipline == test.method or notice.discipline == discipline
            fits_years = (test.date is None or notice.year_from is None or notice.year_from <= test.date.year) and (
                test.date is None or notice.year_to is None or test.date.year <= notice.year_to)
            if (by_analyst or by_lab) and fits_method and fits_years:
                source = f" (source: {notice.source})" if notice.source else ""
                fictional = " [fictional, demo only]" if notice.is_fictional else ""
                found.append(f"{notice.title}{fictional}: {'the analyst' if by_analyst else 'the lab'} is named{source}")
                cites.append(CitationDraft(source_model=notice._meta.label, source_pk=str(notice.pk), source_field="source",
                                           source_value=notice.source, label=notice.title))
        if found:
            text = f"{test} — {test.analyst or 'analyst not recorded'}, {test.lab or 'lab not recorded'}: " + "; ".join(found) + "."
            yield FindingDraft(key, PRESENT, text, cites, test.analyst_id,
                               extra_authorities=tuple(dict.fromkeys(authorities)))
        elif test.analyst_id is None and not test.lab:
            yield FindingDraft(key, NOT_RECORDED, f"{test}: neither the analyst nor the lab is recorded.", cites)
        else:
            text = f"{test}: no official review or lab scandal in the knowledge base or the organization's notices names {test.analyst or test.lab}."
            yield FindingDraft(key, ABSENT, text, cites, test.analyst_id)


@rule("forensic.recurring_analyst", lens=LENS)
def recurring_analyst(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    tests = _tests(case)
    analysts = {t.analyst.pk: t.analyst for t in tests if t.analyst is not None}
    if tests and not analysts:
        yield FindingDraft("case", NOT_RECORDED, "No forensic test of this case records its analyst.", [])
    for person_id, person in analysts.items():
        other_tests = (ForensicTest.objects.filter(analyst_id=person_id).exclude(case=case)
                       .select_related("case").order_by("case_id"))
        other_roles = (CaseRole.objects.filter(person_id=person_id, role=RoleKind.FORENSIC_ANALYST)
                       .exclude(case=case).select_related("case"))
        cites: list[CitationDraft] = []
        seen: set[int] = set()
        for t in other_tests:
            if t.case_id not in seen:
                seen.add(t.case_id)
                cites.append(CitationDraft(source_model=t._meta.label, source_pk=str(t.pk), source_field="analyst",
                                           source_value=f"analyst of {t} in {t.case.reference}",
                                           label=f"{person} · {t.case.reference}", other_case_id=t.case_id))
        for r in other_roles:
            if r.case_id not in seen:
                seen.add(r.case_id)
                cites.append(CitationDraft(source_model=r._meta.label, source_pk=str(r.pk), source_field="role",
                                           source_value=f"forensic analyst in {r.case.reference}",
                                           label=f"{person} · {r.case.reference}", other_case_id=r.case_id))
        key = f"analyst:{person_id}"
        if cites:
            text = f"{person} is recorded as a forensic analyst in {len(cites)} other case(s) of this organization."
            yield FindingDraft(key, PRESENT, text, cites, person_id)
        else:
            text = f"{person} is not recorded as an analyst in any other case of this organization."
            yield FindingDraft(key, ABSENT, text, [], person_id)


@rule("forensic.field_test_only", lens=LENS)
def field_test_only(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    charges = [str(c) for c in case.charges or []]
    charge_cite = CitationDraft(source_model="cases.Case", source_pk=str(case.pk), source_field="charges",
                                source_value="; ".join(charges) or "not recorded", label=f"{case.reference} charges")
    if not charges:
        yield FindingDraft("case", NOT_RECORDED, "The charges are not recorded, so whether this is a drug conviction cannot be told.", [charge_cite])
        return
    words = knowledge.drug_charge_words()
    if not any(w in c.lower() for c in charges for w in words):
        return  # not a drug case: the rule does not apply
    tests = _tests(case)
    field = [t for t in tests if t.method == "drug_field_test"]
    lab = [t for t in tests if t.method == "drug_lab"]
    if not field and not lab:
        yield FindingDraft("case", NOT_RECORDED, "A drug charge, but no drug test (field or laboratory) is recorded.", [charge_cite])
        return
    lab_items = {i.pk for t in lab for i in t.items.all()}
    for t in field:
        key = f"test:{t.pk}"
        cites = [charge_cite, cite_field(t, "method", label=str(t)), cite_field(t, "lab_confirmed", label=str(t))]
        if t.lab_confirmed is True or bool({i.pk for i in t.items.all()} & lab_items):
            yield FindingDraft(key, ABSENT, f"{t}: a laboratory confirmation is recorded.", cites)
        elif t.lab_confirmed is False:
            text = f"{t}: the drug charge rests on a field test; the record says it was not confirmed by a laboratory."
            yield FindingDraft(key, PRESENT, text, cites)
        else:
            text = f"{t}: whether the field test was confirmed by a laboratory is not recorded."
            yield FindingDraft(key, NOT_RECORDED, text, cites)
