"""Eyewitness identification rules: Wells et al. (2020) procedure recommendations,
repeated identifications, show-ups, confidence inflation and estimator conditions.
Thresholds, wording and citations come from innocence/knowledge/eyewitness.yaml."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from innocence.cases.models import Case
from innocence.findings.knowledge import RuleEntry, knowledge_base
from innocence.findings.registry import CitationDraft, FindingDraft, cite_field, rule

from ..models import (
    ClaimStatus,
    ClaimTopic,
    IdentificationProcedure,
    ProcedureKind,
    StatementClaim,
    ViewingConditions,
)
from .facts import ABSENT, NOT_RECORDED, PRESENT, flag, matches, quoted, shown, when

LENS = "witness"


def _procedures(case: Case, entry: RuleEntry | None = None) -> list[IdentificationProcedure]:
    procedures = IdentificationProcedure.objects.filter(case=case).select_related(
        "witness", "suspect", "administrator", "document"
    )
    kinds = entry.data.get("applies_to") if entry else None
    return [p for p in procedures if not kinds or p.kind in kinds]


def _label(p: IdentificationProcedure) -> str:
    return f"{p.get_kind_display()} with {p.witness} on {when(p.date)}"


def _article(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _order(p: IdentificationProcedure) -> tuple[Any, ...]:
    return (p.date is None, p.date or dt.date.max, p.sequence or 0, p.id)


def _boolean_rule(
    case: Case, entry: RuleEntry, field: str, *, present_when: bool, present: str, absent: str, missing: str,
    detail: str = "",
) -> Iterator[FindingDraft]:
    for p in _procedures(case, entry):
        status = flag(getattr(p, field), present_when=present_when)
        sentence = {PRESENT: present, ABSENT: absent, NOT_RECORDED: missing}[status]
        extra = quoted(getattr(p, detail)) if detail else ""
        text = f"{_label(p)}: {sentence}." + (f" Recorded: {extra}." if extra else "")
        yield FindingDraft(
            subject_key=f"procedure:{p.pk}", status=status, text=text, subject_person_id=p.witness_id,
            citations=[cite_field(p, field, label=_label(p), quote=getattr(p, detail) if detail else "")],
        )


@rule("eyewitness.blind_administration", lens=LENS)
def blind_administration(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    for p in _procedures(case, entry):
        if p.administration == "":
            status, sentence = NOT_RECORDED, "whether the administrator knew who the suspect was is not recorded"
        elif p.administration == "non_blind":
            who = f" ({p.administrator})" if p.administrator else ""
            status, sentence = PRESENT, f"administered by someone who knew the suspect{who}"
        else:
            status, sentence = ABSENT, f"administration recorded as {p.get_administration_display().lower()}"
        yield FindingDraft(
            subject_key=f"procedure:{p.pk}", status=status, text=f"{_label(p)}: {sentence}.",
            subject_person_id=p.witness_id, citations=[cite_field(p, "administration", label=_label(p))],
        )


@rule("eyewitness.unbiased_instructions", lens=LENS)
def unbiased_instructions(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    yield from _boolean_rule(
        case, entry, "instructions_unbiased", present_when=False,
        present="the witness was not told the culprit may or may not be present",
        absent="the witness was told the culprit may or may not be present",
        missing="the instructions given to the witness are not recorded",
        detail="instructions_text",
    )


@rule("eyewitness.lineup_composition", lens=LENS)
def lineup_composition(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    minimum = int(entry.threshold("minimum_fillers"))
    maximum = int(entry.threshold("maximum_suspects"))
    for p in _procedures(case, entry):
        problems, missing = [], []
        if p.fillers_count is None:
            missing.append("number of fillers")
        elif p.fillers_count < minimum:
            problems.append(f"{p.fillers_count} filler(s), fewer than {minimum}")
        if p.suspects_count is None:
            missing.append("number of suspects")
        elif p.suspects_count > maximum:
            problems.append(f"{p.suspects_count} suspects in one lineup")
        if p.suspect_stood_out is None:
            missing.append("whether the suspect stood out")
        elif p.suspect_stood_out:
            problems.append("the suspect stood out from the fillers")
        if problems:
            status, sentence = PRESENT, "; ".join(problems)
        elif missing:
            status, sentence = NOT_RECORDED, "not recorded: " + ", ".join(missing)
        else:
            status, sentence = ABSENT, f"one suspect among {p.fillers_count} fillers; the suspect did not stand out"
        selection = f" Fillers chosen: {quoted(p.filler_selection)}." if p.filler_selection else ""
        yield FindingDraft(
            subject_key=f"procedure:{p.pk}", status=status, text=f"{_label(p)}: {sentence}.{selection}",
            subject_person_id=p.witness_id,
            citations=[
                cite_field(p, "fillers_count", label=_label(p)),
                cite_field(p, "suspects_count", label=_label(p)),
                cite_field(p, "suspect_stood_out", label=_label(p)),
            ],
        )


@rule("eyewitness.confidence_statement", lens=LENS)
def confidence_statement(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    for p in _procedures(case, entry):
        words = quoted(p.confidence_statement)
        if p.confidence_immediate is False:
            status = PRESENT
            sentence = "the confidence statement was not taken immediately" + (
                f" ({p.confidence_when})" if p.confidence_when else ""
            )
        elif p.confidence_immediate and p.confidence_statement.strip():
            status, sentence = ABSENT, "a confidence statement was taken immediately"
        elif p.confidence_immediate is None and not p.confidence_statement.strip():
            status, sentence = NOT_RECORDED, "no confidence statement is recorded"
        else:
            status, sentence = NOT_RECORDED, "when the confidence statement was taken is not recorded"
        text = f"{_label(p)}: {sentence}." + (f" The witness's words: {words}." if words else "")
        yield FindingDraft(
            subject_key=f"procedure:{p.pk}", status=status, text=text, subject_person_id=p.witness_id,
            citations=[
                cite_field(p, "confidence_statement", label=_label(p)),
                cite_field(p, "confidence_immediate", label=_label(p)),
            ],
        )


@rule("eyewitness.video_recording", lens=LENS)
def video_recording(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    yield from _boolean_rule(
        case, entry, "video_recorded", present_when=False,
        present="the procedure was not video-recorded",
        absent="the procedure was video-recorded",
        missing="whether the procedure was recorded is not recorded",
    )


@rule("eyewitness.pre_lineup_interview", lens=LENS)
def pre_lineup_interview(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    yield from _boolean_rule(
        case, entry, "pre_lineup_interview", present_when=False,
        present="no pre-lineup interview was held",
        absent="a pre-lineup interview was held",
        missing="whether a pre-lineup interview was held is not recorded",
    )


@rule("eyewitness.feedback", lens=LENS)
def feedback(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    yield from _boolean_rule(
        case, entry, "feedback_given", present_when=True,
        present="the witness was given feedback after the identification",
        absent="no feedback was given to the witness",
        missing="whether the witness was given feedback is not recorded",
        detail="feedback_text",
    )


@rule("eyewitness.show_up", lens=LENS)
def show_up(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    by_witness: dict[int, list[IdentificationProcedure]] = {}
    for p in _procedures(case):
        by_witness.setdefault(p.witness_id, []).append(p)
    for witness_id, procedures in by_witness.items():
        show_ups = [p for p in procedures if p.kind == ProcedureKind.SHOW_UP]
        witness = procedures[0].witness
        if show_ups:
            parts = []
            for p in show_ups:
                delay = f", {p.delay_hours} hours after the event" if p.delay_hours is not None else ""
                suspect = f" of {p.suspect}" if p.suspect else ""
                parts.append(f"a show-up{suspect} on {when(p.date)}{delay}")
            status, text = PRESENT, f"{witness} was shown " + "; ".join(parts) + "."
            citations = [cite_field(p, "kind", label=_label(p)) for p in show_ups]
        else:
            kinds = ", ".join(sorted({p.get_kind_display().lower() for p in procedures}))
            status, text = ABSENT, f"No show-up is recorded for {witness}; procedures recorded: {kinds}."
            citations = [cite_field(p, "kind", label=_label(p)) for p in procedures]
        yield FindingDraft(
            subject_key=f"witness:{witness_id}", status=status, text=text, subject_person_id=witness_id,
            citations=citations,
        )


def _groups(case: Case) -> dict[tuple[int, int | None], list[IdentificationProcedure]]:
    groups: dict[tuple[int, int | None], list[IdentificationProcedure]] = {}
    for p in sorted(_procedures(case), key=_order):
        groups.setdefault((p.witness_id, p.suspect_id), []).append(p)
    return groups


@rule("eyewitness.repeated_identification", lens=LENS)
def repeated_identification(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    for (witness_id, suspect_id), procedures in _groups(case).items():
        first = procedures[0]
        key = f"witness:{witness_id}:suspect:{suspect_id or 'unknown'}"
        citations = [cite_field(p, "kind", label=_label(p)) for p in procedures]
        if suspect_id is None:
            text = f"{first.witness}: the suspect shown is not recorded for {len(procedures)} procedure(s)."
            yield FindingDraft(key, NOT_RECORDED, text, citations, witness_id)
            continue
        if len(procedures) > 1:
            sequence = ", then ".join(f"{_article(p.get_kind_display().lower())} on {when(p.date)}" for p in procedures)
            text = (
                f"{first.witness} was shown {first.suspect} more than once: {sequence}. "
                f"Research counts only the first fair procedure as a test of the witness's memory."
            )
            yield FindingDraft(key, PRESENT, text, citations, witness_id)
            continue
        status = flag(first.prior_exposure, present_when=True)
        if status == PRESENT:
            text = f"Before the {_label(first).lower()}, {first.witness} had already seen {first.suspect}"
            text += f": {quoted(first.prior_exposure_text)}." if first.prior_exposure_text else "."
        elif status == ABSENT:
            text = f"{_label(first)} is the only procedure with {first.suspect}; no earlier exposure is recorded."
        else:
            text = (
                f"{_label(first)} is the only procedure recorded with {first.suspect}; whether the witness had "
                f"seen the suspect before (mugshots, media, a show-up) is not recorded."
            )
        yield FindingDraft(key, status, text, [*citations, cite_field(first, "prior_exposure", label=_label(first))],
                           witness_id)


def _lexicon() -> dict[str, Any]:
    return knowledge_base().data("eyewitness").get("confidence_lexicon", {})


def _scale() -> list[str]:
    return [str(level) for level in _lexicon().get("scale") or ("low", "medium", "high")]


def _whole(phrase: str) -> re.Pattern[str]:
    return re.compile(r"(?<!\w)" + re.escape(phrase.lower()) + r"(?!\w)")


_PERCENT = re.compile(r"(?<![\w.])(\d{1,3})\s*(?:%|per ?cent\b)")


def confidence_level(words: str) -> str | None:
    """Coarse level of a confidence statement on the lexicon's ordered scale (never a probability).

    Hedges are read after the certainty phrases, so "almost sure" is a step below "sure" and
    "almost sure" at a photo array followed by "absolutely positive" at a lineup is growth."""
    text = " " + re.sub(r"\s+", " ", (words or "").lower().replace("’", "'")) + " "
    if not text.strip():
        return None
    lexicon, scale = _lexicon(), _scale()
    phrases = sorted(
        ((str(phrase), step) for step, level in enumerate(scale) for phrase in lexicon.get(level) or ()),
        key=lambda item: -len(item[0]),
    )
    steps: list[int] = []
    for phrase, step in phrases:
        pattern = _whole(phrase)
        if pattern.search(text):
            steps.append(step)
            text = pattern.sub(" | ", text)  # a bar, so words either side do not join into a new phrase
    bounds = lexicon.get("percent") or {}
    for number in _PERCENT.findall(text):
        value = int(number)
        reached = [scale.index(level) for level, bound in bounds.items() if level in scale and value >= bound]
        steps.append(max(reached) if reached else 0)
    hedges = 0
    for hedge in sorted((str(h) for h in lexicon.get("hedges") or ()), key=len, reverse=True):
        pattern = _whole(hedge)
        found = len(pattern.findall(text))
        if found:
            hedges += found
            text = pattern.sub(" | ", text)
    if not steps:
        return scale[0] if hedges else None
    return scale[max(0, min(steps) - hedges)]


def _step(level: str) -> int:
    return _scale().index(level)


@rule("eyewitness.confidence_inflation", lens=LENS)
def confidence_inflation(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    for (witness_id, suspect_id), procedures in _groups(case).items():
        if suspect_id is None:
            continue
        # The baseline is the earliest *documented* confidence (Wixted & Wells 2017: weigh the
        # initial documented confidence); earlier procedures without one are named in the text.
        documented = [p for p in procedures if p.confidence_statement.strip()]
        first = documented[0] if documented else procedures[0]
        undocumented_before = procedures[: procedures.index(first)]
        key = f"witness:{witness_id}:suspect:{suspect_id}"
        later: list[tuple[str, str, CitationDraft]] = [
            (f"at the {p.get_kind_display().lower()} on {when(p.date)}", p.confidence_statement,
             cite_field(p, "confidence_statement", label=_label(p), quote=p.confidence_statement))
            for p in documented[1:]
        ]
        claims = StatementClaim.objects.filter(
            statement__case=case, statement__witness_id=witness_id, topic=ClaimTopic.CERTAINTY,
            status=ClaimStatus.CONFIRMED,
        ).select_related("statement", "document")
        for claim in claims:
            st = claim.statement
            if first.date and st.date and st.date <= first.date:
                continue
            if (first.date is None or st.date is None) and st.kind not in ("trial", "hearing", "deposition"):
                continue
            citation = CitationDraft(
                document_id=claim.document_id, document_title=getattr(claim.document, "title", "") or "",
                page_number=claim.page_number if claim.document_id else None, quote=claim.quote or claim.value,
                source_model=claim._meta.label, source_pk=str(claim.pk), source_field="value",
                source_value=claim.value, label=str(st),
            )
            later.append((f"in {st.get_kind_display().lower()} on {when(st.date)}", claim.quote or claim.value,
                          citation))
        first_cite = cite_field(first, "confidence_statement", label=_label(first), quote=first.confidence_statement)
        first_level = confidence_level(first.confidence_statement)
        if first_level is None:
            text = (f"{_label(first)}: the witness's initial confidence is not recorded in words that can be "
                    f"compared" + (f" ({quoted(first.confidence_statement)})" if first.confidence_statement else "")
                    + ".")
            yield FindingDraft(key, NOT_RECORDED, text, [first_cite], witness_id)
            continue
        graded = [(where, words, cite, confidence_level(words)) for where, words, cite in later]
        graded = [g for g in graded if g[3] is not None]
        if not graded:
            text = (f"{_label(first)}: initial confidence {quoted(first.confidence_statement)}; no later statement "
                    f"of the witness's certainty is recorded to compare.")
            yield FindingDraft(key, NOT_RECORDED, text, [first_cite], witness_id)
            continue
        grown = [g for g in graded if _step(str(g[3])) > _step(first_level)]
        if grown:
            rises = "; ".join(f"{where}: {quoted(words)}" for where, words, _c, _l in grown)
            text = (f"{first.witness}'s confidence grew. At the {first.get_kind_display().lower()} on "
                    f"{when(first.date)}: {quoted(first.confidence_statement)}. Later — {rises}.")
            if undocumented_before:
                text += " No confidence statement is recorded for the earlier " + ", ".join(
                    f"{p.get_kind_display().lower()} on {when(p.date)}" for p in undocumented_before) + "."
            yield FindingDraft(key, PRESENT, text, [first_cite, *[g[2] for g in grown]], witness_id)
        else:
            text = (f"{first.witness}'s later statements of certainty are no stronger than at the "
                    f"{first.get_kind_display().lower()} ({quoted(first.confidence_statement)}).")
            yield FindingDraft(key, ABSENT, text, [first_cite, *[g[2] for g in graded]], witness_id)


@rule("eyewitness.estimator_conditions", lens=LENS)
def estimator_conditions(case: Case, entry: RuleEntry) -> Iterator[FindingDraft]:
    conditions = entry.data.get("conditions") or []
    records = {v.witness_id: v for v in ViewingConditions.objects.filter(case=case).select_related("witness", "document")}
    witnesses = {p.witness_id: p.witness for p in _procedures(case)}
    for witness_id, witness in witnesses.items():
        if witness_id not in records:
            yield FindingDraft(
                f"witness:{witness_id}:conditions", NOT_RECORDED,
                f"The conditions under which {witness} saw the event (lighting, distance, duration, stress, a "
                f"weapon, cross-race) are not recorded.", [], witness_id,
            )
    for witness_id, record in records.items():
        for condition in conditions:
            value = getattr(record, condition["field"])
            label = str(condition["label"])
            citation = cite_field(record, condition["field"], label=str(record))
            if value is None or value == "":
                status, sentence = NOT_RECORDED, "not recorded"
            elif matches(value, str(condition["test"]), condition["value"]):
                status, sentence = PRESENT, f"recorded as {shown(record, condition['field'])}"
            else:
                status, sentence = ABSENT, f"recorded as {shown(record, condition['field'])}"
            yield FindingDraft(
                subject_key=f"witness:{witness_id}:{condition['key']}", status=status,
                text=f"{record.witness} — {label.lower()}: {sentence}.", citations=[citation],
                subject_person_id=witness_id, title=f"Estimator condition: {label}",
                research=" ".join(str(condition.get("statement", "")).split()),
                extra_authorities=tuple(condition.get("authorities") or ()),
            )
