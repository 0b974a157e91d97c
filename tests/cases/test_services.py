from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from innocence.cases import services
from innocence.cases.models import Case, DocketNumber, StageChange
from innocence.cases.stages import ALLOWED_TRANSITIONS, Stage
from innocence.core.models import AuditEntry


@pytest.mark.django_db
def test_case_create_records_history_team_and_audit(world):
    case = services.case_create(
        actor=world.admin,
        organization=world.north,
        title="State v. New",
        docket_numbers=["CR 80-12"],
        charges="Murder\nRobbery",
        state="la",
        conviction_date="1981-02-03",
    )
    assert case.reference == f"NS-{dt.date.today().year}-0002"
    assert case.state == "LA" and case.charges == ["Murder", "Robbery"]
    assert case.conviction_date == dt.date(1981, 2, 3)
    assert case.stage_changes.get().to_stage == Stage.INTAKE
    assert case.team.filter(user=world.admin).exists()
    entry = AuditEntry.objects.filter(action="create", object_type="cases.Case", object_id=str(case.pk)).get()
    assert entry.username == "n_admin" and entry.changes["docket_numbers"] == ["CR 80-12"]


@pytest.mark.django_db
def test_duplicate_docket_in_organization_is_refused_and_nothing_written(world):
    count = Case.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.case_create(
            actor=world.admin, organization=world.north, title="Dup", docket_numbers=["cr-1"]
        )
    assert "docket_numbers" in exc.value.message_dict
    assert "already on another case" in exc.value.message_dict["docket_numbers"][0]
    assert Case.objects.count() == count
    # The same docket number in another organization is fine.
    services.case_create(
        actor=world.outsider, organization=world.south, title="Other", docket_numbers=["CR-1"]
    )
    assert DocketNumber.objects.filter(normalized="cr1").count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("state", "Louisiana", "two-letter"),
        ("conviction_date", "not a date", "date like"),
        ("conviction_date", "2999-01-01", "future"),
        ("offense_date", "12/06/1994", "date like"),
        ("offense_date", "2999-01-01", "future"),
        ("arrest_date", "2999-01-01", "future"),
        ("title", "  ", "needs a title"),
    ],
)
def test_invalid_case_fields_name_the_field(world, field, value, message):
    kwargs = {"title": "State v. X", field: value}
    with pytest.raises(ValidationError) as exc:
        services.case_create(actor=world.admin, organization=world.north, **kwargs)
    assert field in exc.value.message_dict
    assert message in " ".join(exc.value.message_dict[field])


@pytest.mark.django_db
def test_stage_transitions_follow_the_table(world):
    case = world.case
    with pytest.raises(ValidationError) as exc:
        services.case_change_stage(actor=world.on_team, case=case, to_stage=Stage.EXONERATED)
    assert "cannot move from Intake to Closed: exonerated" in str(exc.value)
    for stage in (Stage.SCREENING, Stage.INVESTIGATION, Stage.LITIGATION, Stage.EXONERATED):
        services.case_change_stage(actor=world.on_team, case=case, to_stage=stage, note=f"to {stage}")
    case.refresh_from_db()
    assert case.stage == Stage.EXONERATED
    history = list(
        StageChange.objects.filter(case=case).values_list("from_stage", "to_stage", "by__username")
    )
    assert history[-1] == (Stage.LITIGATION, Stage.EXONERATED, "n_attorney")
    assert ALLOWED_TRANSITIONS[Stage.EXONERATED] == ()


def test_every_stage_has_a_transition_entry():
    assert set(ALLOWED_TRANSITIONS) == set(Stage)
    for targets in ALLOWED_TRANSITIONS.values():
        assert all(t in Stage for t in targets)


@pytest.mark.django_db
def test_viewer_and_outsider_cannot_write(world):
    with pytest.raises(PermissionDenied):
        services.note_create(actor=world.viewer, case=world.case, body="x")
    with pytest.raises(PermissionDenied):
        services.note_create(actor=world.outsider, case=world.case, body="x")
    with pytest.raises(PermissionDenied):
        services.team_add(actor=world.on_team, case=world.case, user=world.off_team)


@pytest.mark.django_db
def test_team_member_must_belong_to_the_organization(world):
    with pytest.raises(ValidationError):
        services.team_add(actor=world.admin, case=world.case, user=world.outsider)
    with pytest.raises(ValidationError):
        services.team_add(actor=world.admin, case=world.case, user=world.walled_admin)


@pytest.mark.django_db
def test_task_lifecycle_is_audited(world):
    task = services.task_create(
        actor=world.on_team, case=world.case, title="Find the lab notes", assignee=world.on_team
    )
    services.task_update(actor=world.on_team, task=task, done=True)
    task.refresh_from_db()
    assert task.done and task.done_at is not None
    update = AuditEntry.objects.filter(action="update", object_type="cases.Task").get()
    assert update.changes["done"] == [False, True]
    with pytest.raises(ValidationError):
        services.task_create(actor=world.on_team, case=world.case, title="x", assignee=world.outsider)


@pytest.mark.django_db
def test_offense_and_arrest_dates_are_kept_and_shown_on_the_overview(world, client):
    case = services.case_create(
        actor=world.admin, organization=world.north, title="State v. Dated (fictional)",
        offense_date="1994-06-12", arrest_date="1994-06-14",
    )
    assert (case.offense_date, case.arrest_date) == (dt.date(1994, 6, 12), dt.date(1994, 6, 14))
    client.force_login(world.admin)
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert "Offense date" in page and "June 12, 1994" in page and "June 14, 1994" in page
    services.case_update(actor=world.admin, case=case, offense_date=None, arrest_date="")
    case.refresh_from_db()
    assert case.offense_date is None and case.arrest_date is None
    page = client.get(f"/cases/{case.reference}/").content.decode()
    start = page.index("Offense date")
    assert "not recorded" in page[start:start + 200]


@pytest.mark.django_db
def test_the_case_form_edits_the_offense_and_arrest_dates(world, client):
    client.force_login(world.admin)
    url = f"/cases/{world.case.reference}/edit/"
    form = client.get(url).content.decode()
    assert 'name="offense_date"' in form and 'name="arrest_date"' in form
    response = client.post(url, {"title": world.case.title, "offense_date": "1994-06-12", "arrest_date": "1994-06-14"})
    assert response.status_code == 302, response.content.decode()[:500]
    world.case.refresh_from_db()
    assert (world.case.offense_date, world.case.arrest_date) == (dt.date(1994, 6, 12), dt.date(1994, 6, 14))
    response = client.post(url, {"title": world.case.title, "offense_date": "2999-01-01"})
    assert response.status_code == 200 and "cannot be in the future" in response.content.decode()
    world.case.refresh_from_db()
    assert world.case.offense_date == dt.date(1994, 6, 12)  # the refused edit changed nothing
