"""What a new user saw wrong on the case page: the Team card without roles, a stage history
of three identical lines, badges and buttons floating under the title, no favicon."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from tests.conftest import demo_for_module


@pytest.fixture(scope="module")
def _demo(django_db_setup: Any, django_db_blocker: Any) -> Any:
    # Loaded once: every test here only reads pages (loading it per test cost ~3.7 s each).
    yield from demo_for_module(django_db_blocker)


@pytest.fixture
def admin_client(db: object, _demo: Any) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    return client


def test_team_card_names_each_members_role(admin_client: Client) -> None:
    html = admin_client.get("/cases/LIC-DEMO-001/").content.decode()
    assert 'Priya Okonkwo-Lind <span class="muted">· Attorney</span>' in html
    assert 'Sam Arvelo <span class="muted">· Law student</span>' in html


def test_demo_stage_history_has_one_line_per_step_each_its_own_time_and_words(admin_client: Client) -> None:
    html = admin_client.get("/cases/LIC-DEMO-001/").content.decode()
    history = re.search(r"<h3>History</h3>\s*<ol>(.*?)</ol>", html, re.DOTALL)
    assert history
    lines = re.findall(r"<li>(.*?)</li>", history.group(1), re.DOTALL)
    assert len(lines) == 3
    assert len({line.split(" · ")[0] for line in lines}) == 3  # three timestamps
    assert len({line.split(" — ")[-1] for line in lines}) == 3  # three notes
    assert "demo history" not in html


def test_case_header_keeps_title_badges_and_actions_apart(admin_client: Client) -> None:
    html = admin_client.get("/cases/LIC-DEMO-001/").content.decode()
    head = re.search(r'<header class="page-head">(.*?)</header>', html, re.DOTALL)
    assert head
    title, actions = head.group(1).split('<div class="page-actions">')
    assert "fictional demo case" in title and "<h1>" in title
    assert "Edit case" in actions and "Export" in actions
    listing = admin_client.get("/cases/").content.decode()
    assert re.search(
        r'<header class="page-head">.*<h1>Cases</h1>.*page-actions.*New case', listing, re.DOTALL
    )


def test_every_page_names_a_favicon_that_exists(admin_client: Client) -> None:
    html = admin_client.get("/").content.decode()
    assert re.search(r'<link rel="icon" href="[^"]*favicon\.svg"', html)
    assert finders.find("innocence/favicon.svg")
