"""Whether the database is migrated, answered cheaply: every command of the CLI, `innocence
check` and `innocence serve` ask it before they start."""

from __future__ import annotations

from typing import Any


def migration_files() -> set[tuple[str, str]] | None:
    """(app label, migration name) of every migration file of the installed apps, listed as
    Django's loader lists them (``pkgutil.iter_modules``, names not starting with "_" or "~")
    but without importing them; None when an app's migrations package cannot be found that
    way (the loader then decides)."""
    import importlib.util
    import pkgutil

    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    found: set[tuple[str, str]] = set()
    for config in apps.get_app_configs():
        module_name, _explicit = MigrationLoader.migrations_module(config.label)
        if module_name is None:
            continue
        try:
            spec = importlib.util.find_spec(module_name)
        except (ImportError, ValueError):
            return None
        if spec is None:
            continue  # an app without migrations
        if spec.submodule_search_locations is None:
            return None
        for _finder, name, is_pkg in pkgutil.iter_modules(spec.submodule_search_locations):
            if not is_pkg and name[0] not in "_~":
                found.add((config.label, name))
    return found


def pending_migrations(connection: Any) -> list[Any]:
    """The migrations not applied yet. When every migration file on disk is recorded as
    applied there are none, and that is known from the file names and one query; building
    Django's migration graph imports every migration module (a twentieth of a CPU-second
    on each command), so it is built only when something may be pending."""
    from django.db.migrations.recorder import MigrationRecorder

    files = migration_files()
    if files is not None:
        applied = set(MigrationRecorder(connection).applied_migrations())
        if files <= applied:
            return []
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)  # loads every migration: once, not twice
    return executor.migration_plan(executor.loader.graph.leaf_nodes())
