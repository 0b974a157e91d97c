"""The adverse-party conflict check (issue 10, "What a clinic hits on day one").

Fictional data throughout, invented for these tests: a client of the clinic, Lyndon
Pellworth, was convicted on the word of a jailhouse informant, Desmond Harrowgate, and of a
store clerk, Marguerite Tolliver. Years later Harrowgate himself writes for help, and names
Tolliver as the victim of his own case."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innocence.core.models import AuditEntry
from innocence.intake import matching, services
from innocence.intake.matching import HIDDEN_LABEL
from innocence.intake.models import ConflictDecision
from innocence.people.models import CaseRole, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_case(intake_world: Any) -> Any:
    from innocence.cases import services as case_services
    from innocence.people import services as people_services

    admin, org = intake_world.admin, intake_world.north
    case = case_services.case_create(actor=admin, organization=org, title="State v. Pellworth (fictional)",
                                     inmate_number="P-118822", is_fictional=True)

    def person(name: str, role: str, **extra: Any) -> Person:
        made = people_services.person_create(actor=admin, organization=org, full_name=name, is_fictional=True, **extra)
        people_services.case_role_add(actor=admin, case=case, person=made, role=role)
        return made

    return SimpleNamespace(
        case=case,
        client=person("Lyndon Pellworth", "applicant", date_of_birth=dt.date(1969, 2, 3)),
        informant=person("Desmond Harrowgate", "informant", aliases=["Dez"], date_of_birth=dt.date(1964, 9, 12)),
        witness=person("Marguerite Tolliver", "witness"),
    )


def _informant_application(make_application: Any, **overrides: Any) -> Any:
    fields = {
        "applicant_name": "Desmond Harrowgate", "applicant_dob": dt.date(1964, 9, 12), "inmate_number": "H-40917",
        "offense": "Burglary", "victims": ["Marguerite Tolliver"],
    }
    return make_application(**{**fields, **overrides})


def _conflicts(application: Any, user: Any) -> list[Any]:
    return [c for c in matching.candidates_for(application, user=user) if c.kind == "conflict"]


def _to_review(application: Any, actor: Any) -> None:
    services.application_transition(actor=actor, application=application, to_stage="under_review")


def test_the_informant_scenario_end_to_end(intake_world, make_application, client_case):
    coordinator, admin = intake_world.coordinator, intake_world.admin
    application = _informant_application(make_application)

    # 1. Two conflicts, each explained in words: who matched whom, in which role and case.
    conflicts = {c.target_id: c for c in _conflicts(application, admin)}
    assert set(conflicts) == {client_case.informant.pk, client_case.witness.pk}
    informant = " ".join(conflicts[client_case.informant.pk].reasons)
    assert "the applicant, 'Desmond Harrowgate', matches Desmond Harrowgate, the informant in" in informant
    assert client_case.case.reference in informant and "your client Lyndon Pellworth" in informant
    assert "same name 'Desmond Harrowgate'" in informant and "same date of birth (1964-09-12)" in informant
    assert "why it matters:" in informant and "Rule 1.7" in informant
    witness = " ".join(conflicts[client_case.witness.pk].reasons)
    assert "the victim this application names, 'Marguerite Tolliver', matches Marguerite Tolliver, the witness" in witness
    assert client_case.case.reference in conflicts[client_case.witness.pk].label

    # 2. Accepting is refused in the service, whoever asks.
    _to_review(application, coordinator)
    for actor in (coordinator, admin):
        with pytest.raises(ValidationError, match="2 adverse-party conflicts that need an organization admin"):
            services.application_transition(actor=actor, application=application, to_stage="accepted")
    application.refresh_from_db()
    assert application.stage == "under_review" and application.case is None

    # 3. Only an admin records the decision, with a reason; it is audited.
    with pytest.raises(PermissionDenied):
        services.conflict_decide(actor=coordinator, application=application, outcome="waived", reason="fine")
    with pytest.raises(ValidationError, match="Say why"):
        services.conflict_decide(actor=admin, application=application, outcome="waived", reason="  ")
    decision = services.conflict_decide(
        actor=admin, application=application, outcome="waived",
        reason="Pellworth's case closed in 2024; both clients consented in writing (fictional).",
    )
    assert decision.by == admin and len(decision.conflict_keys) == 2
    assert AuditEntry.objects.filter(object_id=str(application.pk), changes__conflict_decision__outcome="waived").exists()
    assert all(c.resolved and c.ruling.by == admin for c in _conflicts(application, coordinator))

    # 4. Now the coordinator accepts; the new case's people are the existing persons.
    people_before = Person.objects.count()
    services.application_transition(actor=coordinator, application=application, to_stage="accepted")
    application.refresh_from_db()
    case = application.case
    assert case is not None and case.applicant_id == client_case.informant.pk
    roles = {(r.person_id, r.role) for r in CaseRole.objects.filter(case=case)}
    assert roles == {(client_case.informant.pk, "applicant"), (client_case.witness.pk, "victim")}
    assert Person.objects.count() == people_before  # nobody made twice
    assert Person.objects.filter(full_name="Desmond Harrowgate").count() == 1

    # 5. The accepted application does not list its own case or its own applicant as a duplicate;
    #    the conflicts stay on record with their decision.
    after = matching.candidates_for(application, user=admin)
    assert not [c for c in after if c.target_kind == "case" and c.target_id == case.pk]
    assert not [c for c in after if c.kind == "duplicate" and c.target_id == client_case.informant.pk]
    assert all(c.case_id != case.pk for c in after)
    assert {c.target_id for c in after if c.kind == "conflict"} == {client_case.informant.pk, client_case.witness.pk}
    assert matching.unresolved_conflicts(application) == []


def test_the_pages_say_a_decision_is_needed_and_an_admin_records_it(client, intake_world, make_application,
                                                                    client_case):
    application = _informant_application(make_application)
    _to_review(application, intake_world.coordinator)
    url = f"/intake/{application.reference}/"
    client.force_login(intake_world.coordinator)
    page = client.get(url).content.decode()
    assert "an admin's decision is needed" in page and 'id="conflicts-to-decide">2 conflicts' in page
    assert "Record decision" not in page and "Ask an organization admin" in page
    response = client.post(url + "transition/", {"to_stage": "accepted"}, follow=True)
    assert "2 adverse-party conflicts" in response.content.decode()
    response = client.post(url + "conflicts/decision/", {"outcome": "waived", "reason": "x"}, follow=True)
    assert "Only an organization admin" in response.content.decode()
    assert not ConflictDecision.objects.exists()

    client.force_login(intake_world.admin)
    page = client.get(url).content.decode()
    assert "Record decision" in page and "the informant in" in page
    client.post(url + "conflicts/decision/", {"outcome": "waived", "reason": "Consent on file (fictional)."})
    page = client.get(url).content.decode()
    assert "conflicts-to-decide" not in page
    assert "Conflict waived" in page and "Consent on file (fictional)." in page and "n_admin" in page
    client.force_login(intake_world.coordinator)
    client.post(url + "transition/", {"to_stage": "accepted"})
    application.refresh_from_db()
    assert application.stage == "accepted"


def test_a_conflict_in_a_case_the_user_cannot_see_shows_without_details(client, intake_world, make_application,
                                                                        client_case, make_user):
    """The coordinator is not on the client's team: the conflicts show, and that a decision is
    due, but not the case, its client or its people."""
    application = _informant_application(make_application)
    conflicts = _conflicts(application, intake_world.coordinator)
    assert len(conflicts) == 2 and all(c.hidden and c.reasons == [] and c.label == HIDDEN_LABEL for c in conflicts)
    client.force_login(intake_world.coordinator)
    page = client.get(f"/intake/{application.reference}/").content.decode()
    for secret in (client_case.case.reference, "Pellworth", "informant in", "witness in", "P-118822"):
        assert secret not in page, secret
    assert page.count("Possible conflict:") == 2 and "admin decision needed" in page
    # an admin walled off the case may not waive what she cannot see; declining is open to her
    from innocence.cases import services as case_services

    walled = make_user("n_walled_admin", intake_world.north, "admin")
    case_services.wall_off(actor=intake_world.admin, case=client_case.case, user=walled, reason="fictional")
    with pytest.raises(PermissionDenied, match="cannot see"):
        services.conflict_decide(actor=walled, application=application, outcome="waived", reason="ok")
    services.conflict_decide(actor=walled, application=application, outcome="declined", reason="Conflict (fictional).")
    application.refresh_from_db()
    assert (application.stage, application.decline_reason) == ("declined", "conflict")


@pytest.mark.parametrize(
    ("applicant", "dob", "victims"),
    [
        # a common surname with different given names is not the same person
        ("Harold Tolliver", dt.date(1964, 9, 12), ["Agnes Tolliver"]),
        ("Simon Harrowgate", dt.date(1964, 9, 12), []),
        # the same name with another date of birth is a namesake
        ("Desmond Harrowgate", dt.date(1988, 1, 30), []),
        # an initial alone is not enough
        ("D. Harrowgate", None, ["M. Tolliver"]),
    ],
)
def test_namesakes_are_not_conflicts(intake_world, make_application, client_case, applicant, dob, victims):
    application = make_application(applicant_name=applicant, applicant_dob=dob, inmate_number="", victims=victims)
    assert _conflicts(application, intake_world.admin) == []
    _to_review(application, intake_world.coordinator)
    services.application_transition(actor=intake_world.coordinator, application=application, to_stage="accepted")


def test_other_people_named_are_checked_and_carried_into_the_case(intake_world, make_application, client_case):
    from innocence.intake.forms import ApplicationForm

    application = make_application(
        applicant_name="Wendell Osgood-Pryce", applicant_dob=None, inmate_number="",
        named_people="Lyndon Pellworth (co-defendant)\nMarguerite Tolliver — eyewitness\nCass Wren (jailhouse informant)",
    )
    assert application.named_people == [
        {"name": "Lyndon Pellworth", "role": "co_defendant"},
        {"name": "Marguerite Tolliver", "role": "witness"},
        {"name": "Cass Wren", "role": "informant"},
    ]
    assert "Marguerite Tolliver (witness)" in ApplicationForm.initial_for(application)["named_people"]
    reasons = {c.target_id: " ".join(c.reasons) for c in _conflicts(application, intake_world.admin)}
    assert "the co-defendant this application names, 'Lyndon Pellworth', matches your client Lyndon Pellworth" in (
        reasons[client_case.client.pk])
    assert "the witness this application names, 'Marguerite Tolliver'" in reasons[client_case.witness.pk]
    with pytest.raises(ValidationError) as error:
        services.application_update(actor=intake_world.coordinator, application=application,
                                    named_people="Cass Wren (cook)")
    assert "'cook' is not one of" in str(error.value)
    # an admin clears them as namesakes: accepted, and nobody is linked to the client's people
    services.conflict_decide(actor=intake_world.admin, application=application, outcome="cleared",
                             reason="Different people: checked the dates of birth (fictional).")
    _to_review(application, intake_world.coordinator)
    services.application_transition(actor=intake_world.coordinator, application=application, to_stage="accepted")
    application.refresh_from_db()
    roles = {(r.person.full_name, r.role, r.person_id) for r in CaseRole.objects.filter(case=application.case)}
    assert {(n, r) for n, r, _ in roles} == {
        ("Wendell Osgood-Pryce", "applicant"), ("Lyndon Pellworth", "co_defendant"),
        ("Marguerite Tolliver", "witness"), ("Cass Wren", "informant"),
    }
    assert not {pk for *_, pk in roles} & {client_case.client.pk, client_case.witness.pk}


def test_a_conflict_found_after_the_decision_needs_a_decision_of_its_own(intake_world, make_application,
                                                                         client_case):
    application = _informant_application(make_application, victims=[])
    services.conflict_decide(actor=intake_world.admin, application=application, outcome="waived", reason="Consent.")
    assert matching.unresolved_conflicts(application) == []
    services.application_update(actor=intake_world.coordinator, application=application,
                                victims=["Marguerite Tolliver"])
    assert [c.target_id for c in matching.unresolved_conflicts(application)] == [client_case.witness.pk]


def test_the_api_reports_the_decision_due(client, intake_world, make_application, client_case):
    from innocence.core.models import ApiToken

    application = _informant_application(make_application)
    _, key = ApiToken.issue(user=intake_world.coordinator, name="test")
    data = client.get(f"/api/intake/applications/{application.reference}",
                      HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert data["conflicts_to_decide"] == 2
    assert [c["label"] for c in data["candidates"] if c["kind"] == "conflict"] == [HIDDEN_LABEL, HIDDEN_LABEL]


def test_the_demo_shows_an_adverse_party_conflict(client):
    from innocence.cases.demo import load_demo
    from innocence.intake.models import Application

    ctx = load_demo()
    bell = Application.objects.get(applicant_name="Curtis Bell", is_fictional=True)
    assert bell.stage == "under_review"
    as_admin = " ".join(r for c in _conflicts(bell, ctx.users["admin"]) for r in c.reasons)
    assert "the applicant, 'Curtis Bell', matches Curtis Bell, the informant in LIC-DEMO-001" in as_admin
    assert "'Gloria Vance', matches Gloria Vance, the witness in LIC-DEMO-001" in as_admin
    assert "Kessler" not in as_admin  # an officer he names is no adverse party
    with pytest.raises(ValidationError, match="adverse-party conflict"):
        services.application_transition(actor=ctx.users["intake"], application=bell, to_stage="accepted")
    client.force_login(ctx.users["intake"])
    page = client.get(f"/intake/{bell.reference}/").content.decode()
    assert "an admin's decision is needed" in page and "Raymond Kessler (detective / officer)" in page


def test_not_the_same_people_is_never_linked_even_when_the_names_and_birth_dates_agree(
        intake_world, make_application, client_case):
    application = _informant_application(make_application)
    services.conflict_decide(actor=intake_world.admin, application=application, outcome="cleared",
                             reason="Another man of that name and birth date: different DOC number (fictional).")
    _to_review(application, intake_world.admin)
    services.application_transition(actor=intake_world.admin, application=application, to_stage="accepted")
    application.refresh_from_db()
    assert application.case.applicant_id not in (client_case.informant.pk, None)
    assert not CaseRole.objects.filter(case=application.case, person=client_case.witness).exists()


def test_a_strong_duplicate_without_conflict_is_linked_on_acceptance(intake_world, make_application):
    """The applicant's own earlier case (name and date of birth agree): the new case's
    applicant is the same Person, not a second one."""
    from innocence.cases import services as case_services
    from innocence.people import services as people_services

    earlier = case_services.case_create(actor=intake_world.admin, organization=intake_world.north,
                                        title="State v. Quillfeather (1990, fictional)")
    person = people_services.person_create(actor=intake_world.admin, organization=intake_world.north,
                                           full_name="Robert Quillfeather", date_of_birth=dt.date(1970, 4, 2))
    people_services.case_role_add(actor=intake_world.admin, case=earlier, person=person, role="applicant")
    application = make_application(inmate_number="")
    _to_review(application, intake_world.admin)
    services.application_transition(actor=intake_world.admin, application=application, to_stage="accepted")
    application.refresh_from_db()
    assert application.case.applicant_id == person.pk
    assert Person.objects.filter(full_name="Robert Quillfeather").count() == 1
    after = matching.candidates_for(application, user=intake_world.admin)
    assert not [c for c in after if (c.target_kind, c.target_id) in {("case", application.case_id), ("person", person.pk)}]


def test_what_a_user_sees_is_the_gates_list_of_conflicts(intake_world, make_application, client_case):
    """The page counts the conflicts from the user's own list (hidden ones included): it
    must be the list the acceptance gate checks, key for key, whoever looks."""
    application = _informant_application(make_application, named_people="Lyndon Pellworth (witness)")
    gate = sorted(c.key for c in matching.conflicts_of(application))
    assert len(gate) == 3
    for user in (intake_world.coordinator, intake_world.admin):
        assert sorted(c.key for c in _conflicts(application, user)) == gate


def test_the_name_filter_drops_no_match(intake_world, make_application, client_case, monkeypatch):
    """Comparing only persons whose surname is alike is a speed-up, never a change of result:
    the same candidates with the filter as without it, on spelling, OCR, order, nickname and
    single-name variants."""
    from innocence.people import services as people_services

    for name in ("Robert Quil1feather", "Quillfeather Robert", "Bobby Quillfeather", "Sandra Quillfeather",
                 "R. Quillfeather", "Robert", "Dez", "Desmond Harrowgait", "Marguerite Toliver", "Harrowgate Desmond"):
        made = people_services.person_create(actor=intake_world.admin, organization=intake_world.north, full_name=name)
        people_services.case_role_add(actor=intake_world.admin, case=client_case.case, person=made, role="witness")
    applications = [
        make_application(inmate_number=""),
        _informant_application(make_application, applicant_aliases=["Dez"], named_people="Robert (witness)"),
    ]

    def found(application: Any) -> list[tuple[str, int]]:
        return sorted((c.key, c.strength) for c in matching.candidates_for(application, user=intake_world.admin))

    filtered = [found(a) for a in applications]
    monkeypatch.setattr(matching, "_could_match", lambda people, names, keep: people)
    assert filtered == [found(a) for a in applications]
    assert len(filtered[0]) >= 3 and len(filtered[1]) >= 4


def test_the_api_records_a_decision_under_the_web_rules(client, intake_world, make_application, client_case,
                                                        make_user):
    from innocence.cases import services as case_services
    from innocence.core.models import ApiToken

    application = _informant_application(make_application)
    url = f"/api/intake/applications/{application.reference}/conflict-decisions"

    def post(user: Any, **payload: Any) -> Any:
        _, key = ApiToken.issue(user=user, name="test")
        return client.post(url, payload, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}")

    # the coordinator works intake but does not decide conflicts; others do not see the application
    assert post(intake_world.coordinator, outcome="waived", reason="ok").status_code == 403
    for outsider in (intake_world.attorney, intake_world.outsider):
        assert post(outsider, outcome="declined", reason="x").status_code == 404
    # a walled-off admin may not waive what she cannot see, and may decline
    walled = make_user("n_walled_admin", intake_world.north, "admin")
    case_services.wall_off(actor=intake_world.admin, case=client_case.case, user=walled, reason="fictional")
    refused = post(walled, outcome="waived", reason="Same people (fictional).")
    assert refused.status_code == 403 and "cannot see" in refused.json()["detail"]
    assert not ConflictDecision.objects.exists()
    # bad input is a clear 422 and writes nothing
    assert post(intake_world.admin, outcome="maybe", reason="x").status_code == 422
    assert post(intake_world.admin, outcome="waived", reason="  ").status_code == 422
    assert not ConflictDecision.objects.exists()
    # the admin who sees the case waives; the decision is kept, audited, and the count falls to 0
    done = post(intake_world.admin, outcome="waived", reason="The client consented in writing (fictional).")
    assert done.status_code == 201, done.content
    assert done.json()["conflicts_to_decide"] == 0
    decision = ConflictDecision.objects.get()
    assert (decision.outcome, decision.by) == ("waived", intake_world.admin) and len(decision.conflict_keys) == 2
    assert AuditEntry.objects.filter(object_id=str(application.pk), changes__has_key="conflict_decision").count() == 1
    declined = post(walled, outcome="declined", reason="Conflict (fictional).")
    assert declined.status_code == 201 and declined.json()["stage"] == "declined"
