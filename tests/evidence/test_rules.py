"""Every Evidence-lens rule on fictional records: present, absent and not recorded."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def _item(lens: Any, **values: Any) -> Any:
    return lens.save("item", **{"description": "Fictional item", "category": "blood", **values})


def test_testing_candidate_present_absent_not_recorded(lens: Any) -> None:
    lens.save("item", description="Fictional revolver", category="weapon", status="exists")
    assert lens.finding("evidence.testing_candidate", "case").status == "not_recorded"
    kit = _item(lens, description="Fictional kit", category="sa_kit", status="unknown")
    found = lens.finding("evidence.testing_candidate", f"item:{kit.pk}")
    assert found.status == "present" and "status unknown — candidate for DNA testing" in found.text
    assert "CODIS" in found.text and "codis_fbi" in found.authority_keys
    lens.save("test", method="dna_str", items=[kit], date=dt.date(2005, 1, 1))
    assert lens.finding("evidence.testing_candidate", f"item:{kit.pk}").status == "absent"
    old = _item(lens, description="Fictional stain", status="exists")
    lens.save("test", method="serology_abo", items=[old])
    found = lens.finding("evidence.testing_candidate", f"item:{old.pk}")
    assert found.status == "present" and "predate STR" in found.text
    gone = _item(lens, description="Fictional swab", status="destroyed", status_date=dt.date(1999, 1, 1))
    assert lens.finding("evidence.testing_candidate", f"item:{gone.pk}").status == "absent"


def test_a_test_on_a_part_counts_for_the_whole(lens: Any) -> None:
    kit = _item(lens, description="Fictional kit", category="sa_kit", status="exists")
    swab = _item(lens, description="Fictional swab", category="sa_kit", status="exists", parent=kit)
    lens.save("test", method="dna_str", items=[swab])
    assert lens.finding("evidence.testing_candidate", f"item:{kit.pk}").status == "absent"


def test_invalid_discipline(lens: Any) -> None:
    bite = lens.save("test", method="bite_mark", analyst=lens.analyst)
    assert lens.finding("forensic.invalid_discipline", f"test:{bite.pk}").status == "present"
    hair = lens.save("test", method="hair_microscopy")
    found = lens.finding("forensic.invalid_discipline", f"test:{hair.pk}")
    assert found.status == "not_recorded" and "cannot be told" in found.text
    lens.save("test", instance=hair, conclusion="The hair is microscopically consistent with the known sample.")
    assert lens.finding("forensic.invalid_discipline", f"test:{hair.pk}").status == "absent"
    lens.save("test", instance=hair, testimony_quote="The hair matched the defendant.")
    found = lens.finding("forensic.invalid_discipline", f"test:{hair.pk}")
    assert found.status == "present" and "fbi_hair2015" in found.authority_keys and "F/MFE" in found.nre_factors
    dna = lens.save("test", method="dna_str", conclusion="A match.")
    assert lens.finding("forensic.invalid_discipline", f"test:{dna.pk}").status == "absent"


def test_overstatement(lens: Any) -> None:
    test = lens.save("test", method="firearms_toolmark")
    assert lens.finding("forensic.overstatement", f"test:{test.pk}").status == "not_recorded"
    lens.save("test", instance=test, conclusion="Class characteristics of a .38 revolver.")
    assert lens.finding("forensic.overstatement", f"test:{test.pk}").status == "absent"
    lens.save("test", instance=test, testimony_quote="Fired from that gun to the exclusion of all other firearms; "
              "I have done thousands of comparisons.")
    found = lens.finding("forensic.overstatement", f"test:{test.pk}")
    assert found.status == "present" and "exclusion of all" in found.text and "caseload" in found.text
    dna = lens.save("test", method="dna_str", conclusion="The profile matches; 1 in 10,000,000.")
    assert lens.finding("forensic.overstatement", f"test:{dna.pk}").status == "absent"


def test_custody_gap(lens: Any) -> None:
    item = _item(lens, status="exists")
    assert lens.finding("evidence.custody_gap", f"item:{item.pk}").status == "not_recorded"
    lens.save("custody", item=item, kind="collected", date=dt.date(1990, 1, 1), to_text="Sheriff")
    lens.save("custody", item=item, kind="submitted", date=dt.date(1990, 2, 1), from_text="Sheriff", to_text="Lab")
    assert lens.finding("evidence.custody_gap", f"item:{item.pk}").status == "absent"
    lens.save("custody", item=item, kind="returned", date=dt.date(1995, 2, 1), from_text="Lab", to_text="Sheriff")
    found = lens.finding("evidence.custody_gap", f"item:{item.pk}")
    assert found.status == "present" and "1990-02-01" in found.text


def test_custody_mismatch(lens: Any) -> None:
    item = _item(lens, status="exists")
    lens.save("custody", item=item, kind="collected", date=dt.date(1990, 1, 1))
    assert lens.finding("evidence.custody_mismatch", f"item:{item.pk}").status == "not_recorded"
    first = lens.save("custody", item=item, kind="stored", date=dt.date(1990, 1, 2), to_text="Sheriff's evidence room")
    lens.save("custody", item=item, kind="submitted", date=dt.date(1990, 1, 3), from_text="Sheriff's evidence room",
              to_text="Lab")
    assert lens.finding("evidence.custody_mismatch", f"item:{item.pk}").status == "absent"
    lens.save("custody", instance=first, to_text="Coroner's office")
    assert lens.finding("evidence.custody_mismatch", f"item:{item.pk}").status == "present"


def test_destroyed_or_lost_and_what_was_pending(lens: Any) -> None:
    item = _item(lens, status="unknown")
    assert lens.finding("evidence.destroyed_or_lost", f"item:{item.pk}").status == "not_recorded"
    lens.save("item", instance=item, status="exists")
    assert lens.finding("evidence.destroyed_or_lost", f"item:{item.pk}").status == "absent"
    lens.save("item", instance=item, status="destroyed")
    found = lens.finding("evidence.destroyed_or_lost", f"item:{item.pk}")
    assert found.status == "present" and "date is not recorded" in found.text
    lens.save("item", instance=item, status_date=dt.date(1996, 3, 2))
    assert "no appeal, petition or testing request is recorded" in lens.finding("evidence.destroyed_or_lost").text
    lens.save("proceeding", kind="appeal", filed=dt.date(1995, 1, 1))
    assert "while pending: direct appeal filed 1995-01-01 (still pending)" in lens.finding("evidence.destroyed_or_lost").text


def test_analyst_review(lens: Any) -> None:
    test = lens.save("test", method="serology_abo")
    assert lens.finding("forensic.analyst_review", f"test:{test.pk}").status == "not_recorded"
    lens.save("test", instance=test, lab="Lakeside Parish crime lab (fictional)", analyst=lens.analyst)
    assert lens.finding("forensic.analyst_review", f"test:{test.pk}").status == "absent"
    lens.save("test", instance=test, lab="Houston Police Department Crime Laboratory", date=dt.date(1991, 4, 1))
    found = lens.finding("forensic.analyst_review", f"test:{test.pk}")
    assert found.status == "present" and "bromwich2007" in found.authority_keys and "1991" in found.text
    lens.save("test", instance=test, date=dt.date(2010, 4, 1))  # outside the review's years
    assert lens.finding("forensic.analyst_review", f"test:{test.pk}").status == "absent"


def test_an_organizations_own_review_notice(lens: Any) -> None:
    from innocence.evidence.models import LabReviewNotice

    test = lens.save("test", method="hair_microscopy", analyst=lens.analyst, date=dt.date(1988, 1, 1))
    notice = LabReviewNotice.objects.create(organization=lens.world.north, title="Fictional audit",
                                            source="fictional", is_fictional=True, year_from=1985, year_to=1990)
    notice.analysts.add(lens.analyst)
    from innocence.findings.services import findings_recompute

    findings_recompute(case=lens.case, lens="evidence")
    found = lens.finding("forensic.analyst_review", f"test:{test.pk}")
    assert found.status == "present" and "fictional, demo only" in found.text


def test_recurring_analyst(lens: Any) -> None:
    from innocence.cases import services as cases
    from innocence.findings.services import findings_recompute

    lens.save("test", method="other")
    assert lens.finding("forensic.recurring_analyst", "case").status == "not_recorded"
    test = lens.save("test", method="other", analyst=lens.analyst)
    assert lens.finding("forensic.recurring_analyst", f"analyst:{lens.analyst.pk}").status == "absent"
    other = cases.case_create(actor=lens.world.admin, organization=lens.world.north, title="State v. Other (fictional)")
    cases.team_add(actor=lens.world.admin, case=other, user=lens.world.on_team)
    lens.save("test", case=other, method="other", analyst=lens.analyst)
    findings_recompute(case=lens.case, lens="evidence")
    found = lens.finding("forensic.recurring_analyst", f"analyst:{lens.analyst.pk}")
    assert found.status == "present" and found.citations.filter(other_case=other).exists()
    assert test.pk


def test_field_test_only(lens: Any) -> None:
    from innocence.findings.services import findings_recompute

    case = lens.case
    case.charges = []
    case.save()
    lens.save("item", description="Fictional baggie", category="drugs")
    assert lens.finding("forensic.field_test_only", "case").status == "not_recorded"
    case.charges = ["Possession of a controlled substance"]
    case.save()
    findings_recompute(case=case, lens="evidence")
    assert lens.finding("forensic.field_test_only", "case").status == "not_recorded"  # no drug test recorded
    field = lens.save("test", method="drug_field_test")
    assert lens.finding("forensic.field_test_only", f"test:{field.pk}").status == "not_recorded"
    lens.save("test", instance=field, lab_confirmed=False)
    assert lens.finding("forensic.field_test_only", f"test:{field.pk}").status == "present"
    lens.save("test", instance=field, lab_confirmed=True)
    assert lens.finding("forensic.field_test_only", f"test:{field.pk}").status == "absent"


def test_evidence_findings_roll_up_to_f_mfe(lens: Any) -> None:
    from innocence.findings.selectors import indicators_for_case

    lens.save("test", method="bite_mark")
    indicators = {i.factor.code: i for i in indicators_for_case(lens.world.on_team, lens.case)}
    assert indicators["F/MFE"].indicated
