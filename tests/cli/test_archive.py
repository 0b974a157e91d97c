"""export-case / import-case: round trips, access, and damaged archives that leave the
database exactly as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management.base import CommandError


@pytest.fixture
def rich_case(world: Any) -> Any:
    """The world's case with a record: people, roles, notes, tasks, stage history."""
    from innocence.cases import services
    from innocence.people import services as people_services

    case = world.case
    services.case_update(
        actor=world.admin,
        case=case,
        summary="Fictional summary.",
        county="Invented Parish",
        charges=["Robbery", "Murder"],
        offense_date=dt.date(1989, 7, 4),
        arrest_date=dt.date(1989, 7, 9),
        conviction_type="trial",
        conviction_date=dt.date(1990, 5, 1),
        sentence="Life",
        facility="Fictional Correctional Center",
        inmate_number="A-1",
    )
    applicant = people_services.person_create(
        actor=world.admin,
        organization=world.north,
        full_name="Jordan Madeup",
        aliases=["J. Madeup", "'Jay'"],
        date_of_birth=dt.date(1968, 2, 3),
        is_fictional=True,
    )
    detective = people_services.person_create(
        actor=world.admin, organization=world.north, full_name="Det. Pat Imaginary"
    )
    people_services.case_role_add(actor=world.admin, case=case, person=applicant, role="applicant")
    people_services.case_role_add(
        actor=world.admin, case=case, person=detective, role="officer", description="lead detective"
    )
    services.case_change_stage(actor=world.on_team, case=case, to_stage="screening", note="letter answered")
    services.note_create(actor=world.on_team, case=case, body="First fictional note.")
    services.note_create(actor=world.admin, case=case, body="Second fictional note.")
    task = services.task_create(
        actor=world.on_team,
        case=case,
        title="Find the clerk",
        assignee=world.viewer,
        due_date=dt.date(2030, 1, 1),
    )
    services.task_update(actor=world.on_team, task=task, done=True)
    services.task_create(actor=world.on_team, case=case, title="Order the transcript")
    case.refresh_from_db()
    return case


def _content(case: Any, *, with_users: bool = True) -> dict[str, Any]:
    """A case's archive content with the parts that must differ after a move removed:
    the reference, person keys (new ids) and, between organizations, user names."""
    from innocence.cases.archive_case import export_case_json

    data = export_case_json(case)
    data["case"].pop("reference")
    keys = {p["key"]: f"p{i}" for i, p in enumerate(data["people"])}
    for person in data["people"]:
        person["key"] = keys[person["key"]]
    for role in data["roles"]:
        role["person"] = keys[role["person"]]
    data["case"]["applicant"] = keys.get(data["case"]["applicant"])
    if not with_users:
        data["case"].pop("created_by")
        data.pop("team")
        data.pop("walls")
        for change in data["stage_history"]:
            change.pop("by")
        for note in data["notes"]:
            note.pop("author")
        for task in data["tasks"]:
            task.pop("assignee")
            task.pop("created_by")
    return data


def _db_state() -> tuple[int, ...]:
    from innocence.cases.models import Case, CaseExclusion, DocketNumber, Note, StageChange, Task, TeamMember
    from innocence.core.models import AuditEntry
    from innocence.people.models import CaseRole, Person

    return tuple(
        m.objects.count()
        for m in (
            Case,
            DocketNumber,
            StageChange,
            TeamMember,
            CaseExclusion,
            Note,
            Task,
            Person,
            CaseRole,
            AuditEntry,
        )
    )


