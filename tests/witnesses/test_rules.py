"""Each Witness-lens rule on fictional records: present, absent, and not recorded."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

pytestmark = pytest.mark.django_db

D1, D2, D3 = dt.date(2001, 3, 4), dt.date(2001, 3, 5), dt.date(2002, 1, 9)

# rule id, record kind, {status: values that make it so}
PROCEDURE_RULES: list[tuple[str, dict[str, dict[str, Any]]]] = [
    ("eyewitness.blind_administration", {
        "present": {"administration": "non_blind"}, "absent": {"administration": "double_blind"},
        "not_recorded": {"administration": ""}}),
    ("eyewitness.unbiased_instructions", {
        "present": {"instructions_unbiased": False}, "absent": {"instructions_unbiased": True},
        "not_recorded": {"instructions_unbiased": None}}),
    ("eyewitness.lineup_composition", {
        "present": {"fillers_count": 3, "suspects_count": 1, "suspect_stood_out": False},
        "absent": {"fillers_count": 5, "suspects_count": 1, "suspect_stood_out": False},
        "not_recorded": {"fillers_count": 5, "suspects_count": 1, "suspect_stood_out": None}}),
    ("eyewitness.confidence_statement", {
        "present": {"confidence_statement": "maybe", "confidence_immediate": False},
        "absent": {"confidence_statement": "I'm sure", "confidence_immediate": True},
        "not_recorded": {"confidence_statement": "", "confidence_immediate": None}}),
    ("eyewitness.video_recording", {
        "present": {"video_recorded": False}, "absent": {"video_recorded": True},
        "not_recorded": {"video_recorded": None}}),
    ("eyewitness.pre_lineup_interview", {
        "present": {"pre_lineup_interview": False}, "absent": {"pre_lineup_interview": True},
        "not_recorded": {"pre_lineup_interview": None}}),
    ("eyewitness.feedback", {
        "present": {"feedback_given": True}, "absent": {"feedback_given": False},
        "not_recorded": {"feedback_given": None}}),
]


@pytest.mark.parametrize(("rule_id", "cases"), PROCEDURE_RULES, ids=[r[0] for r in PROCEDURE_RULES])
def test_procedure_rules(lens: Any, rule_id: str, cases: dict[str, dict[str, Any]]) -> None:
    procedure = lens.save("procedure", witness=lens.witness, suspect=lens.suspect, kind="photo_array", date=D1)
    for status, values in cases.items():
        lens.save("procedure", instance=procedure, **values)
        assert lens.finding(rule_id).status == status, (rule_id, status)


def test_show_up_present_and_absent(lens: Any) -> None:
    lens.save("procedure", witness=lens.witness, suspect=lens.suspect, kind="photo_array", date=D1)
    assert lens.finding("eyewitness.show_up").status == "absent"
    lens.save("procedure", witness=lens.witness, suspect=lens.suspect, kind="show_up", date=D1,
              delay_hours=Decimal("0.5"))
    found = lens.finding("eyewitness.show_up")
    assert found.status == "present" and "0.5 hours after the event" in found.text


def test_repeated_identification(lens: Any) -> None:
    first = lens.save("procedure", witness=lens.witness, suspect=lens.suspect, kind="photo_array", date=D2)
    assert lens.finding("eyewitness.repeated_identification").status == "not_recorded"
    lens.save("procedure", instance=first, prior_exposure=False)
    assert lens.finding("eyewitness.repeated_identification").status == "absent"
    lens.save("procedure", instance=first, prior_exposure=True, prior_exposure_text="saw his mugshot")
    assert lens.finding("eyewitness.repeated_identification").status == "present"
    lens.save("procedure", instance=first, prior_exposure=False)
    lens.save("procedure", witness=lens.witness, suspect=lens.suspect, kind="show_up", date=D1)
    found = lens.finding("eyewitness.repeated_identification")
    assert found.status == "present"
    assert found.text.index("show-up") < found.text.index("photo array")  # in time order


def test_repeated_identification_unknown_suspect_is_not_recorded(lens: Any) -> None:
    lens.save("procedure", witness=lens.witness, kind="photo_array", date=D1)
    assert lens.finding("eyewitness.repeated_identification").status == "not_recorded"


def test_confidence_inflation(lens: Any) -> None:
    array = lens.save("procedure", witness=lens.witness, suspect=lens.suspect, kind="photo_array", date=D1,
                      confidence_statement="I think it's him")
    assert lens.finding("eyewitness.confidence_inflation").status == "not_recorded"  # nothing later yet
    trial = lens.save("statement", witness=lens.witness, kind="trial", date=D3)
    claim = lens.save("claim", statement=trial, topic="certainty", value="100% sure", quote="I'm 100% sure")
    found = lens.finding("eyewitness.confidence_inflation")
    assert found.status == "present"
    assert "I think it's him" in found.text and "100% sure" in found.text
    lens.save("claim", instance=claim, value="I think so", quote="I think so")
    assert lens.finding("eyewitness.confidence_inflation").status == "absent"
    lens.save("procedure", instance=array, confidence_statement="")
    assert lens.finding("eyewitness.confidence_inflation").status == "not_recorded"


def test_estimator_conditions(lens: Any) -> None:
    lens.save("procedure", witness=lens.witness, suspect=lens.suspect, kind="photo_array", date=D1)
    assert lens.finding("eyewitness.estimator_conditions").status == "not_recorded"
    viewing = lens.save("viewing", witness=lens.witness, weapon_present=True, lighting="good", distance_feet=120)
    key = f"witness:{lens.witness.pk}"
    assert lens.finding("eyewitness.estimator_conditions", f"{key}:weapon_present").status == "present"
    assert lens.finding("eyewitness.estimator_conditions", f"{key}:lighting").status == "absent"
    assert lens.finding("eyewitness.estimator_conditions", f"{key}:distance").status == "present"
    assert lens.finding("eyewitness.estimator_conditions", f"{key}:cross_race").status == "not_recorded"
    assert lens.finding("eyewitness.estimator_conditions", f"{key}:stress").status == "not_recorded"
    lens.save("viewing", instance=viewing, distance_feet=20)
    assert lens.finding("eyewitness.estimator_conditions", f"{key}:distance").status == "absent"


INTERROGATION_RULES: list[tuple[str, dict[str, dict[str, Any]]]] = [
    ("confession.youth", {"present": {"suspect_age": 15}, "absent": {"suspect_age": 30},
                          "not_recorded": {"suspect_age": None}}),
    ("confession.vulnerability", {
        "present": {"intellectual_disability": True, "mental_illness": None},
        "absent": {"intellectual_disability": False, "mental_illness": False},
        "not_recorded": {"intellectual_disability": False, "mental_illness": None}}),
    ("confession.long_interrogation", {"present": {"duration_hours": Decimal("14")},
                                       "absent": {"duration_hours": Decimal("2")},
                                       "not_recorded": {"duration_hours": None}}),
    ("confession.false_evidence_ploy", {"present": {"false_evidence_ploy": True},
                                        "absent": {"false_evidence_ploy": False},
                                        "not_recorded": {"false_evidence_ploy": None}}),
    ("confession.minimization_leniency", {"present": {"minimization_leniency": True},
                                          "absent": {"minimization_leniency": False},
                                          "not_recorded": {"minimization_leniency": None}}),
    ("confession.not_recorded", {"present": {"recorded_in_full": False}, "absent": {"recorded_in_full": True},
                                 "not_recorded": {"recorded_in_full": None}}),
    ("confession.contamination", {
        "present": {"contains_non_public_facts": True, "non_public_source_documented": False},
        "absent": {"contains_non_public_facts": True, "non_public_source_documented": True},
        "not_recorded": {"contains_non_public_facts": True, "non_public_source_documented": None}}),
]


@pytest.mark.parametrize(("rule_id", "cases"), INTERROGATION_RULES, ids=[r[0] for r in INTERROGATION_RULES])
def test_interrogation_rules(lens: Any, rule_id: str, cases: dict[str, dict[str, Any]]) -> None:
    interrogation = lens.save("interrogation", suspect=lens.suspect, date=D1)
    for status, values in cases.items():
        lens.save("interrogation", instance=interrogation, **values)
        assert lens.finding(rule_id).status == status, (rule_id, status)


def test_undisclosed_benefit(lens: Any) -> None:
    informant = lens.save("informant", person=lens.informant)
    assert lens.finding("informant.undisclosed_benefit").status == "not_recorded"
    benefit = lens.save("benefit", informant=informant, kind="leniency_sentence", stage="received",
                        description="sentence cut from 10 to 3 years")
    assert lens.finding("informant.undisclosed_benefit").status == "not_recorded"
    lens.save("benefit", instance=benefit, disclosed_to_defense=False)
    found = lens.finding("informant.undisclosed_benefit")
    assert found.status == "present" and "sentence cut from 10 to 3 years" in found.text
    assert set(found.nre_factors) == {"P/FA", "OM"}
    lens.save("benefit", instance=benefit, disclosed_to_defense=True)
    assert lens.finding("informant.undisclosed_benefit").status == "absent"


def test_uncorroborated_in_custody(lens: Any) -> None:
    informant = lens.save("informant", person=lens.informant)
    assert lens.finding("informant.uncorroborated_in_custody").status == "not_recorded"
    lens.save("informant", instance=informant, custody_status="in_custody", corroborated=False)
    assert lens.finding("informant.uncorroborated_in_custody").status == "present"
    lens.save("informant", instance=informant, corroborated=True)
    assert lens.finding("informant.uncorroborated_in_custody").status == "absent"
    lens.save("informant", instance=informant, custody_status="free", corroborated=False)
    assert lens.finding("informant.uncorroborated_in_custody").status == "absent"


def test_repeat_informant_across_cases(lens: Any) -> None:
    from innocence.cases import services as case_services
    from innocence.people.models import CaseRole

    informant = lens.save("informant", person=lens.informant)
    assert lens.finding("informant.repeat").status == "not_recorded"
    lens.save("informant", instance=informant, other_cases_checked=True)
    assert lens.finding("informant.repeat").status == "absent"
    other = case_services.case_create(actor=lens.world.admin, organization=lens.world.north, title="State v. Other")
    CaseRole.objects.create(case=other, person=lens.informant, role="informant")
    lens.save("informant", instance=informant, notes="re-checked")
    found = lens.finding("informant.repeat")
    assert found.status == "present"
    # The on-team attorney cannot see the other case: its citation is hidden from them, shown to the admin.
    from innocence.findings.selectors import findings_for_case, present_findings

    rows = list(findings_for_case(lens.case).filter(pk=found.pk))
    assert present_findings(lens.world.on_team, rows)[0].citations == []
    assert len(present_findings(lens.world.admin, rows)[0].citations) == 1
    assert other.reference not in found.text


def test_findings_never_speak_of_innocence(lens: Any) -> None:
    from innocence.findings.models import Finding

    lens.save("procedure", witness=lens.witness, suspect=lens.suspect, kind="show_up", date=D1,
              administration="non_blind", video_recorded=False)
    lens.save("interrogation", suspect=lens.suspect, suspect_age=15, recorded_in_full=False)
    for f in Finding.objects.filter(case=lens.case):
        assert "innocen" not in f.text.lower() and "innocen" not in f.title.lower()


def test_person_merge_moves_witness_records(lens: Any) -> None:
    from innocence.people.models import Person
    from innocence.witnesses.models import IdentificationProcedure
    from innocence.witnesses.services import person_references_move

    duplicate = Person.objects.create(organization=lens.world.north, full_name="A. Quimby")
    lens.save("procedure", witness=duplicate, suspect=lens.suspect, kind="show_up", date=D1)
    assert person_references_move(from_person=duplicate, to_person=lens.witness) == 1
    duplicate.delete()
    assert IdentificationProcedure.objects.get().witness == lens.witness
    assert lens.finding("eyewitness.show_up").subject_key == f"witness:{lens.witness.pk}"
