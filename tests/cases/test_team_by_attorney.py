"""An attorney on a case puts the organization's students and investigators on its team
and takes them off; admins, other attorneys and other organizations' people stay an
admin's decision; a wall still wins; every change is audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from innocence.cases import services
from innocence.cases.models import TeamMember
from innocence.core.models import AuditEntry


@pytest.fixture
def crew(world, make_user):
    world.student = make_user("n_student", world.north, "student")
    world.investigator = make_user("n_investigator", world.north, "investigator")
    world.walled_student = make_user("n_walled_student", world.north, "student")
    world.south_student = make_user("s_student", world.south, "student")
    world.second_admin = make_user("n_second_admin", world.north, "admin")
    services.wall_off(actor=world.admin, case=world.case, user=world.walled_student, reason="worked for the DA")
    return world


def _on_team(case, user):
    return TeamMember.objects.filter(case=case, user=user).exists()


def _as(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_an_attorney_on_the_case_adds_a_student_and_an_investigator(crew):
    w = crew
    client = _as(w.on_team)
    page = client.get(f"/cases/{w.case.reference}/").content.decode()
    options = page.split('name="user"', 1)[1].split("</select>", 1)[0]
    assert "n_student" in options and "n_investigator" in options
    for absent in ("n_admin", "n_second_admin", "n_other", "n_viewer", "n_walled_student", "n_walled_admin", "s_student"):
        assert absent not in options, absent

    for user in (w.student, w.investigator):
        response = client.post(f"/cases/{w.case.reference}/team/add/", {"user": user.pk, "responsibility": "records"})
        assert response.status_code == 302
        assert _on_team(w.case, user)
    row = AuditEntry.objects.filter(object_type="cases.TeamMember", action="create").first()
    assert row.username == "n_attorney" and row.case_reference == w.case.reference
    assert row.changes == {"user": "n_investigator", "role": "investigator"}

    assert client.post(f"/cases/{w.case.reference}/team/{w.student.pk}/remove/").status_code == 302
    assert not _on_team(w.case, w.student)
    assert AuditEntry.objects.filter(object_type="cases.TeamMember", action="delete", username="n_attorney").exists()


@pytest.mark.django_db
def test_an_attorney_cannot_add_admins_attorneys_outsiders_or_the_walled_off(crew):
    w = crew
    client = _as(w.on_team)
    for user in (w.off_team, w.second_admin, w.south_student, w.walled_student):
        client.post(f"/cases/{w.case.reference}/team/add/", {"user": user.pk})
        assert not _on_team(w.case, user), user.username
    for user in (w.off_team, w.second_admin):
        with pytest.raises(PermissionDenied):
            services.team_add(actor=w.on_team, case=w.case, user=user)
    with pytest.raises(ValidationError, match="not a member"):
        services.team_add(actor=w.on_team, case=w.case, user=w.south_student)
    with pytest.raises(ValidationError) as walled:
        services.team_add(actor=w.on_team, case=w.case, user=w.walled_student)
    assert "wall" not in str(walled.value) and "DA" not in str(walled.value)  # walls are for admins
    # an admin hears why
    with pytest.raises(ValidationError, match="walled off"):
        services.team_add(actor=w.admin, case=w.case, user=w.walled_student)
    # and she takes no attorney or viewer off the team
    assert client.post(f"/cases/{w.case.reference}/team/{w.viewer.pk}/remove/").status_code == 403
    assert _on_team(w.case, w.viewer)


@pytest.mark.django_db
def test_an_attorney_off_the_case_and_a_viewer_on_it_change_nothing(crew):
    w = crew
    assert _as(w.off_team).post(f"/cases/{w.case.reference}/team/add/", {"user": w.student.pk}).status_code == 404
    assert _as(w.viewer).post(f"/cases/{w.case.reference}/team/add/", {"user": w.student.pk}).status_code == 403
    assert not _on_team(w.case, w.student)
    with pytest.raises(PermissionDenied):
        services.team_add(actor=w.off_team, case=w.case, user=w.student)
    page = _as(w.viewer).get(f"/cases/{w.case.reference}/").content.decode()
    assert "Add to team" not in page


@pytest.mark.django_db
def test_a_deactivated_student_cannot_be_added(crew):
    from innocence.core import services as core_services
    from innocence.core.models import Membership

    w = crew
    core_services.member_deactivate(
        actor=w.admin, membership=Membership.objects.get(user=w.student, organization=w.north)
    )
    with pytest.raises(ValidationError, match="not a member"):
        services.team_add(actor=w.on_team, case=w.case, user=w.student)
