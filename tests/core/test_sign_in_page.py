"""The door: the sign-in page lists the demo accounts when (and only when) the fictional
demo is loaded; Django's usual /accounts/login/ leads to it."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_listed_when_the_demo_is_loaded(client: Any) -> None:
    from innocence.cases.demo import load_demo

    load_demo()
    body = client.get("/login/").content.decode()
    assert "Demo accounts (fictional data)" in body
    assert "<code>attorney</code>" in body and "<code>outsider</code>" in body
    assert "innocence-demo" in body


def test_no_accounts_are_listed_in_a_real_installation(client: Any, world: Any) -> None:
    body = client.get("/login/").content.decode()
    assert "Demo accounts" not in body
    assert "n_admin" not in body and "innocence-demo" not in body


def test_accounts_login_redirects_to_sign_in(client: Any) -> None:
    response = client.get("/accounts/login/?next=/cases/")
    assert response.status_code == 302 and response["Location"] == "/login/?next=%2Fcases%2F"