@pytest.mark.django_db
def test_round_trip_into_another_organization(run: Any, world: Any, rich_case: Any, tmp_path: Path) -> None:
    from innocence.cases.models import Case
    from innocence.core.models import AuditEntry

    archive = tmp_path / "case.zip"
    out = run("export-case", rich_case.reference, str(archive), "--as", "n_attorney")
    assert "Wrote" in out and archive.exists()
    export = AuditEntry.objects.get(action="export")
    assert export.case_reference == rich_case.reference and export.channel == "cli"

    out = run(
        "import-case", str(archive), "--org", "southside", "--as", "s_admin", "--reference", "SS-IMPORTED-1"
    )
    assert "Imported SS-IMPORTED-1" in out
    assert "n_attorney" in out  # the users it could not match are named
    imported = Case.objects.get(reference="SS-IMPORTED-1")
    assert imported.organization == world.south
    assert _content(imported, with_users=False) == _content(rich_case, with_users=False)
    assert (imported.offense_date, imported.arrest_date) == (dt.date(1989, 7, 4), dt.date(1989, 7, 9))
    assert imported.applicant is not None and imported.applicant.organization == world.south
    assert list(imported.team.values_list("user__username", flat=True)) == ["s_admin"]
    entry = AuditEntry.objects.get(action="import")
    assert entry.case_reference == "SS-IMPORTED-1" and entry.channel == "cli"
    assert entry.changes["source"]["reference"] == rich_case.reference
    # The original is untouched and still invisible to the other organization.
    assert Case.objects.get(pk=rich_case.pk).organization == world.north


@pytest.mark.django_db
def test_round_trip_in_place_keeps_everything(run: Any, world: Any, rich_case: Any, tmp_path: Path) -> None:
    from innocence.cases.models import Case

    archive = tmp_path / "case.zip"
    run("export-case", rich_case.reference, str(archive), "--as", "n_admin")
    before = _content(rich_case)
    reference = rich_case.reference
    rich_case.delete()
    run("import-case", str(archive), "--org", "northside", "--as", "n_admin")
    imported = Case.objects.get(reference=reference)
    assert _content(imported) == before


@pytest.mark.django_db
def test_walls_travel_with_the_case(run: Any, world: Any, tmp_path: Path) -> None:
    from innocence.cases.selectors import case_is_visible, cases_visible_to

    archive = tmp_path / "case.zip"
    run("export-case", world.case.reference, str(archive), "--as", "n_admin")
    world.case.docket_numbers.all().delete()  # a docket number is unique in the organization
    run("import-case", str(archive), "--org", "northside", "--as", "n_admin", "--reference", "NS-COPY")
    copy = cases_visible_to(world.admin).get(reference="NS-COPY")
    assert not case_is_visible(world.walled_admin, copy)
    assert case_is_visible(world.on_team, copy)  # team seats carried by username


@pytest.mark.django_db
def test_walled_user_cannot_import_their_wall_away(run: Any, world: Any, tmp_path: Path) -> None:
    archive = tmp_path / "case.zip"
    run("export-case", world.case.reference, str(archive), "--as", "n_admin")
    world.case.docket_numbers.all().delete()
    before = _db_state()
    with pytest.raises(CommandError, match="walled off"):
        run(
            "import-case", str(archive), "--org", "northside", "--as", "n_walled_admin", "--reference", "NS-X"
        )
    assert _db_state() == before


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["n_other", "n_walled_admin", "s_admin"])
def test_export_needs_access(run: Any, world: Any, tmp_path: Path, who: str) -> None:
    archive = tmp_path / "case.zip"
    with pytest.raises(CommandError, match=f"No case {world.case.reference} that {who} can see"):
        run("export-case", world.case.reference, str(archive), "--as", who)
    assert not archive.exists()
    assert not list(tmp_path.iterdir())


