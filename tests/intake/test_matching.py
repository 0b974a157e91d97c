from __future__ import annotations

import datetime as dt

import pytest

from innocence.intake import matching, services
from innocence.intake.matching import compare_names, normalize_inmate_number

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("Bobby Quillfeather", "Robert Quillfeather", "'Bobby' is a nickname of 'Robert'"),
        ("Robert Quillfeather", "Robert Quil1feather", "looks like"),
        ("Robert Quillfeather", "Robert Quillfeather Jr.", "same name"),
        ("Wi11iam Harmon", "William Harmon", "looks like"),
        ("Quillfeather Robert", "Robert Quillfeather", "another order"),
    ],
)
def test_name_variants_give_reasons(a, b, reason):
    match = compare_names(a, b)
    assert match.points >= 30
    assert any(reason in r for r in match.reasons), match.reasons


def test_unrelated_names_do_not_match():
    assert compare_names("Robert Quillfeather", "Dorothy Vance").points == 0
    assert compare_names("Robert Quillfeather", "Sandra Quillfeather").points < 20


def test_inmate_numbers_compare_bare():
    assert normalize_inmate_number("Q-055123") == normalize_inmate_number("q 55123")


def test_earlier_application_under_a_nickname_is_found(intake_world, make_application):
    old = make_application(applicant_name="Bobby Quillfeather", inmate_number="",
                           received_on=dt.date.today() - dt.timedelta(days=730))
    new = make_application(applicant_name="Robert Quillfeather")
    found = matching.candidates_for(new, user=intake_world.coordinator)
    top = found[0]
    assert (top.kind, top.target_kind, top.target_id) == ("duplicate", "application", old.pk)
    assert any("nickname" in r for r in top.reasons)
    assert any("same date of birth" in r for r in top.reasons)


def test_same_doc_number_alone_is_a_candidate(intake_world, make_application):
    make_application(applicant_name="R. Q. Feather", applicant_dob=None, inmate_number="q55123")
    new = make_application(applicant_name="Robert Quillfeather")
    found = matching.candidates_for(new, user=intake_world.coordinator)
    assert any("same DOC/inmate number" in r for c in found for r in c.reasons)


def test_different_dob_pushes_a_name_match_down(intake_world, make_application):
    make_application(applicant_name="Robert Quillfeather", inmate_number="", applicant_dob=dt.date(1950, 1, 1))
    new = make_application(inmate_number="")
    assert matching.candidates_for(new, user=intake_world.coordinator) == []


def test_never_across_organizations(intake_world, make_application):
    make_application(actor=intake_world.outsider, organization=intake_world.south)
    new = make_application()
    assert matching.candidates_for(new, user=intake_world.coordinator) == []


def test_case_the_user_cannot_see_is_reported_without_details(intake_world, make_application):
    from innocence.cases import services as case_services
    from innocence.people import services as people_services

    case = case_services.case_create(actor=intake_world.admin, organization=intake_world.north,
                                     title="State v. Quillfeather", inmate_number="Q-55123")
    person = people_services.person_create(actor=intake_world.admin, organization=intake_world.north,
                                           full_name="Robert Quillfeather", date_of_birth=dt.date(1970, 4, 2))
    people_services.case_role_add(actor=intake_world.admin, case=case, person=person, role="applicant")
    new = make_application()
    as_coordinator = matching.candidates_for(new, user=intake_world.coordinator)
    assert len(as_coordinator) == 1
    hidden = as_coordinator[0]
    assert hidden.hidden and hidden.reasons == [] and "cannot see" in hidden.label
    assert "Quillfeather" not in hidden.label and case.reference not in hidden.label
    as_admin = matching.candidates_for(new, user=intake_world.admin)
    assert not as_admin[0].hidden and case.reference in as_admin[0].label


def test_victim_who_is_a_client_is_a_conflict(intake_world, make_application):
    make_application(applicant_name="Ada Pennywhistle", inmate_number="", applicant_dob=None)
    new = make_application(victims=["Ada Pennywhistle"])
    conflicts = [c for c in matching.candidates_for(new, user=intake_world.coordinator) if c.kind == "conflict"]
    assert conflicts and "victim" in conflicts[0].reasons[0]


def test_applicant_named_as_co_defendant_elsewhere_is_a_conflict(intake_world, make_application):
    make_application(applicant_name="Carl Dunmore", inmate_number="", co_defendants=["Robert Quillfeather"])
    new = make_application()
    conflicts = [c for c in matching.candidates_for(new, user=intake_world.coordinator) if c.kind == "conflict"]
    assert conflicts and "co-defendant" in conflicts[0].reasons[0]


def test_review_decisions_stick_and_linking_reuses_the_person(intake_world, make_application):
    from innocence.people import services as people_services

    person = people_services.person_create(actor=intake_world.admin, organization=intake_world.north,
                                           full_name="Bobby Quillfeather", date_of_birth=dt.date(1970, 4, 2))
    new = make_application()
    found = matching.candidates_for(new, user=intake_world.coordinator)
    assert found[0].target_kind == "person"
    services.match_review(actor=intake_world.coordinator, application=new, target_kind="person",
                          target_id=person.pk, decision="linked")
    assert matching.candidates_for(new, user=intake_world.coordinator)[0].decision == "linked"
    for stage in ("under_review", "accepted"):
        services.application_transition(actor=intake_world.coordinator, application=new, to_stage=stage)
    new.refresh_from_db()
    assert new.case.applicant_id == person.pk
    person.refresh_from_db()
    assert "Robert Quillfeather" in person.aliases
