"""The intake history of a case inside a case archive (see :mod:`innocence.cases.archive`):
the application(s) that became the case, with everything that happened to them.

Members of the ``intake/`` section:

    intake/intake.json        each application linked to the case (every field: the
                              applicant's words, the "not known" answers, stage,
                              decision), its stage transitions, facility stays,
                              screening answers (with the criterion they answer),
                              referrals, duplicate/conflict reviews, admins' conflict
                              decisions, correspondence log and uploaded letters' records
    intake/files/<sha256>     each uploaded letter or questionnaire exactly as received
    intake/README.txt         what travels

The organization's own settings (letter templates, facility address book, screening
checklist) are not the case's and do not travel; a stay names its facility and an answer
its criterion, and the import links them to the target organization's facility and
criterion of that name/key — creating the facility, or an *inactive* criterion (so the
target's checklist does not change), when it has none.

A review of a duplicate or conflict candidate that the archive does not hold (another
application, another case) is kept with its decision and note but marked
``source-<kind>``: its id names a record of the source installation, never one here.
Likewise an admin's conflict decision keeps its ``conflict_keys`` as the source wrote
them (ids of the source's persons and cases): a record of what was decided, read by no
check here (the application is already accepted).
An application whose receipt number is taken in the target gets the next free number
(the import says so).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from pydantic import BaseModel, ConfigDict, Field

from innocence.cases.archive import ArchiveError, ArchiveReader, ArchiveWriter, ImportContext
from innocence.cases.archive_records import (
    RecordSpec,
    export_rows,
    import_rows,
    parse_section,
    person_key,
)
from innocence.cases.models import Case
from innocence.people.archive_people import ensure_people, export_people

from .models import (
    Application,
    ApplicationFile,
    ConflictDecision,
    Correspondence,
    Facility,
    FacilityStay,
    MatchReview,
    Referral,
    ScreeningAnswer,
    ScreeningCriterion,
    StageTransition,
)

SECTION = "intake"
INDEX = "intake.json"
README = "README.txt"
SCHEMA_VERSION = 1
SOURCE_PREFIX = "source-"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FacilityIn(_Strict):
    name: str = Field(min_length=1, max_length=200)
    state: str = Field("", max_length=2)
    address: str = ""


class CriterionIn(_Strict):
    key: str = Field(min_length=1, max_length=60, pattern=r"^[-a-zA-Z0-9_]+$")
    label: str = Field(min_length=1, max_length=200)
    help_text: str = ""
    source: str = Field("", max_length=300)
    position: int = Field(0, ge=0, le=2**31 - 1)


SPECS = [
    RecordSpec("applications", Application),
    RecordSpec("transitions", StageTransition),
    RecordSpec("facility_stays", FacilityStay, exclude=("facility",), extra={"facility_ref": (FacilityIn | None, None)}),
    RecordSpec("screening_answers", ScreeningAnswer, exclude=("criterion",), extra={"criterion_ref": (CriterionIn, ...)}),
    RecordSpec("referrals", Referral),
    RecordSpec("match_reviews", MatchReview, extra={"target": (str | int | None, None)}),
    RecordSpec("correspondence", Correspondence),
    RecordSpec("files", ApplicationFile, exclude=("file",)),
    RecordSpec("conflict_decisions", ConflictDecision),
]

README_TEXT = """\
Intake history of this case, as exported by Innocence Files.

intake.json   applications that became this case, with their stage transitions,
              facility stays, screening answers, referrals, duplicate and conflict
              reviews, admins' conflict decisions, correspondence log and the
              records of uploaded letters.
files/        each uploaded letter or questionnaire exactly as received, named by its
              sha256 (listed in manifest.json with its checksum).

