"""NRE import on small fictional files in both layouts, the bad inputs, versions with
added/changed/removed, the national figures and "exonerations like this one"."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command

from innocence.reports.models import NreVersion
from innocence.reports.nre_import import nre_import, read
from innocence.reports.nre_stats import CAUTIONS, Filters, like_this, national, version_for

PUBLIC_HEADER = ("Last Name,First Name,Age,Race,Sex,State,County,Tags,Worst Crime Display,Sentence,Posting Date,"
                 "OM Tags,F/MFE,FC,ILD,P/FA,DNA,MWID,OM,Date of Crime Year,Date of Exoneration,"
                 "Date of 1st Conviction,Date of Release")
# Fictional people (the names say so); values in the NRE's formats.
PUBLIC_ROWS = [
    'Fictionalé,Ann,19,Black,Female,Louisiana,Orleans,CV;#IO,Murder,Life,9/1/2011,OF;#WH,,,,P/FA,,MWID,OM,"1,991",9/2/2009,6/22/1995,9/2/2009',
    'Testperson,Bo,31,White,Male,Louisiana,Caddo,H;#NC,Murder,40 years,2/14/2022,,F/MFE,FC,,,DNA,,,"2,001",2/1/2022,3/25/2003,3/25/2021',
    'Madeup,Cy,25,Hispanic,Male,Texas,Harris,P,Robbery,5 years,1/1/2020,,,,ILD,,,MWID,,"2,010",1/1/2019,1/1/2011,1/1/2015',
    'Madeup,Cy,27,Hispanic,Male,Fed-TX,,FED,Drug Possession or Sale,2 years,1/1/2021,,,,,P/FA,,,OM,"2,012",6/1/2020,1/1/2013,',
]


def public_file(rows: list[str] | None = None, header: str = PUBLIC_HEADER) -> bytes:
    return ("\r\n".join([header, *(PUBLIC_ROWS if rows is None else rows)]) + "\r\n").encode("cp1252")


DETAILED_HEADER = ["ID", "Last Name", "First Name", "Age", "Race", "Sex", "State", "County", "Worst Crime Display",
                   "Sentence", "Date of Crime Year", "Date of Conviction", "Date of Exoneration", "Date of Release",
                   "Mistaken Witness ID", "False Confession", "Perjury or False Accusation",
                   "False or Misleading Forensic Evidence", "Official Misconduct", "Inadequate Legal Defense", "DNA",
                   "Withheld Exculpatory Evidence", "Witness Tampering", "Research Note"]


def detailed_file(rows: list[list[str]]) -> bytes:
    lines = [",".join(DETAILED_HEADER)] + [",".join(r) for r in rows]
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


DETAILED_ROWS = [
    ["101", "Fiction", "Zoë", "22", "Black", "Male", "Louisiana", "Orleans", "Murder", "Life", "1990", "5/1/1991",
     "4/4/2010", "4/4/2010", "Yes", "No", "Yes", "No", "Yes", "No", "No", "Yes", "No", "fictional"],
    ["102", "Pretend", "Al", "30", "White", "Male", "Ohio", "Cuyahoga", "Robbery", "10 years", "2000", "1/1/2001",
     "1/1/2012", "1/1/2010", "No", "No", "No", "No", "No", "Yes", "No", "No", "No", ""],
]


@pytest.mark.django_db
def test_public_layout_imports_with_codes_years_and_lists(world: Any) -> None:
    report = nre_import(actor=world.admin, organization=world.north, raw=public_file(), file_name="nre.csv")
    assert report.ok, [str(p) for p in report.problems]
    assert (report.layout, report.encoding, report.rows, report.added) == ("public", "cp1252", 4, 4)
    version = report.version
    assert version is not None and version.number == 1
    first = version.records.get(row_number=2)
    assert first.last_name == "Fictionalé" and first.crime_year == 1991 and first.factors == ["MWID", "P/FA", "OM"]
    assert first.tags == ["CV", "IO"] and first.om_tags == ["OF", "WH"] and first.state_code == "LA"
    fed = version.records.get(row_number=5)
    assert fed.federal and fed.state_code == "TX" and fed.released_on is None


@pytest.mark.django_db
def test_detailed_layout_yes_no_flags_om_subflags_and_unknown_columns(world: Any) -> None:
    report = nre_import(actor=world.admin, organization=world.north, raw=detailed_file(DETAILED_ROWS),
                        file_name="extract.csv")
    assert report.ok, [str(p) for p in report.problems]
    assert report.layout == "detailed" and report.encoding == "utf-8-sig"
    assert report.unknown_columns == ["Research Note"]
    record = report.version.records.get(row_number=2)  # type: ignore[union-attr]
    assert record.first_name == "Zoë" and sorted(record.factors) == ["MWID", "OM", "P/FA"]
    assert record.om_tags == ["WH"] and record.extra == {"Research Note": "fictional"}


@pytest.mark.django_db
@pytest.mark.parametrize(("raw", "message"), [
    (public_file().decode("cp1252").encode("utf-16"), "UTF-16"),
    (public_file()[:-40].rstrip(b"\r\n") + b',"1,99', "truncated"),
    (b"Invoice,Amount,Customer\n1,2.00,ACME\n", "not an NRE file"),
    (public_file(header=PUBLIC_HEADER.replace(",MWID", "")), "Columns missing"),
    (public_file(rows=[PUBLIC_ROWS[0], PUBLIC_ROWS[0]]), "repeats row 2 exactly"),
    (public_file(rows=[PUBLIC_ROWS[0].replace(",MWID,", ",Maybe,")]), "column 'MWID', value 'Maybe': expected 'MWID'"),
    (public_file(rows=[PUBLIC_ROWS[0].replace("9/2/2009,6/22", "2009-13-45,6/22")]), "expected a date"),
    (public_file(rows=[PUBLIC_ROWS[0].replace(",Louisiana,", ",Atlantis,")]), "not a state"),
    (b"", "empty"),
])
def test_bad_files_import_nothing_and_say_why(world: Any, raw: bytes, message: str) -> None:
    report = nre_import(actor=world.admin, organization=world.north, raw=raw, file_name="bad.csv")
    assert not report.ok
    assert message in " ".join(str(p) for p in report.problems)
    assert NreVersion.objects.count() == 0


@pytest.mark.django_db
def test_a_truncated_last_row_is_named() -> None:
    raw = public_file()
    cut = raw[: raw.rindex(b",P/FA,")]
    report, _ = read(cut, "cut.csv")
    assert not report.ok and "truncated" in str(report.problems[-1])


@pytest.mark.django_db
def test_reimport_reports_added_changed_removed_and_dry_run_writes_nothing(world: Any) -> None:
    nre_import(actor=world.admin, organization=world.north, raw=public_file(), file_name="v1.csv")
    rows = [PUBLIC_ROWS[0].replace(",Life,", ",Life without parole,"), PUBLIC_ROWS[1], PUBLIC_ROWS[3],
            'Newcase,Di,40,White,Female,Ohio,Franklin,,Assault,3 years,1/1/2023,,,,,P/FA,,,,"2,015",1/1/2023,1/1/2016,1/1/2019']
    dry = nre_import(actor=world.admin, organization=world.north, raw=public_file(rows), file_name="v2.csv",
                     dry_run=True)
    assert (dry.added, dry.changed, dry.removed) == (1, 1, 1) and dry.version is None
    assert NreVersion.objects.count() == 1
    report = nre_import(actor=world.admin, organization=world.north, raw=public_file(rows), file_name="v2.csv")
    assert report.version is not None and report.version.number == 2
    assert (report.added, report.changed, report.removed) == (1, 1, 1)


@pytest.mark.django_db
def test_only_admins_import(world: Any) -> None:
    with pytest.raises(PermissionError):
        nre_import(actor=world.on_team, organization=world.north, raw=public_file(), file_name="x.csv")


@pytest.mark.django_db
def test_national_figures_and_filters(world: Any) -> None:
    nre_import(actor=world.admin, organization=world.north, raw=public_file(), file_name="v1.csv")
    version = version_for(world.on_team)
    assert version is not None and version_for(world.outsider) is None  # another organization's copy
    f = national(version)
    assert f.n == 4 and {c: s for c, _, s in f.factors}["P/FA"] == 50.0
    assert f.dna == (1, 25.0) and f.by_year == [("2009", 1), ("2019", 1), ("2020", 1), ("2022", 1)]
    assert national(version, Filters(state="Louisiana", factor="MWID")).n == 1


@pytest.mark.django_db
def test_like_this_compares_same_state_crime_and_factors(world: Any, memo_case: Any) -> None:
    memo_case.charges = ["Second-degree murder"]
    memo_case.save()
    nre_import(actor=world.admin, organization=world.north, raw=public_file(), file_name="v1.csv")
    result = like_this(world.on_team, memo_case, version_for(world.on_team))  # type: ignore[arg-type]
    assert result.crime == "Murder" and "MWID" in result.factors
    counts = dict(result.counts)
    assert counts["Exonerations in Louisiana"] == 2
    assert counts["… of the same worst crime (Murder)"] == 2
    assert [r.last_name for r in result.records] == ["Fictionalé"]  # shares MWID/OM; the other shares none
    assert result.cautions == CAUTIONS


@pytest.mark.django_db
def test_cli_import_and_stats(world: Any, tmp_path: Any, capsys: Any) -> None:
    path = tmp_path / "nre.csv"
    path.write_bytes(public_file())
    call_command("nre", "import", str(path), "--dry-run", "--as", world.admin.username)
    assert NreVersion.objects.count() == 0
    call_command("nre", "import", str(path), "--as", world.admin.username)
    capsys.readouterr()
    call_command("nre", "stats", "--json", "--as", world.on_team.username)
    data = json.loads(capsys.readouterr().out)
    assert data["n"] == 4 and data["factors"]["P/FA"]["share"] == 50.0 and data["cautions"]
