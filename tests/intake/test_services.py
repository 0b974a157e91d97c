from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innocence.core.models import AuditEntry
from innocence.intake import services
from innocence.intake.models import Application, StageTransition, Tristate
from innocence.intake.stages import ALLOWED_TRANSITIONS, Stage

pytestmark = pytest.mark.django_db


def test_create_records_unknown_apart_from_no(make_application):
    app = make_application(biological_evidence="no")
    assert app.reference.startswith("NS-A")
    assert app.biological_evidence == Tristate.NO
    assert app.alibi == Tristate.UNKNOWN  # never asked: not "no"
    assert app.current_facility == "Granite Ridge Correctional (fictional)"
    assert app.warnings == []
    assert AuditEntry.objects.filter(object_type="intake.Application", action="create").exists()
    assert StageTransition.objects.filter(application=app, to_stage=Stage.NEW).exists()


def test_only_intake_roles_may_create(intake_world, make_application):
    for user in (intake_world.attorney, intake_world.viewer, intake_world.outsider):
        with pytest.raises(PermissionDenied):
            make_application(actor=user)


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"applicant_dob": dt.date.today() + dt.timedelta(days=3)}, "applicant_dob", "future"),
        ({"received_on": "2024-02-30"}, "received_on", "not a date"),
        ({"conviction_year": 1960, "applicant_dob": dt.date(1970, 1, 1)}, "conviction_year", "before the date of birth"),
        ({"conviction_year": "nineteen"}, "conviction_year", "not a year"),
        ({"applicant_name": "  "}, "applicant_name", "name is needed"),
        ({"conviction_state": "Louisiana"}, "conviction_state", "two-letter"),
        ({"identity_at_issue": "maybe"}, "identity_at_issue", "yes, no or unknown"),
    ],
)
def test_impossible_input_is_refused_with_words(make_application, overrides, field, words):
    with pytest.raises(ValidationError) as info:
        make_application(**overrides)
    assert field in info.value.message_dict
    assert words in " ".join(info.value.message_dict[field])
    assert not Application.objects.exists()


def test_contradictions_are_saved_as_warnings(make_application):
    app = make_application(conviction_basis="plea", trial_date=dt.date(1996, 5, 1), facility="Nowhere Camp")
    joined = " ".join(app.warnings)
    assert "plea but a trial date" in joined
    assert "not in your facility list" in joined


def test_transition_table_is_enforced_and_logged(intake_world, make_application):
    app = make_application()
    with pytest.raises(ValidationError) as info:
        services.application_transition(actor=intake_world.coordinator, application=app, to_stage=Stage.ACCEPTED)
    assert "cannot move from New to Accepted" in str(info.value)
    services.application_transition(actor=intake_world.coordinator, application=app, to_stage=Stage.ACKNOWLEDGED)
    app.refresh_from_db()
    assert app.acknowledged_at is not None
    last = app.transitions.last()
    assert (last.from_stage, last.to_stage, last.by) == ("new", "acknowledged", intake_world.coordinator)
    assert AuditEntry.objects.filter(object_id=str(app.pk), changes__stage=["new", "acknowledged"]).exists()


def test_every_stage_has_a_row_in_the_table():
    assert set(ALLOWED_TRANSITIONS) == set(Stage)


def test_decline_needs_a_known_reason(intake_world, make_application):
    app = make_application()
    with pytest.raises(ValidationError):
        services.application_transition(actor=intake_world.coordinator, application=app, to_stage="declined")
    with pytest.raises(ValidationError):
        services.application_transition(actor=intake_world.coordinator, application=app, to_stage="declined",
                                        reason_code="made_up")
    services.application_transition(actor=intake_world.coordinator, application=app, to_stage="declined",
                                    reason_code="outside_jurisdiction")
    app.refresh_from_db()
    assert app.decline_reason == "outside_jurisdiction" and app.decided_at is not None


