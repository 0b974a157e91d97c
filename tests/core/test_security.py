from __future__ import annotations

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.mark.django_db
def test_login_throttling_locks_out_after_repeated_failures(client, world, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/login/", {"username": "n_attorney", "password": "nope"})
    response = client.post("/login/", {"username": "n_attorney", "password": "correct-horse-9"})
    assert response.status_code in (403, 429)
    assert b"Too many failed sign-ins" in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_login_rejects_open_redirects(client, world):
    response = client.post(
        "/login/", {"username": "n_attorney", "password": "correct-horse-9", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


def _key_on_page(page: str) -> str:
    import re
    from base64 import b32decode

    secret = re.search(r"Key: <code>([A-Z2-7=]+)</code>", page).group(1)
    return b32decode(secret).hex()


def _code(device: TOTPDevice, steps_ahead: int = 0) -> str:
    # A code is accepted once: the second sign-in uses the next 30-second step's code.
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead):06d}"


@pytest.mark.django_db
def test_org_enforced_two_factor_requires_setup_then_code(client, world):
    world.north.require_two_factor = True
    world.north.save()
    client.post("/login/", {"username": "n_attorney", "password": "correct-horse-9"})
    response = client.get(f"/cases/{world.case.reference}/")
    assert response.status_code == 302 and response["Location"] == "/account/two-factor/"
    page = client.get("/account/two-factor/").content.decode()
    assert not TOTPDevice.objects.filter(user=world.on_team).exists()  # a GET creates nothing
    device = TOTPDevice(key=_key_on_page(page))
    response = client.post("/account/two-factor/", {"code": _code(device)})
    device = TOTPDevice.objects.get(user=world.on_team, confirmed=True)
    assert response.status_code == 302
    assert client.get(f"/cases/{world.case.reference}/").status_code == 200
    # Next sign-in asks for a code before anything else.
    client.post("/logout/")
    response = client.post("/login/", {"username": "n_attorney", "password": "correct-horse-9"})
    assert response["Location"].startswith("/login/verify/")
    assert client.get(f"/cases/{world.case.reference}/").status_code == 302
    wrong = "000000" if _code(device, 1) != "000000" else "111111"
    client.post("/login/verify/", {"code": wrong})
    assert client.get(f"/cases/{world.case.reference}/").status_code == 302
    # django-otp throttles a device for a moment after a wrong code; the user retries later.
    device.refresh_from_db()
    device.throttle_reset()
    client.post("/login/verify/", {"code": _code(device, 1)})
    assert client.get(f"/cases/{world.case.reference}/").status_code == 200


@pytest.mark.django_db
def test_security_headers(client, world):
    client.force_login(world.on_team)
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_passwords_hashed_with_argon2():
    from innocence import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.django_db
def test_error_pages_leak_nothing(client, world):
    client.force_login(world.outsider)
    response = client.get(f"/cases/{world.case.reference}/")
    assert response.status_code == 404
    assert b"Example" not in response.content and b"Traceback" not in response.content


@pytest.mark.django_db
def test_django_admin_is_staff_only_and_has_no_case_data(client, world):
    client.force_login(world.admin)
    assert client.get("/staff-admin/").status_code == 302
    from django.contrib import admin

    from innocence.cases.models import Case

    assert Case not in admin.site._registry


@pytest.mark.django_db
def test_admin_enforces_two_factor_from_the_organization_page(client, world):
    client.force_login(world.on_team)
    assert client.get("/organization/").status_code == 404
    client.force_login(world.admin)
    page = client.get("/organization/")
    assert b"n_attorney" in page.content and b"s_admin" not in page.content
    client.post("/organization/", {"require_two_factor": "on"})
    world.north.refresh_from_db()
    assert world.north.require_two_factor
    from innocence.core.models import AuditEntry

    assert AuditEntry.objects.filter(object_type="core.Organization", action="update").exists()
