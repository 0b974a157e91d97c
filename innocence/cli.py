"""The `innocence` command: an operator's tool, like Django's manage.py.

The data directory comes from INNOCENCE_DATA_DIR (default ~/.local/share/innocence-files).
"""

from __future__ import annotations

import os
import sys

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
  intake list|show           intake applications, as in the web UI (--as USER, --json)
  search "QUERY"        search page text in your cases (--as USER, --case REF, --json)
  reindex               rebuild the search index from the database
  export-case REF FILE  write a portable archive of one case
  import-case FILE      read such an archive into an organization
  check                 report the configuration: database, storage, OCR, worker
  ingest PATH... --case REF   add files/folders/zips to a case (--wait: process now)
  documents --case REF  a case's documents with status, pages and errors
  worker [--processes N]      run background jobs (OCR, ingestion); serve starts one
  migrate               create or upgrade the database

Any other Django management command works too. `innocence COMMAND --help` for options.
Data directory: $INNOCENCE_DATA_DIR (default ~/.local/share/innocence-files).
"""


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
    if len(args) < 2 or args[1] in ("-h", "--help", "help"):
        print(OVERVIEW)
        return
    args[0] = "innocence"
    args[1] = ALIASES.get(args[1], args[1])
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