def test_referral_creates_a_record(intake_world, make_application):
    app = make_application()
    services.application_transition(actor=intake_world.coordinator, application=app, to_stage="referred",
                                    referred_to="Gulf Coast Innocence Network (fictional)")
    assert app.referrals.get().to_organization == "Gulf Coast Innocence Network (fictional)"
    assert app.stage == "referred"


def test_facility_transfer_keeps_history(intake_world, make_application):
    app = make_application()
    services.facility_move(actor=intake_world.coordinator, application=app, facility="Cypress Hollow Unit (fictional)",
                           since=dt.date.today() - dt.timedelta(days=1), address="1 Cypress Rd")
    stays = list(app.facility_stays.order_by("recorded_at", "id"))
    assert [s.facility_name for s in stays] == ["Granite Ridge Correctional (fictional)", "Cypress Hollow Unit (fictional)"]
    assert stays[0].until is not None and stays[1].until is None
    assert app.current_facility == "Cypress Hollow Unit (fictional)"
    assert any("not in your facility list" in w for w in app.warnings)


def test_accept_opens_a_case_with_everything_carried_over(intake_world, make_application):
    from innocence.cases.selectors import case_get_for_user
    from innocence.people.models import CaseRole

    app = make_application(applicant_aliases=["Bobby Q"], victims=["Ada Pennywhistle"], co_defendants=["Carl Dunmore"])
    services.file_attach(actor=intake_world.coordinator, application=app, name="letter.pdf",
                         content=b"%PDF-1.4 fictional letter", content_type="application/pdf")
    for stage in ("acknowledged", "under_review"):
        services.application_transition(actor=intake_world.coordinator, application=app, to_stage=stage)
    services.application_transition(actor=intake_world.coordinator, application=app, to_stage="accepted",
                                    note="Strong identity claim.")
    app.refresh_from_db()
    case = case_get_for_user(intake_world.coordinator, app.case.reference)
    assert case.title == "State v. Quillfeather"
    assert (case.state, case.county, case.charges, case.conviction_type, case.sentence) == (
        "LA", "Marlow Parish (fictional)", ["Armed robbery"], "trial", "50 years")
    assert (case.facility, case.inmate_number) == ("Granite Ridge Correctional (fictional)", "Q-55123")
    assert case.applicant.full_name == "Robert Quillfeather"
    assert case.applicant.aliases == ["Bobby Q"]
    assert case.applicant.date_of_birth == dt.date(1970, 4, 2)
    roles = {(r.person.full_name, r.role) for r in CaseRole.objects.filter(case=case)}
    assert ("Ada Pennywhistle", "victim") in roles and ("Carl Dunmore", "co_defendant") in roles
    note = case.notes.get()
    assert "I was at my sister's house" in note.body and "Identity at issue: Yes" in note.body
    assert "Alibi: Not known" in note.body
    # the scanned letter, filed as a case-less document on entry, moved to the case
    assert list(case.documents.values_list("provenance", flat=True)) == ["applicant"]
    assert app.files.get().document.case == case


def test_assignee_must_work_intake(intake_world, make_application):
    app = make_application()
    with pytest.raises(ValidationError):
        services.application_assign(actor=intake_world.coordinator, application=app, assignee=intake_world.attorney)
    services.application_assign(actor=intake_world.coordinator, application=app, assignee=intake_world.admin)
    assert app.assignee == intake_world.admin


def test_demo_loads_twice_and_shows_the_nickname_warning(client):
    from innocence.cases.demo import load_demo
    from innocence.intake import matching

    ctx = load_demo()
    count = Application.objects.count()
    load_demo()
    assert Application.objects.count() == count >= 6
    robert = Application.objects.get(applicant_name="Robert Lee Ashcombe")
    found = matching.candidates_for(robert, user=ctx.users["intake"])
    assert found[0].label.startswith("Application") and "Bobby Ashcombe" in found[0].label
    assert any("nickname" in r for r in found[0].reasons)
    dewayne = Application.objects.get(applicant_name="Dewayne Okafor")
    kinds = {c.kind for c in matching.candidates_for(dewayne, user=ctx.users["intake"])}
    assert "conflict" in kinds
    client.force_login(ctx.users["intake"])
    for url in ("/intake/", f"/intake/{robert.reference}/", "/intake/metrics/", "/intake/settings/",
                "/intake/apply/lakeside/"):
        assert client.get(url).status_code == 200, url


