"""Shared fixtures. Every fixture is fictional and made here, never read from ../shared."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses
# to run where a loop is running unless told this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


#: Fixtures through which a test reaches the database. A test that needs none runs the same
#: code on either backend, so the PostgreSQL pass (DATABASE_URL set, by scripts/test.sh) leaves
#: it to the SQLite pass instead of running it twice; INNOCENCE_TEST_EVERYTHING=1 runs all.
_DATABASE_FIXTURES = {
    # not django_db_blocker: pytest-django hands it to every test
    "db", "transactional_db", "django_db_setup", "live_server",
    "django_db_reset_sequences", "django_db_serialized_rollback",
}


def _uses_database(item: pytest.Item) -> bool:
    if item.get_closest_marker("django_db") or item.get_closest_marker("database"):
        return True
    return bool(_DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or os.environ.get("INNOCENCE_TEST_EVERYTHING"):
        return
    kept, deselected = [], []
    for item in items:
        (kept if _uses_database(item) else deselected).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


#: What every test hashes passwords with, module-scoped fixtures included (they are set up
#: before the function-scoped settings below).
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _test_settings(settings: Any) -> None:
    # django-axes needs a request on every authenticate(); tests that check throttling
    # turn it back on.
    settings.AXES_ENABLED = False
    # The reset throttle counts in the installation's (persistent) cache; its test turns it on.
    settings.INNOCENCE_PASSWORD_RESET_LIMITS = None
    # Argon2 is deliberately slow; production keeps it (see test_passwords_hashed_with_argon2).
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def make_org(db: Any) -> Callable[..., Any]:
    from innocence.core.models import Organization

    def make(slug: str = "northside", name: str | None = None, prefix: str | None = None, **kw: Any) -> Any:
        return Organization.objects.create(
            slug=slug,
            name=name or f"{slug.title()} Project (test)",
            case_prefix=prefix or slug[:3].upper(),
            **kw,
        )

    return make


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    from django.contrib.auth import get_user_model

    from innocence.core.models import Membership

    def make(
        username: str, org: Any = None, role: str = "attorney", password: str = "correct-horse-9"
    ) -> Any:
        user = get_user_model().objects.create_user(username=username, password=password)
        if org is not None:
            Membership.objects.create(user=user, organization=org, role=role)
        return user

    return make


@pytest.fixture
def world(make_org: Callable[..., Any], make_user: Callable[..., Any]) -> Any:
    """Two organizations. In the first: an admin, an attorney on the case, an attorney off
    it, a viewer on it, and a walled-off admin; in the second, an admin."""
    from types import SimpleNamespace

    from innocence.cases import services

    north = make_org("northside", prefix="NS")
    south = make_org("southside", prefix="SS")
    admin = make_user("n_admin", north, "admin")
    on_team = make_user("n_attorney", north, "attorney")
    off_team = make_user("n_other", north, "attorney")
    viewer = make_user("n_viewer", north, "viewer")
    walled_admin = make_user("n_walled_admin", north, "admin")
    outsider = make_user("s_admin", south, "admin")
    case = services.case_create(
        actor=admin, organization=north, title="State v. Example", docket_numbers=["CR-1"], state="LA"
    )
    services.team_add(actor=admin, case=case, user=on_team)
    services.team_add(actor=admin, case=case, user=viewer)
    services.wall_off(actor=admin, case=case, user=walled_admin, reason="former prosecutor on this case")
    other_case = services.case_create(actor=outsider, organization=south, title="State v. Elsewhere")
    return SimpleNamespace(
        north=north,
        south=south,
        admin=admin,
        on_team=on_team,
        off_team=off_team,
        viewer=viewer,
        walled_admin=walled_admin,
        outsider=outsider,
        case=case,
        other_case=other_case,
    )


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def chromium_browser() -> Any:
    """One Chromium per module (Debian's package), or a skip with the reason when absent.
    Each test gets its own context (cookies, storage) from it; starting Playwright and
    Chromium for every test cost ~0.6 s each. Module, not session: Playwright's sync API
    keeps an event loop running in the test thread while it is open."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def chromium_page(chromium_browser: Any) -> Any:
    """A real Chromium page in a fresh browser context."""
    context = chromium_browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="module")
def estate(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The fictional demo with one of every record, loaded once per module (see
    tests/route_table.py): what the route walks run over."""
    from tests.route_table import build_estate

    yield from build_estate(django_db_blocker)


def demo_for_module(django_db_blocker: Any, **overrides: Any) -> Any:
    """``load_demo()`` once for a module of read-mostly tests, rolled back at the module's
    end, as ``estate`` does: each test still runs in its own transaction on top of it, so
    what one test writes the next does not see. ``overrides`` are settings for the load
    (and the module's tests, as the function-scoped fixtures it replaces set them)."""
    from django.db import transaction
    from django.test import override_settings

    from innocence.cases.demo import load_demo

    overrides = {"PASSWORD_HASHERS": FAST_HASHERS, **overrides}
    with django_db_blocker.unblock(), override_settings(**overrides), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)
