"""Two-factor sign-in cannot be skipped: a session that passed the password but not the
code reaches nothing but the code prompt (and set-up, only while no device exists yet)."""

from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.route_table import WEB, web_path


def _code(key_hex: str, steps_ahead: int = 0) -> str:
    device = TOTPDevice(key=key_hex)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead):06d}"


def _key_on_page(page: str) -> str:
    import re
    from base64 import b32decode

    match = re.search(r"Key: <code>([A-Z2-7=]+)</code>", page)
    assert match, page[:500]
    return b32decode(match.group(1)).hex()


def _half_signed_in(client, user, device_key: str) -> None:
    """Password passed; the confirmed device's code not yet entered."""
    TOTPDevice.objects.create(user=user, name="phone", key=device_key, confirmed=True)
    response = client.post("/login/", {"username": user.username, "password": "correct-horse-9"})
    assert response["Location"].startswith("/login/verify/")


@pytest.mark.django_db
def test_setup_page_refuses_a_session_that_has_not_passed_its_code(client, world):
    world.north.require_two_factor = True
    world.north.save()
    _half_signed_in(client, world.on_team, "3132333435363738393031323334353637383930")
    response = client.get("/account/two-factor/")
    assert response.status_code == 302 and response["Location"].startswith("/login/verify/")
    # Posting a code "from a fresh secret" is refused the same way, and verifies nothing.
    response = client.post("/account/two-factor/", {"code": "123456"})
    assert response["Location"].startswith("/login/verify/")
    assert TOTPDevice.objects.filter(user=world.on_team).count() == 1
    response = client.get(f"/cases/{world.case.reference}/")
    assert response.status_code == 302 and "/login/verify/" in response["Location"]


@pytest.mark.django_db
def test_a_get_of_the_setup_page_creates_no_device(client, world):
    client.force_login(world.on_team)
    first = _key_on_page(client.get("/account/two-factor/").content.decode())
    client.get("/account/two-factor/")
    assert not TOTPDevice.objects.exists()
    # A wrong code creates nothing either; the right one turns it on.
    second = _key_on_page(client.get("/account/two-factor/").content.decode())
    assert first != second
    client.post("/account/two-factor/", {"code": "not a code"})
    assert not TOTPDevice.objects.exists()
    client.post("/account/two-factor/", {"code": _code(second)})
    assert TOTPDevice.objects.get(user=world.on_team).confirmed


@pytest.mark.django_db
def test_a_half_signed_in_session_reaches_no_route(client, estate):
    """Every signed-in route of the site, for a session that passed only the password."""
    user = estate.users["attorney"]
    user.set_password("correct-horse-9")
    user.save()
    _half_signed_in(client, user, "3132333435363738393031323334353637383931")
    open_to_half = {"core:login", "core:verify", "core:logout", "core:two_factor_setup"}
    for route in WEB:
        if route.scope == "public" or route.key in open_to_half:
            continue
        url = web_path(route, estate)
        response = client.post(url, route.data(estate) or {}) if route.method == "POST" else client.get(url)
        assert response.status_code == 302, (route.key, response.status_code)
        assert "/login/verify/" in response["Location"], route.key


@pytest.mark.django_db
def test_api_tokens_need_two_factor_where_it_is_enforced(client, world):
    from django.core.exceptions import ValidationError

    from innocence.core import services
    from innocence.core.models import ApiToken

    _, key = services.token_create(user=world.on_team, name="nightly export")
    client.force_login(world.admin)
    client.post("/organization/", {"require_two_factor": "on"})
    assert ApiToken.objects.get(user=world.on_team).revoked_at is not None
    response = client.get("/api/cases", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 401
    with pytest.raises(ValidationError, match="requires two-factor"):
        services.token_create(user=world.on_team, name="again")
    TOTPDevice.objects.create(user=world.on_team, name="phone", confirmed=True)
    services.token_create(user=world.on_team, name="again")
