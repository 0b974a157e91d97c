"""/healthz for load balancers: 200 and "ok" when the database and the queue answer, 503
when the queue does not, nothing about the data either way, no sign-in, no session."""

from __future__ import annotations

import socket
from typing import Any

import pytest


@pytest.mark.django_db
def test_healthy_without_signing_in(client: Any) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok"}
    assert response["Cache-Control"] == "no-store"
    assert "sessionid" not in response.cookies
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_an_unreachable_redis_makes_it_unavailable_and_says_no_more(client: Any, settings: Any) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.INNOCENCE_QUEUE = "rq"
    settings.REDIS_URL = f"redis://127.0.0.1:{port}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "queue": "unreachable"}
    assert str(port) not in response.content.decode()
