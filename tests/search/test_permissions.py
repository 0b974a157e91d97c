"""Search is confidential by default: a user finds only pages of cases they may see, and
the counts say 0 for everything else — on every backend."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from innocence.core.models import AuditEntry
from innocence.search.selectors import search_pages

pytestmark = pytest.mark.usefixtures("search_backend")


@pytest.fixture
def files(world, make_document):
    make_document(world.case, ["Detective Halvorsen interviewed the witness."], title="North transcript")
    make_document(
        world.other_case, ["Halvorsen also testified in the southern case."], title="South transcript"
    )
    make_document(
        None,
        ["Letter from an applicant naming Halvorsen."],
        title="Intake letter",
        organization=world.north,
        doc_type="correspondence",
    )
    return world


def found(user, query="halvorsen", **kwargs):
    result = search_pages(user, query, **kwargs)
    return sorted(h.document_title for h in result.hits), result.total


def test_team_member_and_viewer_find_their_case(files):
    assert found(files.on_team) == (["North transcript"], 1)
    assert found(files.viewer) == (["North transcript"], 1)


def test_admin_finds_their_organizations_files_only(files):
    assert found(files.admin) == (["Intake letter", "North transcript"], 2)
    assert found(files.outsider) == (["South transcript"], 1)


@pytest.mark.parametrize("who", ["off_team", "walled_admin"])
def test_user_off_the_case_or_walled_off_finds_nothing(files, who):
    user = getattr(files, who)
    # Words only the walled/other case holds: nothing, and the count says 0.
    assert found(user, "interviewed") == ([], 0)
    assert found(user, "detective OR interviewed OR witness") == ([], 0)
    assert found(user, case=files.case) == ([], 0)
    assert found(user, f"halvorsen case:{files.case.reference}") == ([], 0)
    titles, total = found(user)
    assert "North transcript" not in titles and total == len(titles)
    if who == "off_team":  # an attorney does not see intake letters either
        assert (titles, total) == ([], 0)


def test_other_organization_finds_nothing_of_ours(files):
    assert found(files.outsider, case=files.case) == ([], 0)
    assert found(files.outsider, "interviewed") == ([], 0)


def test_anonymous_and_inactive_users_find_nothing(files):
    assert found(AnonymousUser()) == ([], 0)
    files.on_team.is_active = False
    files.on_team.save()
    assert found(files.on_team) == ([], 0)


def test_removed_from_team_finds_nothing_at_once(files):
    from innocence.cases import services as case_services

    assert found(files.on_team)[1] == 1
    case_services.team_remove(actor=files.admin, case=files.case, user=files.on_team)
    assert found(files.on_team) == ([], 0)


def test_search_is_audited_with_the_query_not_the_results(files):
    search_pages(files.on_team, "halvorsen", doc_types=["transcript"])
    entry = AuditEntry.objects.filter(action="search").latest("id")
    assert entry.user == files.on_team
    assert entry.changes["query"] == "halvorsen"
    assert entry.changes["filters"] == {"doc_types": ["transcript"]}
    assert "Detective" not in str(entry.changes)
    search_pages(files.on_team, '"unclosed')
    entry = AuditEntry.objects.filter(action="search").latest("id")
    assert entry.changes["query"] == '"unclosed' and entry.changes["error"]
