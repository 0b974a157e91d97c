"""Deadlines computed from rules as data (``innocence/knowledge/timeline/deadlines.yaml``).

A computation shows everything it rests on: the rule's text and citation (and whether it was
verified), each input date with where it is recorded, each tolling period with the proceeding
that makes it, and every step of the arithmetic. When an input is missing it says which, in
words ("cannot compute: the date the conviction became final is not recorded"), and never
guesses. Equitable tolling and the actual-innocence gateway are notes for a lawyer, never
computed. Every result carries :data:`CAVEAT`.

Counting (Fed. R. Civ. P. 6(a)(1), as encoded in the data file): the trigger day is excluded,
a period in years ends on the anniversary, tolled days are added, and a last day that is a
Saturday, Sunday or legal holiday (the ``holidays`` library: US federal plus the case's state)
rolls forward to the next day that is none of those.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import holidays as holiday_calendars

from innocence.knowledge.loader import load

from .models import TOLLING_KINDS, Proceeding, ProceedingStep, StepKind

RULES_FILE = "timeline/deadlines.yaml"
CAVEAT = (
    "Computed from the record and the rule as encoded here. Not legal advice: a lawyer must verify this "
    "date against the rule, the court's counting method and the record before relying on it."
)
AEDPA_ENACTED = dt.date(1996, 4, 24)


def rules() -> dict[str, Any]:
    return load(RULES_FILE)


@dataclass(frozen=True)
class Source:
    """Where an input is recorded: a page (document, page, quote) or a structured field."""

    label: str
    document_id: int | None = None
    document_title: str = ""
    page_number: int | None = None
    quote: str = ""
    field: str = ""


@dataclass
class Input:
    name: str  # "judgment_final", "factual_predicate"
    label: str
    date: dt.date
    citation: str  # the rule that makes this date an input
    verification: str
    sources: list[Source] = field(default_factory=list)
    derivation: str = ""


@dataclass
class Tolling:
    proceeding: str
    start: dt.date
    end: dt.date | None  # None: still pending
    sources: list[Source] = field(default_factory=list)
    days: int = 0
    counted: bool = True
    note: str = ""


@dataclass
class Computation:
    rule_id: str
    title: str
    citation: str
    verification: str
    text: str
    status: str  # computed | cannot_compute | paused | not_computed
    deadline: dt.date | None = None
    reason: str = ""
    inputs: list[Input] = field(default_factory=list)
    tolling: list[Tolling] = field(default_factory=list)
    arithmetic: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    rule_citations: list[dict[str, str]] = field(default_factory=list)
    last_checked: str = ""
    caveat: str = CAVEAT

    @property
    def unverified(self) -> bool:
        return self.verification != "V" or any(c.get("verification") != "V" for c in self.rule_citations)

    def as_dict(self) -> dict[str, Any]:
        def src(s: Source) -> dict[str, Any]:
            return {k: v for k, v in vars(s).items() if v not in (None, "")}

        return {
            "rule_id": self.rule_id, "title": self.title, "citation": self.citation,
            "verification": self.verification, "rule_text": self.text, "status": self.status,
            "deadline": self.deadline.isoformat() if self.deadline else None, "reason": self.reason,
            "inputs": [{"name": i.name, "label": i.label, "date": i.date.isoformat(), "rule": i.citation,
                        "verification": i.verification, "derivation": i.derivation,
                        "sources": [src(s) for s in i.sources]} for i in self.inputs],
            "tolling": [{"proceeding": t.proceeding, "start": t.start.isoformat(),
                         "end": t.end.isoformat() if t.end else None, "days": t.days, "counted": t.counted,
                         "note": t.note, "sources": [src(s) for s in t.sources]} for t in self.tolling],
            "arithmetic": self.arithmetic, "warnings": self.warnings,
            "notes": self.notes, "rule_citations": self.rule_citations, "last_checked": self.last_checked,
            "caveat": self.caveat,
        }


# --- counting -------------------------------------------------------------------------------


@cache
def _holiday_calendar(state: str, first_year: int, last_year: int) -> Any:
    years = range(first_year, last_year + 1)
    try:
        return holiday_calendars.country_holidays("US", subdiv=state or None, years=years)
    except NotImplementedError:  # an unknown subdivision: federal holidays only
        return holiday_calendars.country_holidays("US", years=years)


def legal_holiday(day: dt.date, state: str = "") -> str:
    """The name of the legal holiday on ``day`` ("" when none)."""
    calendar = _holiday_calendar(state, day.year - 1, day.year + 1)
    name = calendar.get(day)
    return str(name) if name else ""


def roll_forward(day: dt.date, state: str = "") -> tuple[dt.date, list[str]]:
    """Fed. R. Civ. P. 6(a)(1)(C): a last day on a Saturday, Sunday or legal holiday continues
    to the next day that is none of those. Returns the day and the reasons it moved."""
    reasons: list[str] = []
    while True:
        holiday = legal_holiday(day, state)
        if day.weekday() >= 5:
            reasons.append(f"{day.isoformat()} is a {day:%A}")
        elif holiday:
            reasons.append(f"{day.isoformat()} is a legal holiday ({holiday})")
        else:
            return day, reasons
        day += dt.timedelta(days=1)


def anniversary(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → 28 February
        return day.replace(year=day.year + years, day=28)


def add_days(day: dt.date, days: int) -> dt.date:
    """Fed. R. Civ. P. 6(a)(1)(A)-(B): exclude the trigger day, count every day."""
    return day + dt.timedelta(days=days)


def merge_periods(periods: list[Tolling]) -> tuple[list[tuple[dt.date, dt.date]], list[str]]:
    """Closed day ranges, overlaps merged so no day counts twice. Pending periods (end None)
    are left out (the caller reports them)."""
    spans = sorted((t.start, t.end) for t in periods if t.end is not None)
    merged: list[list[dt.date]] = []
    notes: list[str] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + dt.timedelta(days=1):
            if start <= merged[-1][1]:
                notes.append(
                    f"Tolling periods overlap ({start.isoformat()} to {min(end, merged[-1][1]).isoformat()}): "
                    "merged, each day counted once."
                )
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged], notes


def one_year_with_tolling(
    trigger: dt.date, periods: list[tuple[dt.date, dt.date]], *, state: str = "", years: int = 1
) -> tuple[dt.date, list[str], list[int]]:
    """The AEDPA arithmetic: anniversary of the trigger, plus the days of each tolling period
    that begins before the (running) deadline, rolled forward off a weekend or holiday.
    Returns (deadline, the steps in words, days tolled per period)."""
    steps = [f"Trigger: {trigger.isoformat()} (excluded from the count)."]
    deadline = anniversary(trigger, years)
    steps.append(f"{years} year(s) later by the anniversary method: {deadline.isoformat()}.")
    counted: list[int] = []
    for start, end in periods:
        effective = max(start, trigger + dt.timedelta(days=1))
        if end < effective:
            counted.append(0)
            steps.append(f"Tolling {start.isoformat()} to {end.isoformat()} ended before the period began: 0 days.")
            continue
        if effective > deadline:
            counted.append(0)
            steps.append(
                f"Tolling from {start.isoformat()} began after the period had run out on {deadline.isoformat()}: "
                "it cannot revive it (0 days)."
            )
            continue
        days = (end - effective).days + 1
        counted.append(days)
        new = deadline + dt.timedelta(days=days)
        steps.append(
            f"+ {days} day(s) tolled, {effective.isoformat()} to {end.isoformat()} inclusive: "
            f"{deadline.isoformat()} → {new.isoformat()}."
        )
        deadline = new
    rolled, reasons = roll_forward(deadline, state)
    if reasons:
        steps.append(
            "Last day rolls forward (Fed. R. Civ. P. 6(a)(1)(C)): " + "; ".join(reasons) + f" → {rolled.isoformat()}."
        )
    steps.append(f"Deadline: {rolled.isoformat()}.")
    return rolled, steps, counted


# --- reading the litigation history ---------------------------------------------------------


def _source(step: ProceedingStep) -> Source:
    return Source(
        label=f"{step.proceeding}: {step.label}",
        document_id=step.document_id,
        document_title=step.document.title if step.document_id and step.document else "",
        page_number=step.page_number,
        quote=step.quote,
        field=step.source_field,
    )


def _day_steps(steps: Iterable[ProceedingStep], kind: str) -> list[ProceedingStep]:
    return [s for s in steps if s.kind == kind and s.record_date.is_day]


def _finality(steps: list[ProceedingStep], data: dict[str, Any]) -> tuple[Input | None, list[str]]:
    trigger = data["triggers"]["A"]
    warnings: list[str] = []
    imprecise = [s for s in steps if s.kind == StepKind.JUDGMENT_FINAL and not s.record_date.is_day]
    if imprecise:
        warnings.append(
            f"The finality date is recorded only as '{imprecise[0].date_label}': a deadline needs the day."
        )
    final = _day_steps(steps, StepKind.JUDGMENT_FINAL)
    if final:
        step = max(final, key=lambda s: s.date_start)
        return Input("judgment_final", "Judgment became final", step.date_start, trigger["citation"],
                     trigger["verification"], [_source(step)], "as recorded"), warnings
    cert = _day_steps(steps, StepKind.CERT_DENIED)
    if cert:
        step = max(cert, key=lambda s: s.date_start)
        return Input("judgment_final", "Judgment became final (certiorari denied)", step.date_start,
                     trigger["citation"], "U", [_source(step)],
                     "the day certiorari was denied (conclusion of direct review; unverified)"), warnings
    last = _day_steps(steps, StepKind.LAST_RESORT_DECISION)
    if last:
        step = max(last, key=lambda s: s.date_start)
        window = data["finality"]["from_certiorari_window"]
        final_day = add_days(step.date_start, int(window["days"]))
        return Input("judgment_final", "Judgment became final (time to seek certiorari expired)", final_day,
                     f"{trigger['citation']}; {window['citation']}", window["verification"], [_source(step)],
                     f"{step.date_start.isoformat()} + {window['days']} days ({window['citation']}, unverified)"
                     ), warnings
    return None, warnings


def _tolling_periods(proceedings: list[Proceeding]) -> tuple[list[Tolling], list[str]]:
    periods: list[Tolling] = []
    problems: list[str] = []
    for proceeding in proceedings:
        if proceeding.kind not in TOLLING_KINDS:
            continue
        steps = list(proceeding.steps.all())
        filings = _day_steps(steps, StepKind.FILING)
        if not filings:
            problems.append(f"{proceeding}: no filing date (to the day) is recorded, so its tolling is not counted.")
            continue
        filed = min(filings, key=lambda s: s.date_start)
        rulings = [s for s in _day_steps(steps, StepKind.RULING) if s.date_start >= filed.date_start]
        if rulings:
            ruled = max(rulings, key=lambda s: s.date_start)
            periods.append(Tolling(str(proceeding), filed.date_start, ruled.date_start, [_source(filed), _source(ruled)]))
        elif proceeding.outcome in ("", "pending"):
            periods.append(Tolling(str(proceeding), filed.date_start, None, [_source(filed)],
                                   note="still pending: the period is paused"))
        else:
            problems.append(f"{proceeding}: it is marked {proceeding.get_outcome_display().lower()} but no ruling "
                            "date is recorded, so its tolling is not counted.")
    return periods, problems


def aedpa(case: Any, proceedings: list[Proceeding] | None = None, *, today: dt.date | None = None) -> Computation:
    data = rules()["rules"]["aedpa_2244d1"]
    today = today or dt.date.today()
    if proceedings is None:
        proceedings = list(Proceeding.objects.filter(case=case).prefetch_related("steps__document"))
    steps = [s for p in proceedings for s in p.steps.all()]
    result = Computation(
        rule_id="aedpa_2244d1", title=data["title"], citation=data["citation"], verification=data["verification"],
        text=data["text"].strip(), status="cannot_compute", last_checked=str(rules().get("last_checked", "")),
        notes=list(data.get("notes", [])),
        rule_citations=[
            {"citation": t["citation"], "text": t["text"].strip(), "verification": t["verification"]}
            for t in data["triggers"].values()
        ] + [
            {"citation": data["tolling"]["statutory"]["citation"], "text": data["tolling"]["statutory"]["text"].strip(),
             "verification": data["tolling"]["statutory"]["verification"]},
            {"citation": rules()["counting"]["frcp6a"]["citation"], "text": rules()["counting"]["frcp6a"]["text"].strip(),
             "verification": rules()["counting"]["frcp6a"]["verification"]},
        ],
    )
    final, warnings = _finality(steps, data)
    result.warnings += warnings
    predicate_steps = _day_steps(steps, StepKind.FACTUAL_PREDICATE)
    predicate = None
    if predicate_steps:
        step = max(predicate_steps, key=lambda s: s.date_start)
        trig = data["triggers"]["D"]
        predicate = Input("factual_predicate", "Factual predicate discoverable", step.date_start, trig["citation"],
                          trig["verification"], [_source(step)], "as recorded")
    result.inputs = [i for i in (final, predicate) if i is not None]
    if final is None:
        result.reason = "cannot compute: " + data["triggers"]["A"]["missing"]
        if predicate is not None:
            result.reason += (
                f" (a factual-predicate date, {predicate.date.isoformat()}, is recorded, but the period runs from the "
                "latest trigger, so finality is needed too)"
            )
        result.reason += "."
        return result
    if final.date < AEDPA_ENACTED:
        result.warnings.append(next(n["text"].strip() for n in data["notes"] if n["id"] == "pre_aedpa_finality"))
    governing = max(result.inputs, key=lambda i: i.date)
    result.arithmetic.append(
        "Latest trigger: " + governing.label.lower() + f" ({governing.citation}), {governing.date.isoformat()}"
        + (f"; later than {', '.join(i.label.lower() + ' ' + i.date.isoformat() for i in result.inputs if i is not governing)}"
           if len(result.inputs) > 1 else "") + "."
    )
    periods, problems = _tolling_periods(proceedings)
    result.warnings += problems
    merged, overlap_notes = merge_periods(periods)
    result.warnings += overlap_notes
    deadline, steps_text, counted = one_year_with_tolling(
        governing.date, merged, state=getattr(case, "state", "") or "", years=int(data["period"]["years"])
    )
    result.arithmetic += steps_text
    merged_days = dict(zip(merged, counted, strict=True))
    for period in periods:
        if period.end is None:
            continue
        key = next((m for m in merged if m[0] <= period.start and period.end <= m[1]), None)
        period.days = merged_days.get(key, 0) if key and key[0] == period.start else 0
        period.counted = bool(period.days) or bool(key and key[0] != period.start)
        if key and key[0] != period.start:
            period.note = "overlaps an earlier period: counted in it"
        elif not period.days:
            period.note = "not counted (see the arithmetic)"
    result.tolling = periods
    pending = [p for p in periods if p.end is None]
    if pending:
        result.status = "paused"
        first = min(pending, key=lambda p: p.start)
        remaining = (deadline - max(first.start, governing.date)).days
        result.reason = (
            f"The period is paused while {first.proceeding} is pending (filed {first.start.isoformat()}); "
            f"about {max(remaining, 0)} day(s) would remain when it is decided. No date is computed until then."
        )
        result.deadline = None
        return result
    result.status = "computed"
    result.deadline = deadline
    if deadline < today:
        result.warnings.append(
            "This date has passed. Whether a later trigger, equitable tolling or the actual-innocence gateway "
            "applies is for a lawyer to weigh."
        )
    return result


def state_rules(state: str) -> Computation | None:
    data = rules()
    entry = (data.get("state_rules") or {}).get((state or "").upper())
    if entry is None:
        return None
    defaults = data.get("state_rule_defaults") or {}
    return Computation(
        rule_id=f"state_{state.lower()}", title=f"{entry['name']} post-conviction and DNA-testing time limits",
        citation=f"{entry['post_conviction']}; {entry['dna']}", verification=defaults.get("verification", "U"),
        text="", status="not_computed", reason=str(defaults.get("why_not_computed", "")).strip(),
        last_checked=str(data.get("last_checked", "")),
    )


def reference_rules() -> list[dict[str, Any]]:
    """Rules listed for reference but not computed (e.g. 18 U.S.C. §3600)."""
    return [
        {"id": key, **value} for key, value in rules()["rules"].items() if not value.get("compute", True)
    ]


def computations_for_case(case: Any, *, today: dt.date | None = None) -> list[Computation]:
    found = [aedpa(case, today=today)]
    state = state_rules(getattr(case, "state", ""))
    if state is not None:
        found.append(state)
    return found
