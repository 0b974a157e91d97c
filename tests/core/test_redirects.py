"""No route sends the browser off the site, whatever `next` it is given (open redirects).
Every route of the table, as the user who may use it, with hostile `next` values."""

from __future__ import annotations

import pytest

from tests.route_table import WEB, web_path

HOSTILE = ["https://evil.example/", "//evil.example/", "/\\evil.example/", "https:evil.example", "javascript:alert(1)"]
WHO = {"case": "attorney", "member": "attorney", "intake": "intake", "admin": "admin", "public": None}


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in WEB if r.key != "core:logout"], ids=lambda r: r.key)
def test_no_route_redirects_off_site(client, estate, route):
    who = WHO[route.scope]
    if who:
        client.force_login(estate.users[who])
    for target in HOSTILE:
        url = web_path(route, estate)
        url += ("&" if "?" in url else "?") + "next=" + target
        data = {**(route.data(estate) or {}), "next": target}
        response = client.post(url, data) if route.method == "POST" else client.get(url)
        location = response.get("Location", "")
        assert "evil.example" not in location and not location.startswith("javascript"), (route.key, location)


@pytest.mark.django_db
def test_sign_in_keeps_a_local_next(client, world):
    response = client.post(
        "/login/", {"username": "n_attorney", "password": "correct-horse-9", "next": "/cases/"}
    )
    assert response["Location"] == "/cases/"
