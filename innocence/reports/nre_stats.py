"""The national picture from an imported NRE version, and "exonerations like this one".

Cautions (REFERENCE §8), said wherever these figures are shown: the registry lists known
exonerations, not wrongful convictions — its counts are lower bounds, it is not a sample,
and its coding is conservative (a missing code does not mean the factor was absent).
Compare factor rates within the same crime type and era. A comparison with a case is
context, never a likelihood or a score.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from innocence.cases.models import Case
from innocence.core import access
from innocence.findings.knowledge import knowledge_base
from innocence.findings.selectors import indicators_for_case

from .models import NreRecord, NreVersion

CAUTIONS = (
    "The National Registry of Exonerations lists known exonerations; it is not a sample of wrongful "
    "convictions, and its counts are lower bounds.",
    "Its coding is conservative: a factor not coded was not necessarily absent.",
    "Compare factor rates within the same crime type and era; group exonerations are not in the main list.",
    "A comparison with a case puts it in context. It is not a likelihood of innocence and not a score.",
)
FACTORS = ("P/FA", "OM", "ILD", "MWID", "F/MFE", "FC")
YEAR = 365.25


def versions_visible_to(user: Any) -> QuerySet[NreVersion]:
    return NreVersion.objects.filter(organization__in=access.organizations_of(user))


def version_for(user: Any, number: int | None = None) -> NreVersion | None:
    versions = versions_visible_to(user).order_by("-number", "-id")
    return (versions.filter(number=number) if number else versions).first()


@dataclass
class Filters:
    state: str = ""  # as the NRE writes it, e.g. "Illinois"
    crime: str = ""
    factor: str = ""
    tag: str = ""
    year_from: int | None = None
    year_to: int | None = None

    @classmethod
    def from_query(cls, query: Any) -> Filters:
        def year(name: str) -> int | None:
            value = str(query.get(name) or "")
            return int(value) if value.isascii() and value.isdigit() else None

        return cls(state=str(query.get("state") or ""), crime=str(query.get("crime") or ""),
                   factor=str(query.get("factor") or ""), tag=str(query.get("tag") or ""),
                   year_from=year("from"), year_to=year("to"))

    def accepts(self, r: NreRecord) -> bool:
        year = r.exonerated_on.year if r.exonerated_on else None
        return ((not self.state or r.state == self.state) and (not self.crime or r.worst_crime == self.crime)
                and (not self.factor or (self.factor in r.factors or (self.factor == "DNA" and r.dna)))
                and (not self.tag or self.tag in r.tags)
                and (self.year_from is None or (year is not None and year >= self.year_from))
                and (self.year_to is None or (year is not None and year <= self.year_to)))


@dataclass
class Figures:
    n: int
    first: dt.date | None
    last: dt.date | None
    by_year: list[tuple[str, int]]
    by_state: list[tuple[str, int]]
    by_crime: list[tuple[str, int]]
    factors: list[tuple[str, int, float]]
    tags: list[tuple[str, int, float]]
    any_factor: tuple[int, float]
    dna: tuple[int, float]
    custody_years_total: float
    custody_years_mean: float
    custody_years_median: float
    conviction_to_exoneration_median: float
    custody_rows: int
    choices: dict[str, list[str]] = field(default_factory=dict)


def _share(count: int, n: int) -> float:
    return round(100.0 * count / n, 1) if n else 0.0


def _years(start: dt.date | None, end: dt.date | None) -> float | None:
    if not start or not end or end < start:
        return None
    return (end - start).days / YEAR


def figures(records: list[NreRecord]) -> Figures:
    n = len(records)
    dates = [r.exonerated_on for r in records if r.exonerated_on]
    by_year = Counter(str(d.year) for d in dates)
    custody = [y for r in records if (y := _years(r.convicted_on, r.released_on)) is not None]
    to_exon = [y for r in records if (y := _years(r.convicted_on, r.exonerated_on)) is not None]
    tags = Counter(t for r in records for t in r.tags)
    return Figures(
        n=n, first=min(dates, default=None), last=max(dates, default=None),
        by_year=sorted(by_year.items()),
        by_state=Counter(r.state for r in records).most_common(),
        by_crime=Counter(r.worst_crime for r in records).most_common(),
        factors=[(code, c, _share(c, n)) for code in FACTORS
                 for c in [sum(1 for r in records if code in r.factors)]],
        tags=[(t, c, _share(c, n)) for t, c in tags.most_common()],
        any_factor=(a := sum(1 for r in records if set(r.factors) & set(FACTORS)), _share(a, n)),
        dna=(d := sum(1 for r in records if r.dna), _share(d, n)),
        custody_years_total=round(sum(custody), 0),
        custody_years_mean=round(statistics.fmean(custody), 1) if custody else 0.0,
        custody_years_median=round(statistics.median(custody), 1) if custody else 0.0,
        conviction_to_exoneration_median=round(statistics.median(to_exon), 1) if to_exon else 0.0,
        custody_rows=len(custody),
        choices={"state": sorted({r.state for r in records}), "crime": sorted({r.worst_crime for r in records}),
                 "tag": sorted(tags)},
    )


def national(version: NreVersion, filters: Filters | None = None) -> Figures:
    filters = filters or Filters()
    records = [r for r in version.records.all() if filters.accepts(r)]
    result = figures(records)
    if filters != Filters():
        result.choices = figures(list(version.records.all())).choices
    return result


# --- exonerations like this one ----------------------------------------------------------


@dataclass
class LikeThis:
    case: Case
    version: NreVersion
    state: str
    crime: str
    crime_basis: str
    factors: list[str]
    counts: list[tuple[str, int]]
    records: list[NreRecord]
    cautions: tuple[str, ...] = CAUTIONS


def _state_name(code: str) -> str:
    from .nre_import import state_codes

    return next((name for name, c in state_codes().items() if c == code.upper()), "")


def _crime_for(case: Case, crimes: list[str]) -> tuple[str, str]:
    """The NRE worst-crime category that the case's charges name (the longest one found in
    a charge, e.g. "Second-degree murder" → "Murder"), and the charge it was read from."""
    best = ("", "")
    for charge in (str(c) for c in case.charges or []):
        lowered = charge.lower()
        for crime in crimes:
            if crime and crime.lower() in lowered and len(crime) > len(best[0]):
                best = (crime, charge)
    return best


def like_this(user: Any, case: Case, version: NreVersion, *, limit: int = 200) -> LikeThis:
    """For a case the user may see: exonerations in the same state, of the same worst crime,
    sharing the NRE factors its findings indicate — counts and the NRE's own fields."""
    records = list(version.records.filter(state_code=case.state.upper(), federal=False)) if case.state else []
    crimes = sorted({r.worst_crime for r in version.records.all()})
    crime, basis = _crime_for(case, crimes)
    indicated = [i.factor.code for i in indicators_for_case(user, case) if i.indicated]
    same_crime = [r for r in records if crime and r.worst_crime == crime]
    sharing_all = [r for r in same_crime if set(indicated) <= set(r.factors)] if indicated else []
    names = {code: f.name for code, f in knowledge_base().factors.items()}
    counts = [(f"Exonerations in {_state_name(case.state) or case.state or 'the same state'}", len(records)),
              (f"… of the same worst crime ({crime or 'not matched'})", len(same_crime))]
    for code in indicated:
        counts.append((f"… also coded {code} ({names.get(code, code)})",
                       sum(1 for r in same_crime if code in r.factors)))
    if len(indicated) > 1:
        counts.append(("… coded with every factor indicated in this case", len(sharing_all)))
    listed = [r for r in same_crime if not indicated or set(indicated) & set(r.factors)]
    listed.sort(key=lambda r: (r.exonerated_on or dt.date.min, r.last_name), reverse=True)
    return LikeThis(case, version, _state_name(case.state), crime, basis, indicated, counts, listed[:limit])
