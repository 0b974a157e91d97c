"""The access rule, proven for every web endpoint of a case: on the team or an org admin
sees it; everyone else — off the team, walled off, another organization — gets 404."""

from __future__ import annotations

import pytest

from innocence.cases.models import Case, Note
from innocence.cases.selectors import cases_visible_to
from innocence.cases.tabs import tabs

GET_PATHS = ["/cases/{ref}/", "/cases/{ref}/edit/"] + [f"/cases/{{ref}}/{t.slug}/" for t in tabs()]
POST_PATHS = [
    ("/cases/{ref}/notes/add/", {"body": "secret"}),
    ("/cases/{ref}/tasks/add/", {"title": "secret"}),
    ("/cases/{ref}/stage/", {"to_stage": "screening"}),
    ("/people/case/{ref}/roles/add/", {"full_name": "Someone", "role": "witness"}),
    ("/cases/{ref}/team/add/", {"user": "1"}),
    ("/cases/{ref}/walls/add/", {"user": "1", "reason": "x"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("path", GET_PATHS)
def test_get_endpoints(client, world, path):
    url = path.format(ref=world.case.reference)
    for user, expected in [
        (world.on_team, 200),
        (world.admin, 200),
        (world.viewer, 200),
        (world.off_team, 404),
        (world.walled_admin, 404),
        (world.outsider, 404),
    ]:
        client.force_login(user)
        response = client.get(url)
        if path.endswith("/edit/") and user == world.viewer:
            continue
        assert response.status_code == expected, (user.username, url, response.status_code)
        if expected == 404:
            assert world.case.title.encode() not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "data"), POST_PATHS)
def test_post_endpoints_refuse_outsiders_without_writing(client, world, path, data):
    url = path.format(ref=world.case.reference)
    before = (
        Note.objects.count(),
        world.case.tasks.count(),
        world.case.roles.count(),
        world.case.team.count(),
    )
    for user in (world.off_team, world.walled_admin, world.outsider):
        client.force_login(user)
        assert client.post(url, data).status_code == 404
    world.case.refresh_from_db()
    assert world.case.stage == "intake"
    after = (
        Note.objects.count(),
        world.case.tasks.count(),
        world.case.roles.count(),
        world.case.team.count(),
    )
    assert before == after


@pytest.mark.django_db
def test_viewer_cannot_write(client, world):
    client.force_login(world.viewer)
    response = client.post(f"/cases/{world.case.reference}/notes/add/", {"body": "hi"})
    assert response.status_code == 403
    assert not Note.objects.exists()


@pytest.mark.django_db
def test_counts_and_lists_never_include_invisible_cases(client, world):
    client.force_login(world.off_team)
    response = client.get("/cases/")
    assert world.case.reference.encode() not in response.content
    assert world.other_case.reference.encode() not in response.content
    response = client.get("/cases/?q=Example")
    assert b"No cases match" in response.content
    response = client.get("/")
    assert b"All cases you can see (0)" in response.content
    assert list(cases_visible_to(world.off_team)) == []
    assert list(cases_visible_to(world.outsider)) == [world.other_case]
    assert set(cases_visible_to(world.admin)) == {world.case}
    assert list(cases_visible_to(world.walled_admin)) == []


@pytest.mark.django_db
def test_wall_beats_team_and_admin(client, world):
    from innocence.cases import services

    services.wall_off(actor=world.admin, case=world.case, user=world.on_team, reason="conflict")
    assert not cases_visible_to(world.on_team).exists()
    client.force_login(world.on_team)
    assert client.get(f"/cases/{world.case.reference}/").status_code == 404
    services.wall_lift(actor=world.admin, case=world.case, user=world.on_team)
    # Lifting a wall does not put the user back on the team: access is granted explicitly.
    assert not cases_visible_to(world.on_team).exists()


@pytest.mark.django_db
def test_inactive_and_anonymous_users_see_nothing(client, world):
    world.on_team.is_active = False
    world.on_team.save()
    assert not cases_visible_to(world.on_team).exists()
    response = client.get(f"/cases/{world.case.reference}/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert Case.objects.count() == 2


@pytest.mark.django_db
def test_person_lookup_adds_an_existing_person_in_one_click(client, world):
    from innocence.cases import services
    from innocence.people import services as people_services

    detective = people_services.person_create(
        actor=world.admin, organization=world.north, full_name="Raymond Testcase", aliases=["Ray T."]
    )
    second = services.case_create(actor=world.admin, organization=world.north, title="State v. Second")
    services.team_add(actor=world.admin, case=second, user=world.on_team)
    client.force_login(world.on_team)
    response = client.get(f"/people/lookup/?case={world.case.reference}&q=ray")
    assert b"Raymond Testcase" in response.content
    client.post(
        f"/people/case/{world.case.reference}/roles/add/",
        {"existing_person": detective.pk, "role": "officer", "description": "lead detective"},
    )
    client.post(f"/people/case/{second.reference}/roles/add/", {"existing_person": detective.pk, "role": "officer"})
    assert set(detective.case_roles.values_list("case__reference", flat=True)) == {
        world.case.reference,
        second.reference,
    }
    # Someone off the case cannot use the lookup to probe it.
    client.force_login(world.outsider)
    assert client.get(f"/people/lookup/?case={world.case.reference}&q=ray").status_code == 404


# --- every route, walked ------------------------------------------------------------------
# The table of routes lives in tests/route_table.py; a URL pattern missing from it fails here.

from tests.route_table import WEB, url_names, web_path  # noqa: E402

CASE_ROUTES = [r for r in WEB if r.scope == "case"]


def test_every_url_pattern_has_an_access_test() -> None:
    covered = {r.key for r in WEB}
    assert not url_names() - covered, "routes without an access test: add them to tests/route_table.py"
    assert not covered - url_names(), "tests/route_table.py names routes that no longer exist"


def _send(client, route, estate):
    url = web_path(route, estate)
    data = route.data(estate) or {}
    return client.post(url, data) if route.method == "POST" else client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("route", CASE_ROUTES, ids=[r.key for r in CASE_ROUTES])
def test_case_route_is_404_for_everyone_off_the_case(client, estate, route):
    from innocence.core.models import AuditAction, AuditEntry

    writing = [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE, AuditAction.IMPORT, AuditAction.EXPORT]
    writes_before = AuditEntry.objects.filter(action__in=writing).count()
    for who in (estate.off_team, estate.walled_admin, estate.users["outsider"]):
        client.force_login(who)
        response = _send(client, route, estate)
        assert response.status_code == 404, (route.key, who.username, response.status_code)
        assert estate.case.title.encode() not in response.content
    changed = AuditEntry.objects.filter(action__in=writing)
    assert changed.count() == writes_before, (route.key, list(changed.values_list("action", "object_repr")[:3]))
    client.force_login(estate.users["attorney"])
    response = _send(client, route, estate)
    assert response.status_code in route.ok, (route.key, response.status_code)


SCOPED = [r for r in WEB if r.scope in ("intake", "admin")]


@pytest.mark.django_db
@pytest.mark.parametrize("route", SCOPED, ids=[r.key for r in SCOPED])
def test_intake_and_admin_routes_are_404_for_other_roles(client, estate, route):
    allowed = "intake" if route.scope == "intake" else "admin"
    # another organization's admin has an intake desk and an audit log of their own: they
    # are refused this organization's records (routes with an id), not their own pages
    others = ("attorney", "viewer", "outsider") if route.args(estate) else ("attorney", "viewer")
    for who in others:
        client.force_login(estate.users[who])
        assert _send(client, route, estate).status_code == 404, (route.key, who)
    client.force_login(estate.users[allowed])
    assert _send(client, route, estate).status_code in route.ok, route.key


SIGNED_IN = [r for r in WEB if r.scope in ("member", "case", "intake", "admin")]


@pytest.mark.django_db
@pytest.mark.parametrize("route", SIGNED_IN, ids=[r.key for r in SIGNED_IN])
def test_anonymous_is_sent_to_sign_in(client, estate, route):
    response = _send(client, route, estate)
    assert response.status_code in (302, 403, 404), (route.key, response.status_code)
    if response.status_code == 302:
        assert "/login/" in response["Location"]
    assert estate.case.title.encode() not in response.content


# --- read-only means read-only ---------------------------------------------------------
#: Every form page a case's reader may reach (found in tests/route_table.py, so a new lens's
#: form is covered): the case, people and Witness forms, and the Evidence, Prosecution,
#: Timeline, reports, network and partners forms.
FORM_PAGES = sorted(
    r.key for r in WEB
    if r.method == "GET" and r.scope in ("case", "member") and r.key.endswith(("_add", "_edit", "_import"))
)


def test_the_form_walk_finds_every_lens_form() -> None:
    assert {"cases:case_edit", "people:person_edit", "witnesses:record_add", "evidence:record_edit",
            "prosecution:record_edit", "timeline:event_edit", "prosecution:registry_add"} <= set(FORM_PAGES)


@pytest.mark.django_db
@pytest.mark.parametrize("name", FORM_PAGES)
def test_a_viewer_gets_403_before_an_edit_form_renders(client, estate, name):
    route = next(r for r in WEB if r.key == name)
    client.force_login(estate.users["viewer"])
    response = client.get(web_path(route, estate))
    assert response.status_code == 403, name
    assert b"<form" not in response.content.split(b"<main", 1)[-1] or b"csrfmiddlewaretoken" not in response.content


@pytest.mark.django_db
def test_a_viewer_cannot_export(client, estate):
    from innocence.core.models import AuditEntry

    client.force_login(estate.users["viewer"])
    before = AuditEntry.objects.filter(action="export").count()
    assert client.get(f"/cases/{estate.case.reference}/export/").status_code == 403
    assert AuditEntry.objects.filter(action="export").count() == before
    assert b"/export/" not in client.get(f"/cases/{estate.case.reference}/").content