def test_screening_hints_use_the_record_but_never_answer(intake_world, make_application):
    from innocence.intake import screening

    services.settings_update(actor=intake_world.admin, organization=intake_world.north, states_served="TX MS",
                             dna_focused=True)
    app = make_application()
    rows = {r["criterion"].key: r for r in screening.screening_rows(app)}
    assert rows["jurisdiction_served"]["hint"] == "LA is not among the states you serve (TX, MS)."
    assert rows["identity_at_issue"]["hint"] == "The applicant says: Yes."
    assert rows["biological_evidence"]["hint"] == "The applicant says: Not known."
    assert all(r["answer"] is None for r in rows.values())


def test_more_info_and_other_need_a_note(intake_world, make_application):
    app = make_application()
    with pytest.raises(ValidationError, match="what information is needed"):
        services.application_transition(actor=intake_world.coordinator, application=app, to_stage="more_info")
    with pytest.raises(ValidationError, match="Explain the reason"):
        services.application_transition(actor=intake_world.coordinator, application=app, to_stage="declined",
                                        reason_code="other")
    app.refresh_from_db()
    assert app.stage == "new" and app.transitions.count() == 1


def test_bulk_acknowledge_is_all_or_nothing_and_names_the_problem(intake_world, make_application):
    from innocence.intake import letters

    good = make_application(applicant_name="Person Good")
    bad = make_application(applicant_name="Person Nowhere", facility="Unlisted Camp (fictional)")
    with pytest.raises(ValidationError) as info:
        letters.bulk_acknowledge(actor=intake_world.coordinator, applications=[good, bad])
    assert bad.reference in str(info.value) and "No mailing address" in str(info.value)
    good.refresh_from_db()
    assert good.stage == "new" and not good.correspondence.exists()


def test_reconsidering_a_decline_restarts_the_decision_clock(intake_world, make_application):
    app = make_application()
    services.application_transition(actor=intake_world.coordinator, application=app, to_stage="declined",
                                    reason_code="capacity")
    services.application_transition(actor=intake_world.coordinator, application=app, to_stage="under_review",
                                    note="New affidavit arrived.")
    app.refresh_from_db()
    assert app.decided_at is None and app.decline_reason == ""
    assert [t.to_stage for t in app.transitions.all()] == ["new", "declined", "under_review"]


def test_accepted_letter_is_searchable_in_the_case(intake_world, make_application):
    from innocence.documents.models import Page
    from innocence.search.selectors import search_pages
    from innocence.search.services import index_pages_by_id

    app = make_application()
    app_file = services.file_attach(actor=intake_world.coordinator, application=app, name="letter.pdf",
                                    content=b"%PDF-1.4 another fictional letter", content_type="application/pdf")
    page = Page.objects.create(document=app_file.document, number=1, text="the cannery time cards prove it")
    index_pages_by_id([page.pk])
    for stage in ("under_review", "accepted"):
        services.application_transition(actor=intake_world.coordinator, application=app, to_stage=stage)
    app.refresh_from_db()
    result = search_pages(intake_world.coordinator, "cannery", case=app.case, record_audit=False)
    assert [hit.page_id for hit in result.hits] == [page.pk]
    assert search_pages(intake_world.attorney, "cannery", record_audit=False).hits == []


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["304919213", "\u00b2", "0", "20x4"])
def test_the_metrics_page_refuses_a_year_no_date_can_hold_in_words(client, intake_world, year):
    """Found by the parameter walk: a nine-digit year reached the date lookup (a 500)."""
    client.force_login(intake_world.coordinator)
    response = client.get("/intake/metrics/", {"year": year})
    assert response.status_code == 400
    assert b"four digits" in response.content
    assert client.get("/intake/metrics/", {"year": "2024"}).status_code == 200
