"""The agency and era of a person, read from the pages that name them, and their use in
linking across cases (issue 13). Every name, agency and page here is invented."""

from __future__ import annotations

import datetime as dt

from innocence.people.extraction import extract_page
from innocence.people.extraction.agencies import agencies_named, page_year
from innocence.people.linking import link_across_cases
from innocence.people.resolution import AUTO_LINK, NameMention, resolve_case


def test_an_agency_named_in_full_and_by_acronym_is_one_agency() -> None:
    text = "the Pellston Police Department (P.P.D.) and PPD officers; the Rowan County Sheriff's Office"
    assert agencies_named(text) == {"PPD": 3, "RCSO": 1}
    assert agencies_named("ROWAN COUNTY SHERIFFS OFFICE / RCSO") == {"RCSO": 2}
    assert agencies_named("I ALSO SAW HIM; so what") == {}


def test_the_page_year_is_the_latest_plausible_date() -> None:
    page = (
        "Date of report: 06/12/1987. Arrestee DOB 03/04/1961. Det. Wilbur Varne, Pellston Police Department."
    )
    mentions = extract_page(page)
    assert page_year(mentions, dt.date(2026, 1, 1)) == 1987
    (person,) = [m for m in mentions if m.kind == "person"]
    assert person.attrs["agency"] == "PPD" and person.attrs["year"] == 1987


def _person(case_id: int, given: str, surname: str, agency: str, year: int, role: str = "detective"):
    mentions = [
        NameMention(
            id=case_id * 100 + i,
            case_id=case_id,
            given=given,
            surname=surname,
            role=role,
            title_role=role,
            agency=agency,
            year=year,
        )
        for i in range(3)
    ]
    (person,) = resolve_case(mentions)
    return person


def _auto(persons) -> set[frozenset[int]]:
    return {
        frozenset((link.a[0], link.b[0]))
        for link in link_across_cases(persons)
        if link.confidence >= AUTO_LINK
    }


def test_same_name_and_role_in_one_agency_and_era_links_decades_apart_does_not() -> None:
    # "Det. Quenby" (no first name) in case 2: the same department and years as Det. Orwin Quenby
    persons = [
        _person(1, "Orwin", "Quenby", "PPD", 1986),
        _person(2, "", "Quenby", "PPD", 1988),
        _person(3, "", "Quenby", "PPD", 2014),  # a namesake a generation later
        _person(4, "", "Quenby", "RCSO", 1987),  # another agency: no bonus
    ]
    assert _auto(persons) == {frozenset((1, 2))}
    links = link_across_cases(persons)
    same = next(link for link in links if {link.a[0], link.b[0]} == {1, 2})
    assert any("same agency (PPD)" in reason for reason in same.reasons)
    apart = next(link for link in links if {link.a[0], link.b[0]} == {1, 3})
    assert any("decades apart" in reason for reason in apart.reasons)
    # the full name (same first name) still links across agencies; decades apart it does not
    assert _auto([_person(1, "Orwin", "Quenby", "PPD", 1986), _person(5, "Orwin", "Quenby", "RCSO", 1989)])
    assert not _auto([_person(1, "Orwin", "Quenby", "PPD", 1986), _person(6, "Orwin", "Quenby", "PPD", 2012)])


def test_a_stamp_of_another_decade_is_not_the_era() -> None:
    mentions = [
        NameMention(id=i, case_id=1, given="Orwin", surname="Quenby", title_role="officer", year=1993)
        for i in range(5)
    ]
    mentions.append(NameMention(id=9, case_id=1, given="", surname="Landor", title_role="officer", year=2018))
    mentions += [NameMention(id=10 + i, case_id=1, given="", surname="Landor", year=1993) for i in range(2)]
    persons = {p.surname: p for p in resolve_case(mentions)}
    assert persons["Quenby"].era == 1993
    assert persons["Landor"].era == 1993  # the 2018 fax stamp is dropped


def test_an_ocr_shape_variant_links_with_the_reason_and_a_different_name_does_not() -> None:
    persons = [
        _person(1, "Orwin", "Kessler", "PPD", 1986),
        _person(2, "Orwin", "Kcsslcr", "PPD", 1987),  # e->c, e->c: the letters OCR confuses
        _person(3, "Orwin", "Kastner", "PPD", 1987),  # another surname of that length
        _person(4, "Wilbur", "Kcsslcr", "PPD", 1987),  # another first name
    ]
    assert _auto(persons) == {frozenset((1, 2))}
    link = next(link for link in link_across_cases(persons) if {link.a[0], link.b[0]} == {1, 2})
    assert any("shaped alike under OCR" in reason for reason in link.reasons)
