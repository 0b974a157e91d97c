"""The findings of a case, with their reviews, inside a case archive (see
:mod:`innocence.cases.archive`).

Members of the ``findings/`` section:

    findings/findings.json   every finding (rule or person made, its status and what
                             the rule last computed, text, research, authorities, NRE
                             factors, review state, reason, reviewer and date, whether
                             the facts changed since the review, retired or not) and the
                             record citations it rests on
    findings/README.txt      what travels and what does not

Imported last: a finding cites documents, pages and the records of every lens. On import
the ids inside a finding are translated to the imported records' ids — the subject key
(``procedure:<id>``, ``witness:<person id>``: each lens's archive section module
declares its prefixes as ``FINDING_SUBJECTS = {prefix: model label}``), the
citations' documents and ``source_pk`` — and the facts digest is recomputed over the
translated citations when it provably stood for them, so the first re-run of the rules
in the new home recognises the same facts and keeps every review.

Not carried: citations of records in *other* cases (an informant's role elsewhere): the
archive holds one case and must not reveal others. The rules recompute them in the new
home from what it holds.
"""

from __future__ import annotations

from typing import Any

from innocence.cases.archive import ArchiveError, ArchiveReader, ArchiveWriter, ImportContext
from innocence.cases.archive_records import (
    PERSON_LABEL,
    RecordSpec,
    export_rows,
    import_rows,
    parse_section,
    person_key,
)
from innocence.cases.models import Case
from innocence.people.archive_people import ensure_people, export_people

from .models import Finding, RecordCitation
from .registry import CitationDraft, FindingDraft

SECTION = "findings"
INDEX = "findings.json"
README = "README.txt"
SCHEMA_VERSION = 1

SPECS = [
    # A lens is any the registry declares (a plugin's too), not only the model's choices.
    RecordSpec("findings", Finding, open_choices=("lens",)),
    RecordSpec("citations", RecordCitation, exclude=("other_case",)),
]

README_TEXT = """\
Findings of this case, as exported by Innocence Files.

findings.json   findings: what each rule (or person) found, its status (present,
                absent, not recorded, dismissed by a reviewer), what the rule last
                computed, the research or law behind it (authority keys into the
                knowledge base, NRE factor codes), and the review: state, reason, who,
                when, whether the facts changed since; citations: the facts each
                finding rests on (document id in documents/documents.json, page,
                verbatim passage; or a record's model, id, field and value).

Not included: citations of records in other cases of the organization.
"""


def subject_prefixes() -> dict[str, str]:
    """Subject-key prefix → model label, as the lenses' archive sections declare them."""
    from innocence.cases.archive import installed_sections

    found: dict[str, str] = {"case": "cases.Case"}
    for _name, module in installed_sections():
        found.update(getattr(module, "FINDING_SUBJECTS", {}))
    return found


def export(case: Case, writer: ArchiveWriter) -> None:
    findings = list(
        Finding.objects.filter(case=case).select_related("created_by", "reviewed_by").order_by("id")
    )
    if not findings:
        return
    citations = RecordCitation.objects.filter(finding__case=case).order_by("finding_id", "position", "id")
    kept = [c for c in citations if c.other_case_id is None]
    persons: set[int] = set()
    data: dict[str, Any] = {
        "version": SCHEMA_VERSION,
        "findings": export_rows(SPECS[0], findings, persons),
        "citations": export_rows(SPECS[1], kept, persons),
    }
    for citation in data["citations"]:
        if citation["source_model"] == PERSON_LABEL and str(citation["source_pk"]).isdecimal():
            persons.add(int(citation["source_pk"]))
    for finding in data["findings"]:
        persons.update(_subject_person_ids(finding["subject_key"]))
    data["people"] = export_people(case, persons)
    writer.add_json(INDEX, data)
    writer.add_bytes(README, README_TEXT.encode())


def _subject_person_ids(key: str) -> list[int]:
    parts = key.split(":")
    prefixes = subject_prefixes()
    return [
        int(parts[i + 1])
        for i in range(0, len(parts) - 1, 2)
        if prefixes.get(parts[i]) == PERSON_LABEL and parts[i + 1].isdecimal()
    ]


def _parse(reader: ArchiveReader) -> Any:
    from innocence.core.extensions import registry

    parsed = parse_section(f"{SECTION}/{INDEX}", reader.json(INDEX), SPECS, version=SCHEMA_VERSION)
    lenses = {lens.slug for lens in registry().lenses()}
    for i, row in enumerate(parsed.rows["findings"]):
        if row.lens not in lenses:
            raise ArchiveError(
                f"{SECTION}/{INDEX}: findings[{i}].lens: '{row.lens}' is no lens of this installation "
                f"({', '.join(sorted(lenses))})."
            )
    return parsed


