"""Intake metrics: counts and durations, never anything about the merits of a claim.

Every figure is computed from the applications the user may see (their organization's).
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .models import Channel
from .reference_data import decline_reason_label
from .selectors import applications_visible_to
from .stages import Stage


@dataclass
class Bar:
    label: str
    value: float
    percent: float = 0.0  # of the largest bar, for drawing


@dataclass
class Series:
    title: str
    unit: str
    bars: list[Bar] = field(default_factory=list)

    def scale(self) -> Series:
        top = max((b.value for b in self.bars), default=0) or 1
        for bar in self.bars:
            bar.percent = round(100 * bar.value / top, 1)
        return self


@dataclass
class Metrics:
    total: int
    acknowledged: int
    decided: int
    median_days_to_acknowledge: float | None
    median_days_to_decide: float | None
    per_month: Series
    by_stage: Series
    by_state: Series
    by_channel: Series
    decline_reasons: Series
    days_to_decide_by_state: Series
    days_to_decide_by_channel: Series


def _days(start: Any, end: Any) -> float:
    return (end.date() - start).days if hasattr(end, "date") else (end - start).days


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def _month_range(months: Counter[str]) -> list[str]:
    """Every month from the first to the last with a request, so gaps show as zero."""
    if not months:
        return []
    first, last = min(months), max(months)
    year, month = int(first[:4]), int(first[5:])
    out: list[str] = []
    while f"{year:04d}-{month:02d}" <= last and len(out) < 600:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def compute(user: Any, *, year: int | None = None) -> Metrics:
    applications = applications_visible_to(user)
    if year:
        applications = applications.filter(received_on__year=year)
    rows = list(applications.only(
        "received_on", "acknowledged_at", "decided_at", "stage", "conviction_state", "channel", "decline_reason"
    ))
    months = Counter(f"{a.received_on:%Y-%m}" for a in rows)
    ack_days = [_days(a.received_on, a.acknowledged_at) for a in rows if a.acknowledged_at]
    decide_days = [_days(a.received_on, a.decided_at) for a in rows if a.decided_at]
    decide_by_state: dict[str, list[float]] = {}
    for a in rows:
        if a.decided_at:
            decide_by_state.setdefault(a.conviction_state or "not recorded", []).append(_days(a.received_on, a.decided_at))
    channel_labels = dict(Channel.choices)
    decide_by_channel: dict[str, list[float]] = {}
    for a in rows:
        if a.decided_at:
            decide_by_channel.setdefault(channel_labels.get(a.channel, a.channel), []).append(
                _days(a.received_on, a.decided_at))
    return Metrics(
        total=len(rows),
        acknowledged=len(ack_days),
        decided=len(decide_days),
        median_days_to_acknowledge=_median(ack_days),
        median_days_to_decide=_median(decide_days),
        per_month=Series("Requests received per month", "requests",
                         [Bar(m, months.get(m, 0)) for m in _month_range(months)]).scale(),
        by_stage=Series("Applications by stage", "applications",
                        [Bar(s.label, sum(1 for a in rows if a.stage == s)) for s in Stage]).scale(),
        by_state=Series("Requests by state of conviction", "requests",
                        [Bar(k, n) for k, n in sorted(Counter(a.conviction_state or "not recorded"
                                                                for a in rows).items())]).scale(),
        by_channel=Series("Requests by channel", "requests",
                          [Bar(channel_labels.get(k, k), n) for k, n in sorted(Counter(a.channel for a in rows).items())]
                          ).scale(),
        decline_reasons=Series("Decline reasons", "declines",
                               [Bar(decline_reason_label(k), n) for k, n in Counter(
                                   a.decline_reason for a in rows if a.stage == Stage.DECLINED and a.decline_reason
                               ).most_common()]).scale(),
        days_to_decide_by_state=Series("Median days from receipt to decision, by state", "days",
                                       [Bar(k, _median(v) or 0) for k, v in sorted(decide_by_state.items())]).scale(),
        days_to_decide_by_channel=Series("Median days from receipt to decision, by channel", "days",
                                         [Bar(k, _median(v) or 0) for k, v in sorted(decide_by_channel.items())]
                                         ).scale(),
    )


def to_csv(metrics: Metrics) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["measure", "label", "value"])
    writer.writerow(["total requests", "", metrics.total])
    writer.writerow(["acknowledged", "", metrics.acknowledged])
    writer.writerow(["decided", "", metrics.decided])
    writer.writerow(["median days to acknowledge", "", metrics.median_days_to_acknowledge if
                     metrics.median_days_to_acknowledge is not None else "no data"])
    writer.writerow(["median days to decide", "", metrics.median_days_to_decide if
                     metrics.median_days_to_decide is not None else "no data"])
    for series in (metrics.per_month, metrics.by_stage, metrics.by_state, metrics.by_channel,
                   metrics.decline_reasons, metrics.days_to_decide_by_state, metrics.days_to_decide_by_channel):
        for bar in series.bars:
            writer.writerow([series.title, bar.label, bar.value])
    return out.getvalue()