@pytest.mark.django_db
def test_export_refuses_to_overwrite_and_needs_acting_user(
    run: Any, world: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    monkeypatch.delenv("INNOCENCE_USER", raising=False)
    archive = tmp_path / "case.zip"
    archive.write_bytes(b"precious")
    with pytest.raises(CommandError, match="exists"):
        run("export-case", world.case.reference, str(archive), "--as", "n_attorney")
    assert archive.read_bytes() == b"precious"
    with pytest.raises(CommandError, match="--as USERNAME"):
        run("export-case", world.case.reference, str(tmp_path / "b.zip"))


@pytest.mark.django_db
def test_reference_clash_suggests_reference_option(run: Any, world: Any, tmp_path: Path) -> None:
    archive = tmp_path / "case.zip"
    run("export-case", world.case.reference, str(archive), "--as", "n_admin")
    before = _db_state()
    with pytest.raises(CommandError, match="--reference NEW"):
        run("import-case", str(archive), "--org", "southside", "--as", "s_admin")
    assert _db_state() == before


@pytest.mark.django_db
def test_docket_clash_in_same_org_is_refused(run: Any, world: Any, tmp_path: Path) -> None:
    archive = tmp_path / "case.zip"
    run("export-case", world.case.reference, str(archive), "--as", "n_admin")
    before = _db_state()
    with pytest.raises(CommandError, match="Docket number CR-1 is already on another case"):
        run("import-case", str(archive), "--org", "northside", "--as", "n_admin", "--reference", "NS-9")
    assert _db_state() == before


@pytest.mark.django_db
def test_import_needs_a_role_that_opens_cases(run: Any, world: Any, tmp_path: Path) -> None:
    archive = tmp_path / "case.zip"
    run("export-case", world.case.reference, str(archive), "--as", "n_admin")
    with pytest.raises(CommandError, match="may not open cases"):
        run("import-case", str(archive), "--org", "northside", "--as", "n_viewer", "--reference", "NS-9")
    with pytest.raises(CommandError, match="not a member of an organization 'southside'"):
        run("import-case", str(archive), "--org", "southside", "--as", "n_admin", "--reference", "NS-9")


# --- damaged and hostile archives ----------------------------------------------------


def _rewrite(
    src: Path,
    dst: Path,
    *,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
    fix_manifest: bool = False,
    manifest_edit: Any = None,
) -> Path:
    """Copy an archive, changing members; optionally recompute the manifest checksums
    so that only the deeper checks can catch the change."""
    replace = replace or {}
    add = add or {}
    with zipfile.ZipFile(src) as zin:
        contents = {name: zin.read(name) for name in zin.namelist()}
    contents.update(replace)
    for name in drop:
        contents.pop(name)
    manifest = json.loads(contents["manifest.json"])
    if fix_manifest:
        for name, data in contents.items():
            if name != "manifest.json" and name in manifest["members"]:
                manifest["members"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    if manifest_edit:
        manifest_edit(manifest)
    contents["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(dst, "w") as zout:
        for name, data in {**contents, **add}.items():
            zout.writestr(name, data)
    return dst


@pytest.fixture
def good_archive(run: Any, world: Any, tmp_path: Path) -> Path:
    archive = tmp_path / "good.zip"
    run("export-case", world.case.reference, str(archive), "--as", "n_admin")
    return archive


def _case_json(archive: Path) -> dict[str, Any]:
    with zipfile.ZipFile(archive) as zf:
        return json.loads(zf.read("case.json"))  # type: ignore[no-any-return]


def _broken(kind: str, good: Path, tmp: Path) -> Path:
    dst = tmp / f"{kind}.zip"
    if kind == "truncated":
        dst.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    elif kind == "empty":
        dst.write_bytes(b"")
    elif kind == "not_zip":
        dst.write_bytes(b"%PDF-1.4 this is not a zip")
    elif kind == "bad_checksum":
        data = _case_json(good)
        data["case"]["title"] = "State v. Tampered"
        _rewrite(good, dst, replace={"case.json": json.dumps(data).encode()})
    elif kind == "traversal":
        _rewrite(good, dst, add={"../../etc/evil.txt": b"x"})
    elif kind == "absolute":
        _rewrite(good, dst, add={"/tmp/evil.txt": b"x"})
    elif kind == "unlisted_member":
        _rewrite(good, dst, add={"extra.txt": b"x"})
    elif kind == "missing_member":
        _rewrite(good, dst, drop=("case.json",))
    elif kind == "no_manifest":
        with zipfile.ZipFile(good) as zin, zipfile.ZipFile(dst, "w") as zout:
            zout.writestr("case.json", zin.read("case.json"))
    elif kind == "bad_json":
        _rewrite(good, dst, replace={"case.json": b'{"case": {"title": '}, fix_manifest=True)
    elif kind == "bad_manifest_json":
        with zipfile.ZipFile(good) as zin, zipfile.ZipFile(dst, "w") as zout:
            zout.writestr("case.json", zin.read("case.json"))
            zout.writestr("manifest.json", b"{nope")
    elif kind == "wrong_format":
        _rewrite(good, dst, manifest_edit=lambda m: m.update(format="something-else"))
    elif kind == "future_version":
        _rewrite(good, dst, manifest_edit=lambda m: m.update(format_version=99))
    elif kind == "schema":
        data = _case_json(good)
        data["case"]["stage"] = "heaven"
        data["notes"] = [{"body": ""}]
        _rewrite(good, dst, replace={"case.json": json.dumps(data).encode()}, fix_manifest=True)
    elif kind == "dangling_role":
        data = _case_json(good)
        data["roles"] = [{"person": "person-404", "role": "witness"}]
        _rewrite(good, dst, replace={"case.json": json.dumps(data).encode()}, fix_manifest=True)
    elif kind == "unknown_section":
        _rewrite(
            good,
            dst,
            add={"alien/data.json": b"{}"},
            manifest_edit=lambda m: (
                m["sections"].append("alien"),
                m["members"].update(
                    {"alien/data.json": {"sha256": hashlib.sha256(b"{}").hexdigest(), "size": 2}}
                ),
            ),
        )
    else:
        raise AssertionError(kind)
    return dst


BROKEN = {
    "truncated": "not a zip archive, or it is truncated",
    "empty": "not a zip archive",
    "not_zip": "not a zip archive",
    "bad_checksum": "Checksum mismatch for 'case.json'",
    "traversal": "climbs out of the archive",
    "absolute": "absolute path",
    "unlisted_member": "extra.txt not listed in the manifest",
    "missing_member": "case.json listed in the manifest but missing",
    "no_manifest": "no manifest.json",
    "bad_json": "case.json is not valid JSON",
    "bad_manifest_json": "manifest.json is not valid JSON",
    "wrong_format": "not a case archive",
    "future_version": "format version 99",
    "schema": "case.stage",
    "dangling_role": "no person with key 'person-404'",
    "unknown_section": "'alien' data, which this installation cannot read",
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_damaged_archive_is_refused_and_nothing_is_written(
    run: Any, world: Any, good_archive: Path, tmp_path: Path, kind: str
) -> None:
    bad = _broken(kind, good_archive, tmp_path)
    before = _db_state()
    with pytest.raises(CommandError) as excinfo:
        run("import-case", str(bad), "--org", "southside", "--as", "s_admin", "--reference", "SS-NEW")
    message = str(excinfo.value)
    assert message.startswith("Nothing was imported.")
    assert BROKEN[kind] in message, message
    assert _db_state() == before


@pytest.mark.django_db
def test_zip_bomb_limits(world: Any, good_archive: Path, tmp_path: Path) -> None:
    from innocence.cases.archive import ArchiveError, Limits, import_case

    bomb = tmp_path / "bomb.zip"
    zeros = b"\0" * (2 * 1024 * 1024)
    _rewrite(
        good_archive,
        bomb,
        add={"padding.bin": zeros},
        manifest_edit=lambda m: m["members"].update(
            {"padding.bin": {"sha256": hashlib.sha256(zeros).hexdigest(), "size": len(zeros)}}
        ),
    )
    # Re-pack the padding deflated so its ratio is huge.
    packed = tmp_path / "packed.zip"
    with zipfile.ZipFile(bomb) as zin, zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            zout.writestr(name, zin.read(name))
    before = _db_state()
    small = Limits(ratio_applies_above=1024 * 1024, max_ratio=100)
    with pytest.raises(ArchiveError, match="possible zip bomb"):
        import_case(
            actor=world.outsider, organization=world.south, source=packed, reference="SS-B", limits=small
        )
    with pytest.raises(ArchiveError, match="too big"):
        import_case(
            actor=world.outsider,
            organization=world.south,
            source=packed,
            reference="SS-B",
            limits=Limits(max_member_bytes=1024 * 1024),
        )
    with pytest.raises(ArchiveError, match="members"):
        import_case(
            actor=world.outsider,
            organization=world.south,
            source=packed,
            reference="SS-B",
            limits=Limits(max_members=2),
        )
    assert _db_state() == before


@pytest.mark.django_db
def test_failure_inside_the_transaction_rolls_back(world: Any, good_archive: Path, monkeypatch: Any) -> None:
    """A section that fails half-way leaves nothing behind: one transaction."""
    import types

    from innocence.cases import archive

    failing = types.ModuleType("failing_section")
    failing.SECTION = "failing"  # type: ignore[attr-defined]

    def export(case: Any, writer: Any) -> None:
        writer.add_json("data.json", {"ok": True})

    def import_(case: Any, reader: Any, ctx: Any) -> None:
        raise archive.ArchiveError("failing section broke half-way")

    failing.export = export  # type: ignore[attr-defined]
    failing.import_ = import_  # type: ignore[attr-defined]
    monkeypatch.setattr(archive, "installed_sections", lambda: [("failing", failing)])
    path = good_archive.parent / "with-section.zip"
    result = archive.export_case(actor=world.admin, case=world.case, destination=path)
    assert result.sections == ["case", "failing"]
    before = _db_state()
    with pytest.raises(archive.ArchiveError, match="half-way"):
        archive.import_case(actor=world.outsider, organization=world.south, source=path, reference="SS-R")
    assert _db_state() == before


@pytest.mark.django_db
def test_manifest_lists_checksums(good_archive: Path) -> None:
    with zipfile.ZipFile(good_archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        case_bytes = zf.read("case.json")
    assert manifest["format"] == "innocence-files/case-archive" and manifest["format_version"] == 1
    assert manifest["created_at"] and manifest["sections"] == ["case"]
    assert manifest["members"]["case.json"]["sha256"] == hashlib.sha256(case_bytes).hexdigest()


@pytest.mark.django_db
def test_web_export(client: Any, world: Any) -> None:
    from innocence.core.models import AuditEntry

    # exporting is a right of its own: a viewer reads the case but does not take it home
    client.force_login(world.viewer)
    assert client.get(f"/cases/{world.case.reference}/export/").status_code == 403
    assert not AuditEntry.objects.filter(action="export").exists()
    client.force_login(world.on_team)
    response = client.get(f"/cases/{world.case.reference}/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert f"{world.case.reference}-" in response["Content-Disposition"]
    import io

    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as zf:
        assert set(zf.namelist()) == {"manifest.json", "case.json"}
    entry = AuditEntry.objects.get(action="export")
    assert entry.channel == "web" and entry.username == "n_attorney"
    for user in (world.off_team, world.walled_admin, world.outsider):
        client.force_login(user)
        assert client.get(f"/cases/{world.case.reference}/export/").status_code == 404
    assert AuditEntry.objects.filter(action="export").count() == 1


@pytest.mark.django_db
def test_a_section_round_trips_its_members(world: Any, tmp_path: Path, monkeypatch: Any) -> None:
    """How a later app (documents, findings, ...) adds its data to the archive."""
    import types

    from innocence.cases import archive

    seen: dict[str, Any] = {}
    section = types.ModuleType("exhibits_section")
    section.SECTION = "exhibits"  # type: ignore[attr-defined]

    def export(case: Any, writer: Any) -> None:
        writer.add_json("index.json", {"case": case.reference, "files": ["a.bin"]})
        blob = tmp_path / "a.bin"
        blob.write_bytes(b"\x00\x01fictional exhibit")
        writer.add_file("files/a.bin", blob)

    def validate(reader: Any) -> None:
        if reader.json("index.json")["files"] != ["a.bin"]:
            raise archive.ArchiveError("exhibits/index.json is wrong")

    def import_(case: Any, reader: Any, ctx: Any) -> None:
        seen["names"] = reader.names()
        seen["blob"] = reader.read_bytes("files/a.bin")
        seen["case"] = case.reference
        seen["people"] = sorted(p.full_name for p in ctx.people.values())

    section.export = export  # type: ignore[attr-defined]
    section.validate = validate  # type: ignore[attr-defined]
    section.import_ = import_  # type: ignore[attr-defined]
    monkeypatch.setattr(archive, "installed_sections", lambda: [("exhibits", section)])
    path = tmp_path / "with-exhibits.zip"
    result = archive.export_case(actor=world.admin, case=world.case, destination=path)
    assert result.sections == ["case", "exhibits"]
    with zipfile.ZipFile(path) as zf:
        assert set(json.loads(zf.read("manifest.json"))["members"]) == {
            "case.json",
            "exhibits/index.json",
            "exhibits/files/a.bin",
        }
    imported = archive.import_case(
        actor=world.outsider, organization=world.south, source=path, reference="SS-EX"
    )
    assert imported.sections == ["case", "exhibits"]
    assert seen == {
        "names": ["files/a.bin", "index.json"],
        "blob": b"\x00\x01fictional exhibit",
        "case": "SS-EX",
        "people": [],
    }
