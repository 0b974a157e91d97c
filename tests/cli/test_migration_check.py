"""Is the database migrated? Every CLI command, `innocence check` and `innocence serve` ask;
the answer comes from the migration file names and the applied records when they agree, and
from Django's migration graph otherwise: both ways give the loader's answer."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from innocence.core import migration_state


def _loader_plan() -> list[tuple[str, str]]:
    executor = MigrationExecutor(connection)
    return [(m.app_label, m.name) for m, _backwards in executor.migration_plan(executor.loader.graph.leaf_nodes())]


def test_the_file_names_are_the_loaders_migrations() -> None:
    files = migration_state.migration_files()
    assert files is not None
    assert files == set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    assert ("cases", "0001_initial") in files


@pytest.mark.django_db(transaction=True)
def test_a_migrated_database_has_nothing_pending() -> None:
    assert migration_state.pending_migrations(connection) == [] == _loader_plan()


@pytest.mark.django_db(transaction=True)
def test_a_migration_not_recorded_is_pending_as_the_loader_says() -> None:
    recorder = MigrationRecorder(connection)
    latest = recorder.migration_qs.filter(app="cases").order_by("-id").first()
    assert latest is not None
    name = latest.name
    try:
        recorder.record_unapplied("cases", name)
        pending = [(m.app_label, m.name) for m, _backwards in migration_state.pending_migrations(connection)]
        assert ("cases", name) in pending
        assert pending == _loader_plan()
    finally:
        recorder.record_applied("cases", name)
