"""Deadline arithmetic against worked examples written out by hand.

Source of the counting method: Fed. R. Civ. P. 6(a)(1) as quoted in
innocence/knowledge/timeline/deadlines.yaml (exclude the trigger day, count every day, a
last day on a Saturday, Sunday or legal holiday continues to the next day that is none of
those), with periods in years by the anniversary method, and 28 U.S.C. §2244(d)(2) for
tolling (days of a pending state application do not count; both the filing and the ruling
day are excluded from the count, i.e. added back). Holidays: the ``holidays`` library, US.

Worked examples (each checked by hand on a calendar):

1. Trigger Wed 13 Mar 2019, one year, no tolling → Fri 13 Mar 2020 (a weekday, no holiday).
2. Trigger Sat 12 Jun 2021 → Sun 12 Jun 2022 → rolls to Mon 13 Jun 2022.
3. Trigger Thu 25 Dec 2025 → Fri 25 Dec 2026, Christmas Day → Sat, Sun → Mon 28 Dec 2026.
4. Tolling ending on a holiday: trigger Fri 10 Jan 2020; a state application pending from
   Mon 2 Mar 2020 to Sat 4 Jul 2020 (Independence Day) tolls 2 Mar..4 Jul inclusive =
   30 (Mar) + 30 (Apr) + 31 (May) + 30 (Jun) + 4 (Jul) = 125 days. Anniversary Sun 10 Jan
   2021 + 125 days: 10 Jan + 21 = 31 Jan, + 28 = 28 Feb (49), + 31 = 31 Mar (80), + 30 =
   30 Apr (110), + 15 = 15 May (125): Sat 15 May 2021 → Mon 17 May 2021.
   That the tolling ended on a holiday changes nothing: only the last day of the whole
   period rolls forward.
5. Overlapping periods 1–31 Mar 2020 and 15 Mar–15 Apr 2020 merge to 1 Mar–15 Apr = 46 days.
6. A state application filed after the year ran out does not revive it (0 days).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from innocence.timeline import deadlines
from innocence.timeline.deadlines import Tolling, merge_periods, one_year_with_tolling, roll_forward

D = dt.date


def test_example_1_plain_anniversary() -> None:
    deadline, steps, _ = one_year_with_tolling(D(2019, 3, 13), [])
    assert deadline == D(2020, 3, 13)
    assert steps[-1] == "Deadline: 2020-03-13."


def test_example_2_weekend_rolls_forward() -> None:
    deadline, steps, _ = one_year_with_tolling(D(2021, 6, 12), [])
    assert deadline == D(2022, 6, 13)
    assert any("is a Sunday" in s for s in steps)


def test_example_3_holiday_then_weekend_rolls_forward() -> None:
    deadline, steps, _ = one_year_with_tolling(D(2025, 12, 25), [])
    assert deadline == D(2026, 12, 28)
    assert any("legal holiday (Christmas Day)" in s for s in steps)


def test_example_4_tolling_that_ends_on_a_holiday() -> None:
    deadline, steps, counted = one_year_with_tolling(D(2020, 1, 10), [(D(2020, 3, 2), D(2020, 7, 4))])
    assert counted == [125]
    assert deadline == D(2021, 5, 17)
    assert any("+ 125 day(s) tolled" in s for s in steps)


def test_example_5_overlapping_tolling_is_merged() -> None:
    merged, notes = merge_periods([
        Tolling("first", D(2020, 3, 1), D(2020, 3, 31)), Tolling("second", D(2020, 3, 15), D(2020, 4, 15)),
    ])
    assert merged == [(D(2020, 3, 1), D(2020, 4, 15))]
    assert notes and "overlap" in notes[0]
    _, _, counted = one_year_with_tolling(D(2020, 1, 10), merged)
    assert counted == [46]


def test_example_6_late_application_does_not_revive() -> None:
    deadline, steps, counted = one_year_with_tolling(D(2018, 1, 10), [(D(2019, 6, 1), D(2019, 9, 1))])
    assert counted == [0]
    assert deadline == D(2019, 1, 10)
    assert any("cannot revive" in s for s in steps)


def test_roll_forward_uses_state_holidays() -> None:
    # Mardi Gras 2024 (13 Feb) is a Louisiana holiday, not a federal one.
    assert roll_forward(D(2024, 2, 13), "LA")[0] == D(2024, 2, 14)
    assert roll_forward(D(2024, 2, 13), "")[0] == D(2024, 2, 13)


def test_rules_carry_citations_text_and_verification() -> None:
    data = deadlines.rules()
    assert data["last_checked"]
    rule = data["rules"]["aedpa_2244d1"]
    assert rule["citation"] == "28 U.S.C. §2244(d)(1)"
    assert rule["verification"] == "V"
    assert rule["tolling"]["statutory"]["verification"] == "U"  # REFERENCE.md marks it [U]
    for state in ("LA", "TX", "MS", "IL", "NY", "CA", "MI", "PA", "OH", "MA", "FL"):
        assert state in data["state_rules"]
    assert data["state_rule_defaults"]["compute"] is False


# --- with the litigation history in the database ------------------------------------------

def _proceeding(world: Any, kind: str, steps: list[tuple[str, str]], outcome: str = "") -> Any:
    from innocence.timeline import services

    p = services.proceeding_save(actor=world.on_team, case=world.case, values={"kind": kind, "outcome": outcome})
    for step_kind, date in steps:
        services.step_save(actor=world.on_team, proceeding=p, values={
            "kind": step_kind, "label": f"{step_kind} (fictional)", "date": date,
            "source_field": "fictional docket sheet"})
    return p


@pytest.mark.django_db
def test_cannot_compute_without_finality(world: Any) -> None:
    _proceeding(world, "direct_appeal", [("ruling", "1991")], "affirmed")
    result = deadlines.aedpa(world.case)
    assert result.status == "cannot_compute"
    assert result.deadline is None
    assert result.reason == "cannot compute: the date the conviction became final is not recorded."
    assert result.caveat.startswith("Computed from the record")


@pytest.mark.django_db
def test_factual_predicate_alone_is_not_enough(world: Any) -> None:
    _proceeding(world, "state_postconviction", [("factual_predicate", "2025-01-21")])
    result = deadlines.aedpa(world.case)
    assert result.status == "cannot_compute"
    assert "finality is needed too" in result.reason


@pytest.mark.django_db
def test_latest_trigger_with_tolling_and_holiday(world: Any) -> None:
    # The demo's story: finality from the certiorari window (10 Jan 1997 + 90 days), a later
    # factual predicate (21 Jan 2025), a state application 3 Mar 2025 – 3 Feb 2026 (338 days):
    # 21 Jan 2026 + 338 days = Fri 25 Dec 2026 (Christmas) → Mon 28 Dec 2026.
    _proceeding(world, "direct_appeal", [("last_resort_decision", "1997-01-10")], "affirmed")
    _proceeding(world, "state_postconviction",
                [("factual_predicate", "2025-01-21"), ("filing", "2025-03-03"), ("ruling", "2026-02-03")], "denied")
    result = deadlines.aedpa(world.case, today=D(2026, 12, 1))
    assert result.status == "computed"
    assert result.deadline == D(2026, 12, 28)
    names = {i.name: i.date for i in result.inputs}
    assert names == {"judgment_final": D(1997, 4, 10), "factual_predicate": D(2025, 1, 21)}
    assert [t.days for t in result.tolling] == [338]
    assert result.unverified  # (d)(2) tolling and Sup. Ct. R. 13.1 are not verified
    assert any("factual predicate" in line for line in result.arithmetic)
    assert {n["id"] for n in result.notes} >= {"equitable_tolling", "actual_innocence_gateway"}
    assert result.as_dict()["deadline"] == "2026-12-28"


@pytest.mark.django_db
def test_pending_application_pauses_the_clock(world: Any) -> None:
    _proceeding(world, "direct_appeal", [("judgment_final", "2020-05-01")], "affirmed")
    _proceeding(world, "dna_motion", [("filing", "2020-09-01")], "pending")
    result = deadlines.aedpa(world.case)
    assert result.status == "paused"
    assert result.deadline is None
    assert "pending" in result.reason


@pytest.mark.django_db
def test_pre_aedpa_finality_is_flagged(world: Any) -> None:
    _proceeding(world, "direct_appeal", [("judgment_final", "1995-01-05")], "affirmed")
    result = deadlines.aedpa(world.case, today=D(2026, 1, 1))
    assert any("24 April 1996" in w for w in result.warnings)
    assert any("passed" in w for w in result.warnings)


@pytest.mark.django_db
def test_state_rules_are_listed_not_computed(world: Any) -> None:
    found = deadlines.computations_for_case(world.case)
    state = [c for c in found if c.rule_id == "state_la"]
    assert state and state[0].status == "not_computed" and state[0].verification == "U"
