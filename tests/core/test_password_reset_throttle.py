"""Reset links are throttled per address and per connection (issue 10, members): the form
cannot fill an inbox or try addresses in bulk, the page says the same whether a request was
held back or not (no one learns who has an account), and the hold is audited for the
address's organization."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from innocence.core.models import AuditEntry

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "reset-throttle"}}


def _strip(response) -> str:  # the CSRF token differs between any two pages
    return re.sub(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def _ask(email: str, ip: str = "10.0.0.1"):
    return Client(REMOTE_ADDR=ip).post("/account/password-reset/", {"email": email}, follow=True)


@pytest.fixture
def limited(settings):
    settings.CACHES = LOCMEM  # a cache of this test's own (the installation's is persistent)
    settings.INNOCENCE_PASSWORD_RESET_LIMITS = (5, 20)
    from django.core.cache import cache

    cache.clear()


@pytest.mark.django_db
def test_an_address_gets_five_links_an_hour_and_the_sixth_request_looks_the_same(world, limited):
    world.on_team.email = "attorney@example.org"
    world.on_team.save()
    answers = [_ask("Attorney@Example.org ", ip=f"10.0.0.{n}") for n in range(1, 7)]
    assert len(mail.outbox) == 5
    assert all(a.redirect_chain == [("/account/password-reset/sent/", 302)] for a in answers)
    assert _strip(answers[5]) == _strip(answers[0])
    held = AuditEntry.objects.filter(action="access_denied", object_repr__contains="password reset")
    assert held.count() == 1 and held.get().organization == world.north
    assert held.get().changes["per"] == "address"
    _ask("attorney@example.org", ip="10.0.0.9")  # still held back; audited once an hour, not each time
    assert len(mail.outbox) == 5 and held.count() == 1


@pytest.mark.django_db
def test_one_connection_cannot_try_addresses_in_bulk(world, limited):
    world.on_team.email = "attorney@example.org"
    world.on_team.save()
    for n in range(20):
        _ask(f"nobody{n}@example.org", ip="10.0.0.66")
    unknown = _ask("nobody-else@example.org", ip="10.0.0.66")
    known = _ask("attorney@example.org", ip="10.0.0.66")
    assert not mail.outbox  # the 21st and 22nd requests from that connection send nothing
    assert _strip(known) == _strip(unknown)
    held = AuditEntry.objects.get(action="access_denied", object_repr__contains="password reset")
    assert held.changes["per"] == "connection" and held.changes["ip"] == "10.0.0.66"
    _ask("attorney@example.org", ip="10.0.0.67")  # another connection is not held back
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_off_when_not_configured(world, settings):
    settings.INNOCENCE_PASSWORD_RESET_LIMITS = None
    world.on_team.email = "attorney@example.org"
    world.on_team.save()
    for _ in range(7):
        _ask("attorney@example.org")
    assert len(mail.outbox) == 7
