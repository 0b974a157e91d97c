"""The Witness lens's records inside a case archive (see :mod:`innocence.cases.archive`).

Members of the ``witnesses/`` section:

    witnesses/witnesses.json   statements and their claims, identification procedures,
                               viewing conditions, interrogations, informants and their
                               benefits — every field, "not recorded" (null) kept apart
                               from "no" — and the persons they name that case.json does
                               not carry
    witnesses/README.txt       what travels

Documents are referred to by their id in the documents section, persons by their key in
case.json (or in this section's ``people``). Imported after the documents section, before
the findings that cite these records (the findings section maps ``procedure:<id>`` and
the citations' record ids through the ids this section records).
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
from innocence.people.archive_people import ensure_people, export_people

from .models import (
    IdentificationProcedure,
    Informant,
    InformantBenefit,
    Interrogation,
    Statement,
    StatementClaim,
    ViewingConditions,
)

SECTION = "witnesses"
INDEX = "witnesses.json"
README = "README.txt"
SCHEMA_VERSION = 1

#: In import order (a claim after its statement, a benefit after its informant).
SPECS = [
    RecordSpec("statements", Statement),
    RecordSpec("claims", StatementClaim),
    RecordSpec("identification_procedures", IdentificationProcedure),
    RecordSpec("viewing_conditions", ViewingConditions),
    RecordSpec("interrogations", Interrogation),
    RecordSpec("informants", Informant),
    RecordSpec("benefits", InformantBenefit),
]

#: What a finding's subject key ``<prefix>:<id>`` names: the findings section translates
#: the id on import (each section module may declare its own).
FINDING_SUBJECTS = {
    "procedure": "witnesses.IdentificationProcedure",
    "interrogation": "witnesses.Interrogation",
    "informant": "witnesses.Informant",
    "statement": "witnesses.Statement",
    "claim": "witnesses.StatementClaim",
    "witness": "people.Person",
    "suspect": "people.Person",
}

README_TEXT = """\
Witness-lens records of this case, as exported by Innocence Files.

witnesses.json   statements (with their comparable claims), eyewitness identification
                 procedures, viewing conditions, interrogations, informants and the
                 benefits they sought, were promised or received. Every field travels;
                 null means "not recorded", which is not "no". Each record names the
                 document (by its id in documents/documents.json), page and verbatim
                 passage it comes from. Persons are keyed as in case.json; persons this
                 case's roles do not name are listed here under "people".
"""


def _rows(spec: RecordSpec, case: Case) -> Any:
    if spec.model is StatementClaim:
        return StatementClaim.objects.filter(statement__case=case).select_related("reviewed_by").order_by("id")
    return spec.model.objects.filter(case=case).select_related("created_by").order_by("id")  # type: ignore[attr-defined]


def export(case: Case, writer: ArchiveWriter) -> None:
    persons: set[int] = set()
    data: dict[str, Any] = {"version": SCHEMA_VERSION}
    for spec in SPECS:
        data[spec.key] = export_rows(spec, _rows(spec, case), persons)
    if not any(data[spec.key] for spec in SPECS):
        return
    data["people"] = export_people(case, persons)
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
        # A document deleted in the source left these SET_NULL; one missing from the
        # archive is an error (the record would cite nothing).
        import_rows(spec, parsed.rows[spec.key], ctx, case=case, where=where)
