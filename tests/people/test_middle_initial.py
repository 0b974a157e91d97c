"""A man called by his middle name: "B. Quarrel" beside "Officer Wendell B. Quarrel" is one person,
but only when the initial can be nobody else's (invented names)."""

from __future__ import annotations

from innocence.people.extraction import extract_page
from innocence.people.pipeline import CasePages, run_case
from innocence.people.resolution import NameMention, resolve_case


def _m(i: int, given: str, surname: str, middle: str = "", title_role: str = "officer") -> NameMention:
    return NameMention(id=i, case_id=1, given=given, surname=surname, middle=middle, role=title_role,
                       title_role=title_role)


def test_the_middle_initial_alone_joins_the_one_person_who_carries_it() -> None:
    persons = resolve_case([_m(1, "Wendell", "Quarrel", "B"), _m(2, "Wendell", "Quarrel", "B."), _m(3, "B.", "Quarrel")])
    assert len(persons) == 1
    person = persons[0]
    assert person.middle == "B" and person.given == "Wendell"
    attachment = next(a for a in person.attachments if a.mention_id == 3)
    assert any("middle initial" in reason for reason in attachment.reasons)
    assert attachment.confidence <= 0.75


def test_a_first_name_with_that_initial_wins_over_a_middle_initial() -> None:
    persons = resolve_case([_m(1, "Wendell", "Quarrel", "B"), _m(2, "Boris", "Quarrel"), _m(3, "B.", "Quarrel")])
    boris = next(p for p in persons if p.given == "Boris")
    assert 3 in boris.mention_ids


def test_two_people_with_that_middle_initial_leave_the_initial_alone() -> None:
    persons = resolve_case([_m(1, "Wendell", "Quarrel", "B"), _m(2, "Amos", "Quarrel", "B"), _m(3, "B.", "Quarrel")])
    assert len(persons) == 3
    assert not any({1, 3} <= set(p.mention_ids) or {2, 3} <= set(p.mention_ids) for p in persons)


def test_without_a_middle_initial_the_initial_stays_its_own_person() -> None:
    persons = resolve_case([_m(1, "Wendell", "Quarrel"), _m(2, "B.", "Quarrel")])
    assert len(persons) == 2


def test_from_the_page_text_to_one_officer() -> None:
    pages = CasePages()
    pages.add(1, "Present at the scene were Officer Wendell B. Quarrel and Det. Ilse Marchbank of the\n"
                 "Fenwick Police Department. This report is fictional.\n")
    pages.add(2, "Q. Did you hear the questions that Officer B. Quarrel asked the witness?\n"
                 "A. Yes. He asked us where we had been that night.\n")
    assert any(m.attrs.get("middle") for m in extract_page(pages.texts[1]) if m.kind == "person")
    result = run_case(1, pages)
    quarrels = [p for p in result.persons if p.surname == "Quarrel"]
    assert len(quarrels) == 1
    assert {result.mentions[i].page_id for i in quarrels[0].mention_ids} == {1, 2}


def test_mr_and_mrs_names_the_husband_and_his_title_finds_him() -> None:
    """"Mr. and Mrs. Quarrel" names two people; once "Mrs. Quarrel" can only be the case's Tessa
    Quarrel (her husband is an officer), "Mr. Quarrel" is the officer, not the more-named wife."""
    pages = CasePages()
    pages.add(1, "Officer Dane Quarrel of the Fenwick Police Department returned home at 6 PM.\n"
                 "VICTIM: Tessa Quarrel. She was not at home. This report is fictional.\n")
    pages.add(2, "Tessa Quarrel's car was in the drive. Tessa Quarrel had called her sister.\n"
                 "The sister said Mrs. Quarrel sounded worried.\n")
    pages.add(3, "Q. Which items were taken from Mr. and Mrs. Quarrel's bedroom?\n"
                 "A. The jewelry box, Mr. Quarrel told us.\n")
    couple = [m for m in extract_page(pages.texts[3]) if m.kind == "person"]
    assert [(m.text, m.attrs.get("gender")) for m in couple][:2] == [("Mr.", "M"), ("Mrs. Quarrel's", "F")]
    result = run_case(1, pages)
    dane = next(p for p in result.persons if p.given == "Dane")
    tessa = next(p for p in result.persons if p.given == "Tessa")
    on_page_3 = {result.mentions[i].extracted.text for i in dane.mention_ids if result.mentions[i].page_id == 3}
    assert on_page_3 == {"Mr.", "Mr. Quarrel"}
    assert not any(result.mentions[i].extracted.attrs.get("gender") == "M" for i in tessa.mention_ids)


def test_mr_and_mrs_before_a_common_word_is_no_name() -> None:
    husbands = [m for m in extract_page("Mr. and Mrs. Pardew and Mr. and Mrs. Both were there.") if m.text == "Mr."]
    assert [m.attrs["surname"] for m in husbands] == ["Pardew"]


def test_a_garbled_surname_with_the_officers_own_first_name_joins_him() -> None:
    """Once "Det. Ivor Trawl" beside three of "Det. Ivor Quarl": the same first name in full lets a
    surname shaped only loosely alike join the one officer it can be; without the first name, or
    with two officers of that first name, it stays apart."""
    det = "detective"
    base = [NameMention(id=i, case_id=1, given="Ivor", surname="Quarl", role=det, title_role=det) for i in range(3)]
    stray = NameMention(id=9, case_id=1, given="Ivor", surname="Trawl", role=det, title_role=det)
    persons = resolve_case([*base, stray])
    assert len(persons) == 1 and 9 in persons[0].mention_ids
    bare = NameMention(id=9, case_id=1, given="", surname="Trawl", role=det, title_role=det)
    assert len(resolve_case([*base, bare])) == 2
    other = NameMention(id=9, case_id=1, given="Piet", surname="Trawl", role=det, title_role=det)
    assert len(resolve_case([*base, other])) == 2
    twin = [NameMention(id=20 + i, case_id=1, given="Ivor", surname="Crawt", role=det, title_role=det) for i in range(3)]
    assert 9 not in next(p for p in resolve_case([*base, *twin, stray]) if p.surname == "Quarl").mention_ids
