"""The organization dashboard and the funder report: cases by stage and time in each stage,
intake volume and decisions, cases by indicated NRE factor, outcomes, staff workload — for any
date range.

**Counts respect access.** Every figure about cases is computed from
``cases_visible_to(viewer)`` (an admin sees all of the organization's cases; anyone else only
the cases they are on; a wall beats every role), so no number can reveal a case the viewer may
not see. Intake figures come from ``applications_visible_to`` (intake staff and admins);
others see a note instead of numbers.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from innocence.cases.models import Case, StageChange, Task, TeamMember
from innocence.cases.selectors import cases_visible_to
from innocence.cases.stages import OPEN_STAGES, Stage
from innocence.core.models import Organization
from innocence.findings.knowledge import knowledge_base
from innocence.findings.models import Finding, FindingStatus, ReviewState
from innocence.intake.selectors import applications_visible_to
from innocence.intake.stages import Stage as IntakeStage

YEAR = 365.25


@dataclass
class OrganizationReport:
    organization: Organization
    date_from: dt.date
    date_to: dt.date
    scope: str
    case_count: int
    by_stage: list[tuple[str, int]]
    time_in_stage: list[tuple[str, int, float]]  # stage, stays, median days
    intake_visible: bool
    intake_received: int = 0
    intake_decisions: list[tuple[str, int]] = field(default_factory=list)
    by_factor: list[tuple[str, int]] = field(default_factory=list)
    exonerations: int = 0
    relief_granted: int = 0
    freedom_years: float = 0.0
    workload: list[tuple[str, int, int]] = field(default_factory=list)  # person, open cases, open tasks

    def csv_rows(self) -> list[list[str]]:
        rows = [["section", "item", "value", "note"],
                ["scope", "cases counted", str(self.case_count), self.scope],
                ["range", "from", self.date_from.isoformat(), ""], ["range", "to", self.date_to.isoformat(), ""]]
        rows += [["cases by stage", s, str(n), "now"] for s, n in self.by_stage]
        rows += [["time in stage", s, f"{d:g}", f"median days over {n} stays in range"]
                 for s, n, d in self.time_in_stage]
        if self.intake_visible:
            rows.append(["intake", "applications received", str(self.intake_received), ""])
            rows += [["intake decisions", s, str(n), ""] for s, n in self.intake_decisions]
        rows += [["cases by indicated NRE factor", s, str(n), "cases with a present, undismissed finding"]
                 for s, n in self.by_factor]
        rows += [["outcomes", "exonerations", str(self.exonerations), "closed as exonerated in range"],
                 ["outcomes", "relief granted", str(self.relief_granted), "closed with relief in range"],
                 ["outcomes", "years of freedom restored", f"{self.freedom_years:g}",
                  "release date to the end of the range, clients released"]]
        rows += [["workload", person, str(c), f"{t} open tasks"] for person, c, t in self.workload]
        return rows


def _stage_stays(cases: list[int], start: dt.date, end: dt.date) -> list[tuple[str, int, float]]:
    """Median days in each stage, over the stays that overlap the range (a stay still open is
    counted to the end of the range)."""
    changes = StageChange.objects.filter(case_id__in=cases).order_by("case_id", "at", "id")
    by_case: dict[int, list[StageChange]] = defaultdict(list)
    for change in changes:
        by_case[change.case_id].append(change)
    stays: dict[str, list[float]] = defaultdict(list)
    end_dt = dt.datetime.combine(end, dt.time.max, tzinfo=dt.UTC)
    start_dt = dt.datetime.combine(start, dt.time.min, tzinfo=dt.UTC)
    for history in by_case.values():
        for i, change in enumerate(history):
            left = history[i + 1].at if i + 1 < len(history) else end_dt
            if left < start_dt or change.at > end_dt:
                continue
            stays[change.to_stage].append((min(left, end_dt) - change.at).total_seconds() / 86400)
    labels = dict(Stage.choices)
    return [(str(labels.get(s, s)), len(v), round(statistics.median(v), 1)) for s, v in
            sorted(stays.items(), key=lambda kv: list(labels).index(kv[0]) if kv[0] in labels else 99)]


def organization_report(viewer: Any, organization: Organization, date_from: dt.date,
                        date_to: dt.date) -> OrganizationReport:
    if date_to < date_from:
        raise ValueError("The range ends before it starts.")
    from innocence.core import access

    if not access.is_member(viewer, organization):
        raise PermissionError("Not a member of this organization.")
    cases = cases_visible_to(viewer).filter(organization=organization)
    case_ids = list(cases.values_list("pk", flat=True))
    admin = access.can_administer(viewer, organization)
    scope = ("all of the organization's cases" if admin else "only the cases you are on") + \
        " (cases you are walled off are never counted)"
    labels = dict(Stage.choices)
    stage_counts = Counter(cases.values_list("stage", flat=True))
    by_stage = [(str(labels[s]), stage_counts.get(s, 0)) for s in Stage.values]
    report = OrganizationReport(
        organization=organization, date_from=date_from, date_to=date_to, scope=scope, case_count=len(case_ids),
        by_stage=by_stage, time_in_stage=_stage_stays(case_ids, date_from, date_to),
        intake_visible=access.can_run_intake(viewer, organization),
    )
    if report.intake_visible:
        apps = applications_visible_to(viewer).filter(organization=organization)
        report.intake_received = apps.filter(received_on__range=(date_from, date_to)).count()
        decided = apps.filter(decided_at__date__range=(date_from, date_to))
        intake_labels = dict(IntakeStage.choices)
        report.intake_decisions = [(str(intake_labels.get(s, s)), n) for s, n in
                                   sorted(Counter(decided.values_list("stage", flat=True)).items())]
    findings = Finding.objects.filter(case_id__in=case_ids, status=FindingStatus.PRESENT, retired=False).exclude(
        review_state=ReviewState.DISMISSED).values_list("case_id", "nre_factors")
    cases_by_factor: dict[str, set[int]] = defaultdict(set)
    for case_id, codes in findings:
        for code in codes or []:
            cases_by_factor[code].add(case_id)
    report.by_factor = [(f"{code} — {factor.name}", len(cases_by_factor.get(code, ())))
                        for code, factor in knowledge_base().factors.items()]
    closed = StageChange.objects.filter(case_id__in=case_ids, at__date__range=(date_from, date_to))
    exonerated = set(closed.filter(to_stage=Stage.EXONERATED).values_list("case_id", flat=True))
    relief = set(closed.filter(to_stage=Stage.RELIEF_GRANTED).values_list("case_id", flat=True))
    report.exonerations, report.relief_granted = len(exonerated), len(relief)
    freed = Case.objects.filter(pk__in=exonerated | relief, release_date__isnull=False,
                                release_date__lte=date_to)
    report.freedom_years = round(sum((date_to - c.release_date).days / YEAR for c in freed if c.release_date), 1)
    open_ids = list(cases.filter(stage__in=OPEN_STAGES).values_list("pk", flat=True))
    seats = Counter(TeamMember.objects.filter(case_id__in=open_ids).values_list("user__username", flat=True))
    tasks = Counter(Task.objects.filter(Q(case_id__in=case_ids), done=False, assignee__isnull=False)
                    .values_list("assignee__username", flat=True))
    report.workload = sorted(((u, seats.get(u, 0), tasks.get(u, 0)) for u in set(seats) | set(tasks)),
                             key=lambda row: (-row[1], row[0]))
    return report
