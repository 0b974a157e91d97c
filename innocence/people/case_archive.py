"""Who is who in a case, inside a case archive (see :mod:`innocence.cases.archive`).

Members of the ``people/`` section:

    people/people.json   the reviewers' decisions about who is who in this case (merges,
                         splits, confirmations: ResolutionDecision), which name variant
                         of the record resolved to which person (ResolvedName), and the
                         persons those name that case.json does not carry
    people/README.txt    what travels and what does not

With these, the people extraction that the import starts again on the imported pages
lands every name on the same person as in the source — a person a user renamed keeps the
name, and a human merge or split is never undone by the machine.

Not carried: the mentions themselves (re-extracted from the imported pages), proposed
links between persons and decisions made at the level of the organization's actor index
(case-less: they concern other cases, which the archive must not reveal).
"""

from __future__ import annotations

from typing import Any

from innocence.cases.archive import ArchiveReader, ArchiveWriter, ImportContext
from innocence.cases.archive_records import (
    RecordSpec,
    export_rows,
    import_rows,
    parse_section,
)
from innocence.cases.models import Case

from .archive_people import ensure_people, export_people
from .models import PersonOrigin, ResolutionDecision, ResolvedName

SECTION = "people"
INDEX = "people.json"
README = "README.txt"
SCHEMA_VERSION = 1

SPECS = [
    RecordSpec("decisions", ResolutionDecision),
    # (the organization and the surname blocking keys are derived on import)
    RecordSpec("resolved_names", ResolvedName, exclude=("organization", "surname_head", "surname_tail")),
]

README_TEXT = """\
Who is who in this case, as exported by Innocence Files.

people.json   decisions: each reviewer's merge, split or confirmation of the people of
              this case (with the name variants it kept and moved, note, who, when);
              resolved_names: which name variant of the record ("surname|given") is
              which person; people: the persons these name that case.json does not list
              (machine_made: found by the extraction rather than entered by a user).

Not included: the mentions (re-extracted from the imported pages), proposed links
between persons, and decisions of the organization's actor index that concern other
cases.
"""


def export(case: Case, writer: ArchiveWriter) -> None:
    persons: set[int] = set()
    decisions = ResolutionDecision.objects.filter(case=case).select_related("by").order_by("at", "id")
    names = ResolvedName.objects.filter(case=case).order_by("name_key", "id")
    data: dict[str, Any] = {
        "version": SCHEMA_VERSION,
        "decisions": export_rows(SPECS[0], decisions, persons),
        "resolved_names": export_rows(SPECS[1], names, persons),
    }
    if not (data["decisions"] or data["resolved_names"]):
        return
    people = export_people(case, persons)
    machine = set(PersonOrigin.objects.filter(person_id__in=persons).values_list("person_id", flat=True))
    for person in people:
        person["machine_made"] = int(person["key"].removeprefix("person-")) in machine
    data["people"] = people
    writer.add_json(INDEX, data)
    writer.add_bytes(README, README_TEXT.encode())


def _parse(reader: ArchiveReader) -> Any:
    return parse_section(f"{SECTION}/{INDEX}", reader.json(INDEX), SPECS, version=SCHEMA_VERSION)


def validate(reader: ArchiveReader) -> None:
    _parse(reader)


def import_(case: Case, reader: ArchiveReader, ctx: ImportContext) -> None:
    parsed = _parse(reader)
    ensure_people(parsed, ctx)
    where = f"{SECTION}/{INDEX}"
    for spec in SPECS:
        import_rows(spec, parsed.rows[spec.key], ctx, case=case, where=where)
