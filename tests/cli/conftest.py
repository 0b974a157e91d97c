from __future__ import annotations

import io
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    # The shared `world` makes six users; argon2 would spend most of this suite's time hashing.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def run() -> Any:
    """Run an `innocence` command in-process; return its standard output."""
    from django.core.management import call_command

    from innocence.cli import ALIASES

    def run(name: str, *args: str, **kwargs: Any) -> str:
        out = io.StringIO()
        call_command(ALIASES.get(name, name), *args, stdout=out, stderr=io.StringIO(), **kwargs)
        return out.getvalue()

    return run
