"""Interrogation and confession rules: Kassin et al. (2010) risk factors and Garrett (2010)
contamination. Thresholds and citations come from innocence/knowledge/confessions.yaml."""

from __future__ import annotations

from collections.abc import Iterator

from innocence.cases.models import Case
from innocence.findings.knowledge import RuleEntry
from innocence.findings.registry import FindingDraft, cite_field, rule

from ..models import Interrogation
from .facts import ABSENT, NOT_RECORDED, PRESENT, flag, quoted, when

LENS = "witness"


def _interrogations(case: Case) -> list[Interrogation]:
    return list(Interrogation.objects.filter(case=case).select_related("suspect", "document"))


def _label(i: Interrogation) -> str:
    return f"Interrogation of {i.suspect} on {when(i.date)}"


def _draft(i: Interrogation, status: str, sentence: str, *fields: str) -> FindingDraft:
    return FindingDraft(
        subject_key=f"interrogation:{i.pk}", status=status, text=f"{_label(i)}: {sentence}.",
        citations=[cite_field(i, f, label=_label(i)) for f in fields], subject_person_id=i.suspect_id,
    )


@rule("confession.youth", lens=LENS)
def youth(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    adult = int(entry.threshold("adult_age"))
    for i in _interrogations(case):
        if i.suspect_age is None:
            yield _draft(i, NOT_RECORDED, "the suspect's age is not recorded", "suspect_age")
        elif i.suspect_age < adult:
            yield _draft(i, PRESENT, f"the suspect was {i.suspect_age}, under {adult}", "suspect_age")
        else:
            yield _draft(i, ABSENT, f"the suspect was {i.suspect_age}", "suspect_age")


@rule("confession.vulnerability", lens=LENS)
def vulnerability(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    for i in _interrogations(case):
        found = [name for name, value in (("intellectual disability", i.intellectual_disability),
                                          ("mental illness", i.mental_illness)) if value]
        indicators = f" Recorded: {quoted(i.vulnerability_text)}." if i.vulnerability_text else ""
        if found:
            status, sentence = PRESENT, "indicators of " + " and ".join(found) + " are recorded"
        elif i.intellectual_disability is False and i.mental_illness is False:
            status, sentence = ABSENT, "no intellectual disability or mental illness is recorded after inquiry"
        else:
            status, sentence = NOT_RECORDED, "whether the suspect had an intellectual disability or mental illness " \
                "is not recorded"
        draft = _draft(i, status, sentence, "intellectual_disability", "mental_illness")
        draft.text += indicators
        yield draft


@rule("confession.long_interrogation", lens=LENS)
def long_interrogation(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    hours = float(entry.threshold("hours"))
    for i in _interrogations(case):
        if i.duration_hours is None:
            yield _draft(i, NOT_RECORDED, "its length is not recorded", "duration_hours")
        elif float(i.duration_hours) > hours:
            yield _draft(i, PRESENT, f"it lasted {i.duration_hours} hours, more than {hours:g}", "duration_hours")
        else:
            yield _draft(i, ABSENT, f"it lasted {i.duration_hours} hours", "duration_hours")


def _tactic(case: Case, field: str, present: str, absent: str, missing: str) -> Iterator[FindingDraft]:
    for i in _interrogations(case):
        status = flag(getattr(i, field), present_when=True)
        draft = _draft(i, status, {PRESENT: present, ABSENT: absent, NOT_RECORDED: missing}[status], field)
        if status == PRESENT and i.tactics_text:
            draft.text += f" Recorded: {quoted(i.tactics_text)}."
        yield draft


@rule("confession.false_evidence_ploy", lens=LENS)
def false_evidence_ploy(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    yield from _tactic(case, "false_evidence_ploy", "false evidence was presented to the suspect",
                       "no false evidence was presented", "whether false evidence was presented is not recorded")


@rule("confession.minimization_leniency", lens=LENS)
def minimization_leniency(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    yield from _tactic(case, "minimization_leniency", "minimization or leniency was offered",
                       "no minimization or leniency was offered",
                       "whether minimization or leniency was offered is not recorded")


@rule("confession.not_recorded", lens=LENS)
def not_recorded(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    for i in _interrogations(case):
        status = flag(i.recorded_in_full, present_when=False)
        sentence = {
            PRESENT: "it was not recorded in full",
            ABSENT: "it was recorded in full",
            NOT_RECORDED: "whether it was recorded in full is not recorded",
        }[status]
        yield _draft(i, status, sentence, "recorded_in_full")


@rule("confession.contamination", lens=LENS)
def contamination(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    for i in _interrogations(case):
        facts = f" Facts: {quoted(i.non_public_facts)}." if i.non_public_facts else ""
        fields = ("contains_non_public_facts", "non_public_source_documented")
        if i.contains_non_public_facts is None:
            draft = _draft(i, NOT_RECORDED, "whether the statement contains non-public facts is not recorded", *fields)
        elif i.contains_non_public_facts is False:
            draft = _draft(i, ABSENT, "the statement is recorded as containing no non-public facts", *fields)
        elif i.non_public_source_documented is False:
            draft = _draft(i, PRESENT, "the statement contains non-public facts and no documented source for them",
                           *fields)
        elif i.non_public_source_documented:
            draft = _draft(i, ABSENT, "the statement contains non-public facts whose source is documented", *fields)
        else:
            draft = _draft(i, NOT_RECORDED, "the statement contains non-public facts; whether their source is "
                           "documented is not recorded", *fields)
        draft.text += facts
        yield draft
