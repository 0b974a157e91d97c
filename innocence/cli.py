"""The `innocence` command: an operator's tool, like Django's manage.py.

The data directory comes from INNOCENCE_DATA_DIR; by default it is ``./var`` of the checkout
the command runs from (the one ``make demo`` uses), or ~/.local/share/innocence-files for an
installed copy.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: Our command names → Django management commands. `check` is ours (a configuration
#: report); Django's own system check stays reachable as `django-check`.
ALIASES = {
    "check": "doctor",
    "django-check": "check",
    "export-case": "export_case",
    "import-case": "import_case",
}

OVERVIEW = """usage: innocence COMMAND [options]

Commands:
  serve                 run the web app (and its background worker)
  demo                  load the fictional demo organization (safe to repeat)
  createorg NAME        create an organization
  adduser USERNAME      create a user in an organization, with a role
  token create|list|revoke   REST API tokens
  case create|list|show      cases, as in the web UI (--json for machine output)
  findings --case REF --as USER   a case's findings with citations (--lens, --json, --recompute)
  evidence --case REF --as USER   a case's evidence, tests, findings and DNA worksheet (--json)
  prosecution --case REF --as USER   the Prosecution lens: undisclosed candidates, items, findings (--json)
  network --as USER     the actor network: pairs, shared NRE indicators (--case, --role, --format gexf|graphml|...)
  timeline --case REF --as USER   a case's chronology with citations and conflicts (--json, --csv)
  deadlines --as USER   deadlines across your cases (--due-within DAYS, --json; --remind sends e-mails)
  intake list|show           intake applications, as in the web UI (--as USER, --json)
  search "QUERY"        search page text in your cases (--as USER, --case REF, --json)
  reindex               rebuild the search index from the database
  export-case REF FILE  write a portable archive of one case
  import-case FILE      read such an archive into an organization
  check                 report the configuration: database, storage, OCR, worker
  ingest PATH... --case REF   add files/folders/zips to a case (--wait: process now)
  documents --case REF  a case's documents with status, pages and errors
  reprocess --case REF --as USER   process documents again (--failed, --unfinished, --wait)
  worker [--processes N]      run background jobs (OCR, ingestion); serve starts one
  migrate               create or upgrade the database

Any other Django management command works too. `innocence COMMAND --help` for options.
Data directory: $INNOCENCE_DATA_DIR (default: ./var of this checkout, the one `make demo`
uses; ~/.local/share/innocence-files for an installed copy).
"""

#: Commands that work on a database that has not been created or migrated yet.
WITHOUT_DATABASE = {
    "migrate", "serve", "doctor", "check", "makemigrations", "showmigrations", "version", "help",
    "collectstatic", "sqlmigrate",
}

#: Commands that keep Django's system checks: the long-running ones (a misconfigured
#: extension should stop them before they serve anything) and the checks themselves. The
#: others skip them: the checks import every URL conf and API router, which was 1.5 of the 2
#: CPU-seconds of `innocence documents`; `innocence check` reports the same checks.
CHECKED = {"serve", "runserver", "worker", "check", "doctor"}

NOT_MIGRATED = "innocence: no database at {where} yet: run `innocence migrate` first (or `make demo`)."


def _sqlite_path_if_default() -> str | None:
    """The SQLite file the settings will use, worked out without importing them (importing
    creates the data directory), or None when another database is configured."""
    if os.environ.get("DATABASE_URL"):
        return None
    from innocence.paths import default_data_dir

    data_dir = os.environ.get("INNOCENCE_DATA_DIR") or str(default_data_dir())
    return str(Path(data_dir).expanduser() / "innocence.sqlite3")



def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
    if len(args) < 2 or args[1] in ("-h", "--help", "help"):
        print(OVERVIEW)
        return
    args[0] = "innocence"
    args[1] = ALIASES.get(args[1], args[1])
    command = args[1]
    needs_database = command not in WITHOUT_DATABASE and not {"-h", "--help"} & set(args[2:])
    sqlite = _sqlite_path_if_default()
    if needs_database and sqlite is not None and not Path(sqlite).exists():
        print(NOT_MIGRATED.format(where=sqlite), file=sys.stderr)
        sys.exit(2)
    from django.core.management import execute_from_command_line

    if not needs_database:
        execute_from_command_line(args)
        return
    import django

    django.setup()
    from django.db import connection

    from innocence.core.migration_state import pending_migrations

    try:
        pending = pending_migrations(connection)
    except Exception as exc:  # unreachable server, wrong credentials: say it in one line
        print(f"innocence: the database cannot be reached: {exc}".strip(), file=sys.stderr)
        sys.exit(2)
    if pending:
        where = sqlite or connection.settings_dict.get("NAME") or "the configured database"
        print(
            f"innocence: the database at {where} is not up to date ({len(pending)} migration(s) "
            "pending): run `innocence migrate` first.",
            file=sys.stderr,
        )
        sys.exit(2)
    execute_from_command_line(without_system_checks(args))


def without_system_checks(args: list[str]) -> list[str]:
    """``args`` (``innocence COMMAND ...``, aliases resolved) with ``--skip-checks`` for a
    command outside CHECKED that would run Django's system checks."""
    from django.core.management import get_commands, load_command_class

    command = args[1]
    app = get_commands().get(command)
    if command in CHECKED or app is None:  # unknown: Django says so
        return args
    if not load_command_class(app, command).requires_system_checks:
        return args
    return [*args[:2], "--skip-checks", *args[2:]]  # before any sub-command or positional argument


if __name__ == "__main__":
    main()