def validate(reader: ArchiveReader) -> None:
    _parse(reader)


class _Translate:
    def __init__(self, case: Case, ctx: ImportContext) -> None:
        self.case = case
        self.ctx = ctx
        self.prefixes = subject_prefixes()
        self.unknown: set[str] = set()

    def pk(self, label: str, old: str) -> str | None:
        """The new primary key (as text) of a record of ``label`` whose old one was ``old``."""
        if label == PERSON_LABEL:
            person = self.ctx.people.get(person_key(int(old))) if old.isdecimal() else None
            return str(person.pk) if person is not None else None
        if label == "cases.Case":
            return str(self.case.pk)
        made = self.ctx.ids.get(label)
        if made is None or not old.lstrip("-").isdecimal():
            return None
        row = made.get(int(old))
        return str(row.pk) if row is not None else None

    def subject(self, key: str, citations: list[Any]) -> str:
        """``prefix:<id>[:prefix:<id>...][:rest]`` with every id of a known kind translated
        (``witness:12:suspect:7``, ``procedure:31``; ``manual:<hex>`` is left alone)."""
        parts = key.split(":")
        for i in range(0, len(parts) - 1, 2):
            prefix, old = parts[i], parts[i + 1]
            if not old.isdecimal():
                break
            label = self.prefixes.get(prefix)
            if label is None:  # a lens that did not declare its prefix: the record it cites
                label = next((c.source_model for c in citations if c.source_pk == old and c.source_model), None)
            new = self.pk(label, old) if label else None
            if new is None:
                self.unknown.add(prefix)
                break
            parts[i + 1] = new
        return ":".join(parts)


def _digest(status: str, text: str, citations: list[CitationDraft]) -> str | None:
    try:
        return FindingDraft(subject_key="", status=status, text=text, citations=citations).digest()
    except ValueError:
        return None


def _draft(row: Any, document_id: Any, source_pk: str) -> CitationDraft:
    return CitationDraft(
        document_id=document_id,
        page_number=row.page_number,
        quote=row.quote,
        source_model=row.source_model,
        source_pk=source_pk,
        source_field=row.source_field,
        source_value=row.source_value,
    )


def import_(case: Case, reader: ArchiveReader, ctx: ImportContext) -> None:
    parsed = _parse(reader)
    ensure_people(parsed, ctx)
    where = f"{SECTION}/{INDEX}"
    translate = _Translate(case, ctx)
    citations_of: dict[int, list[Any]] = {}
    for row in parsed.rows["citations"]:
        citations_of.setdefault(row.finding, []).append(row)
    # A lens section imported before this one may have run its rules on the new case
    # (saving a record recomputes). Those machine findings are stand-ins for the archived
    # ones, which carry the reviews: the archive's findings replace them.
    Finding.objects.filter(case=case).delete()
    findings = import_rows(
        SPECS[0],
        parsed.rows["findings"],
        ctx,
        case=case,
        where=where,
        values=lambda row: {"subject_key": translate.subject(row.subject_key, citations_of.get(row.id, []))},
    )
    new_source: dict[int, str] = {}
    for row in parsed.rows["citations"]:
        translated = translate.pk(row.source_model, row.source_pk) if row.source_model and row.source_pk else ""
        if translated is None:
            translate.unknown.add(row.source_model)
            translated = ""
        new_source[row.id] = translated
    import_rows(
        SPECS[1],
        parsed.rows["citations"],
        ctx,
        case=case,
        where=where,
        values=lambda row: {"source_pk": new_source[row.id]},
    )
    documents = ctx.ids.get("documents.Document", {})
    for row in parsed.rows["findings"]:
        if not row.facts_digest:
            continue
        cites = citations_of.get(row.id, [])
        status = row.rule_status or row.status
        before = _digest(status, row.text, [_draft(c, c.document, c.source_pk) for c in cites])
        if before != row.facts_digest:
            continue  # not provably the digest of these citations: left as it was
        after = _digest(
            status,
            row.text,
            [
                _draft(c, documents[c.document].pk if c.document in documents else None, new_source[c.id])
                for c in cites
            ],
        )
        if after is None or after == row.facts_digest:
            continue
        updates = {"facts_digest": after}
        if row.reviewed_digest == row.facts_digest:
            updates["reviewed_digest"] = after
        Finding.objects.filter(pk=findings[row.id].pk).update(**updates)
    if translate.unknown:
        ctx.warnings.append(
            "Findings: some cited records could not be matched to imported ones ("
            + ", ".join(sorted(translate.unknown))
            + "); their citations keep the value and label, without the link."
        )