Not included: the organization's letter templates, facility list and screening
checklist (stays and answers name their facility and criterion).
"""


def file_member(sha256: str) -> str:
    return f"files/{sha256}"


def _of(model: type[Any], applications: list[int]) -> Any:
    return model.objects.filter(application_id__in=applications).order_by("id")


def export(case: Case, writer: ArchiveWriter) -> None:
    applications = list(Application.objects.filter(case=case).select_related("assignee", "created_by").order_by("id"))
    if not applications:
        return
    ids = [a.pk for a in applications]
    persons: set[int] = set()
    data: dict[str, Any] = {"version": SCHEMA_VERSION}
    for spec in SPECS:
        rows: list[Any] = applications if spec.model is Application else list(_of(spec.model, ids).select_related())
        data[spec.key] = export_rows(spec, rows, persons)
        if spec.model is FacilityStay:
            for record, stay in zip(data[spec.key], rows, strict=True):
                facility = stay.facility
                record["facility_ref"] = (
                    {"name": facility.name, "state": facility.state, "address": facility.address} if facility else None
                )
        elif spec.model is ScreeningAnswer:
            for record, answer in zip(data[spec.key], rows, strict=True):
                c = answer.criterion
                record["criterion_ref"] = {
                    "key": c.key, "label": c.label, "help_text": c.help_text, "source": c.source, "position": c.position,
                }
        elif spec.model is MatchReview:
            for record, review in zip(data[spec.key], rows, strict=True):
                record["target_kind"], record["target"] = _target(case, ids, review)
        elif spec.model is ApplicationFile:
            for sha in sorted({f.sha256 for f in rows}):
                _export_file(writer, next(f for f in rows if f.sha256 == sha))
    data["people"] = export_people(case, persons)
    writer.add_json(INDEX, data)
    writer.add_bytes(README, README_TEXT.encode())


def _target(case: Case, applications: list[int], review: MatchReview) -> tuple[str, Any]:
    """The review's kind of target, and the target as the archive names it (None: a
    record the archive does not hold)."""
    kind = review.target_kind.removeprefix(SOURCE_PREFIX)
    if review.target_kind.startswith(SOURCE_PREFIX):
        return kind, None
    if kind == "case" and review.target_id == case.pk:
        return kind, "case"
    if kind == "application" and review.target_id in applications:
        return kind, review.target_id
    if kind == "person":
        from innocence.people.archive_people import case_json_person_ids

        if review.target_id in case_json_person_ids(case):
            return kind, person_key(review.target_id)
    return kind, None


def _export_file(writer: ArchiveWriter, app_file: ApplicationFile) -> None:
    member = file_member(app_file.sha256)  # the same letter on two applications is stored once
    try:
        with app_file.file.open("rb") as handle:
            content = handle.read()
    except (OSError, ValueError) as exc:
        raise ArchiveError(
            f"The uploaded letter '{app_file.original_name}' is missing from file storage ({exc}); "
            "the archive was not written."
        ) from exc
    if hashlib.sha256(content).hexdigest() != app_file.sha256:
        raise ArchiveError(
            f"The uploaded letter '{app_file.original_name}' no longer matches its sha256 in storage; "
            "the archive was not written."
        )
    writer.add_bytes(member, content)


def _parse(reader: ArchiveReader) -> Any:
    parsed = parse_section(
        f"{SECTION}/{INDEX}",
        reader.json(INDEX),
        SPECS,
        version=SCHEMA_VERSION,
    )
    references = [a.reference for a in parsed.rows["applications"]]
    if len(references) != len(set(references)):
        raise ArchiveError(f"{SECTION}/{INDEX}: an application reference appears twice.")
    return parsed


def validate(reader: ArchiveReader) -> None:
    parsed = _parse(reader)
    expected = set()
    for i, row in enumerate(parsed.rows["files"]):
        member = file_member(row.sha256)
        expected.add(member)
        if not reader.exists(member):
            raise ArchiveError(f"The letter '{row.original_name}' is missing from the archive ({SECTION}/{member}).")
        content = reader.read_bytes(member)
        if hashlib.sha256(content).hexdigest() != row.sha256 or len(content) != row.size:
            raise ArchiveError(
                f"{SECTION}/{INDEX}: files[{i}]: the letter '{row.original_name}' does not match its declared "
                "sha256 (it was altered or damaged): nothing was imported."
            )
    extra = sorted(n for n in reader.names() if n.startswith("files/") and n not in expected)
    if extra:
        raise ArchiveError(f"{SECTION}/{extra[0]} is not the file of any letter in {INDEX}.")


def _facility(ctx: ImportContext, ref: FacilityIn | None) -> Facility | None:
    if ref is None:
        return None
    facility, _ = Facility.objects.get_or_create(
        organization=ctx.organization, name=ref.name, defaults={"state": ref.state, "address": ref.address}
    )
    return facility


def _criterion(ctx: ImportContext, ref: CriterionIn, created: list[str]) -> ScreeningCriterion:
    criterion = ScreeningCriterion.objects.filter(organization=ctx.organization, key=ref.key).first()
    if criterion is None:
        criterion = ScreeningCriterion.objects.create(
            organization=ctx.organization, key=ref.key, label=ref.label, help_text=ref.help_text,
            source=ref.source, position=ref.position, active=False,
        )
        created.append(ref.label)
    return criterion


def _stored_file(content: bytes, sha256: str, name: str) -> str:
    """Content-addressed: a retried import (after a rollback) reuses the bytes it left."""
    path = f"intake/imported/{sha256}"
    if default_storage.exists(path):
        with default_storage.open(path, "rb") as handle:
            if hashlib.sha256(handle.read()).hexdigest() == sha256:
                return path
        default_storage.delete(path)
    return str(default_storage.save(path, ContentFile(content, name=name)))


def import_(case: Case, reader: ArchiveReader, ctx: ImportContext) -> None:
    from .services import next_reference

    parsed = _parse(reader)
    ensure_people(parsed, ctx)
    where = f"{SECTION}/{INDEX}"
    rows = parsed.rows
    renamed: list[str] = []

    def application_values(row: Any) -> dict[str, Any]:
        reference = row.reference
        if Application.objects.filter(reference=reference).exists():
            reference = next_reference(ctx.organization)
            renamed.append(f"{row.reference} → {reference}")
        return {"reference": reference, "case": case}

    import_rows(SPECS[0], rows["applications"], ctx, case=case, where=where, values=application_values)
    import_rows(SPECS[1], rows["transitions"], ctx, case=case, where=where)
    import_rows(
        SPECS[2], rows["facility_stays"], ctx, case=case, where=where,
        values=lambda row: {"facility": _facility(ctx, row.facility_ref)},
    )
    created: list[str] = []
    import_rows(
        SPECS[3], rows["screening_answers"], ctx, case=case, where=where,
        values=lambda row: {"criterion": _criterion(ctx, row.criterion_ref, created)},
    )
    import_rows(SPECS[4], rows["referrals"], ctx, case=case, where=where)
    applications = ctx.ids["intake.Application"]

    def review_values(row: Any) -> dict[str, Any]:
        target = row.target
        if target == "case":
            return {"target_kind": row.target_kind, "target_id": case.pk}
        if row.target_kind == "person" and isinstance(target, str) and target in ctx.people:
            return {"target_kind": "person", "target_id": ctx.people[target].pk}
        if row.target_kind == "application" and isinstance(target, int) and target in applications:
            return {"target_kind": "application", "target_id": applications[target].pk}
        return {"target_kind": f"{SOURCE_PREFIX}{row.target_kind}"[:20], "target_id": row.target_id}

    import_rows(SPECS[5], rows["match_reviews"], ctx, case=case, where=where, values=review_values)
    import_rows(SPECS[6], rows["correspondence"], ctx, case=case, where=where)
    files = import_rows(SPECS[7], rows["files"], ctx, case=case, where=where, optional_refs=("document",))
    import_rows(SPECS[8], rows["conflict_decisions"], ctx, case=case, where=where)
    for row in rows["files"]:
        content = reader.read_bytes(file_member(row.sha256))
        if hashlib.sha256(content).hexdigest() != row.sha256:  # checked in validate(); again as stored
            raise ArchiveError(f"The letter '{row.original_name}' does not match its sha256.")
        path = _stored_file(content, row.sha256, row.original_name)
        ApplicationFile.objects.filter(pk=files[row.id].pk).update(file=path)
    if renamed:
        ctx.warnings.append("Application receipt numbers already taken here were renumbered: " + ", ".join(renamed))
    if created:
        ctx.warnings.append(
            "Screening criteria this organization does not have were added, inactive, to keep the answers: "
            + ", ".join(created)
        )
