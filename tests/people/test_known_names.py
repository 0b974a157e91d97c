"""The second pass: bare names of people already known in the case."""

from __future__ import annotations

from innocence.people.known_names import find_known_names, known_names_of
from innocence.people.resolution import NameMention, resolve_case


def _titled(i: int, surname: str, given: str = "") -> NameMention:
    return NameMention(id=i, case_id=1, given=given, surname=surname, role="officer", title_role="officer")


def test_bare_names_found_and_word_like_names_only_beside_another() -> None:
    persons = resolve_case(
        [_titled(1, "Dunmore", "Paula"), _titled(2, "Dunmore"), _titled(3, "Bird"), _titled(4, "Bird")]
    )
    known = known_names_of(persons)
    text = "DUNMORE: Dunmore, Bird and I went in. Later a Bird dog barked. Paula Dunmore left."
    found = find_known_names(text, known, [])
    assert [m.text for m in found] == ["DUNMORE", "Dunmore", "Bird", "Paula Dunmore"]
    assert all(text[m.start : m.end] == m.text for m in found)


def test_shared_surnames_are_not_searched() -> None:
    persons = resolve_case(
        [
            NameMention(
                id=1, case_id=1, given="Rudyard", surname="Pellow", title_role="officer", role="officer"
            ),
            NameMention(
                id=2, case_id=1, given="Rudyard", surname="Pellow", title_role="officer", role="officer"
            ),
            NameMention(id=3, case_id=1, given="", surname="Pellow", role="", gender="F"),
            NameMention(id=4, case_id=1, given="", surname="Pellow", role="", gender="F"),
        ]
    )
    assert len(persons) == 2
    known = known_names_of(persons)
    # the bare surname could be either: only the full name of the one with a first name is searched
    assert {k: v.needs_given for k, v in known.items()} == {"pellow": True}
    text = "Pellow came in. RUDYARD PELLOW sat down; Ambrose Pellow left; Rudyard Pellow's car."
    assert [m.text for m in find_known_names(text, known, [])] == ["RUDYARD PELLOW", "Rudyard Pellow"]


def test_a_person_named_once_is_found_by_full_name_and_a_first_name_surname_too() -> None:
    # a defendant named once in a caption; "Thomas" is also a first name, so a bare "Thomas" is never taken
    persons = resolve_case(
        [
            NameMention(
                id=1, case_id=1, given="Orwin", surname="Thomas", role="defendant", title_role="defendant"
            )
        ]
    )
    known = known_names_of(persons)
    text = "my client, Orwin Thomas, was at home. Thomas Quenby saw him. Did Thomas do it?"
    found = find_known_names(text, known, [])
    assert [m.text for m in found] == ["Orwin Thomas"]
    resolved = resolve_case(
        [
            NameMention(
                id=1, case_id=1, given="Orwin", surname="Thomas", role="defendant", title_role="defendant"
            ),
            NameMention(id=2, case_id=1, given=found[0].attrs["given"], surname=found[0].attrs["surname"]),
        ]
    )
    assert len(resolved) == 1 and resolved[0].role == "defendant"


def test_a_titled_bare_surname_joins_the_person_named_in_that_kind_of_role() -> None:
    # the officer's wife, named often by full name with no role, does not absorb "Officer Ferrow"
    mentions = [
        NameMention(id=1, case_id=1, given="Lusk", surname="Ferrow", role="officer", title_role="officer"),
        *(NameMention(id=i, case_id=1, given="Tamsin", surname="Ferrow") for i in range(2, 12)),
        NameMention(id=20, case_id=1, given="", surname="Ferrow", role="officer", title_role="officer"),
    ]
    persons = {p.display_name: p for p in resolve_case(mentions)}
    assert 20 in persons["Lusk Ferrow"].mention_ids
    assert persons["Lusk Ferrow"].is_law_enforcement and not persons["Tamsin Ferrow"].is_law_enforcement


def test_another_first_name_before_a_known_surname_is_someone_else() -> None:
    persons = resolve_case([_titled(1, "Marsh", "Lucius"), _titled(2, "Marsh", "Lucius")])
    known = known_names_of(persons)
    text = "AMBROSE MARSH N/M, 3916 ELM (REAR LEFT); later Marsh and LUCIUS MARSH returned."
    found = [m.text for m in find_known_names(text, known, [])]
    assert found == ["Marsh", "LUCIUS MARSH"]


def test_a_lower_cased_surname_counts_only_after_the_persons_own_first_name() -> None:
    persons = resolve_case([_titled(1, "Pellow", "Rudyard"), _titled(2, "Pellow", "Rudyard")])
    known = known_names_of(persons)
    text = "learned from Police Officer Rudyard pellow that the men ran; a pellow fell; Ambrose pellow left."
    assert [m.text for m in find_known_names(text, known, [])] == ["Rudyard pellow"]


def test_a_dominant_namesake_does_not_hide_the_other_persons_full_name() -> None:
    # a victim named on fifty pages (by surname alone on most: a running head) and an officer of
    # the same surname named a few times: the bare surname is hers, "Timothy Roe" stays his
    mentions = [
        *(NameMention(id=i, case_id=1, given="Mary", surname="Quenby", role="victim") for i in range(1, 6)),
        *(NameMention(id=i, case_id=1, given="", surname="Quenby", role="witness") for i in range(6, 56)),
        *(
            NameMention(
                id=i, case_id=1, given="Timothy", surname="Quenby", role="officer", title_role="officer"
            )
            for i in range(60, 63)
        ),
    ]
    persons = resolve_case(mentions)
    known = known_names_of(persons)
    assert known["quenby"].given_names >= {"mary"} and "timothy" in known["quenby"].others_given
    text = "TIMOTHY QUENBY of the sheriff's office and Quenby's daughter; Ambrose Quenby left."
    found = find_known_names(text, known, [])
    assert [m.text for m in found] == ["TIMOTHY QUENBY", "Quenby"]
    assert found[0].attrs["given"] == "Timothy"
    resolved = resolve_case([*mentions, NameMention(id=99, case_id=1, given="Timothy", surname="Quenby")])
    officer = next(p for p in resolved if 60 in p.mention_ids)
    assert 99 in officer.mention_ids and officer.is_law_enforcement


def test_a_full_name_split_over_two_lines_and_two_names_on_two_lines() -> None:
    """Invented names. "Rudyard / Pellow" across a line end is his full name (needed where the
    surname is shared); "Quarrel / Pellow" on two lines of a form is two people."""
    persons = resolve_case(
        [
            _titled(1, "Pellow", "Rudyard"),
            _titled(2, "Pellow", "Rudyard"),
            NameMention(id=3, case_id=1, given="", surname="Pellow", role="", gender="F"),
            NameMention(id=4, case_id=1, given="", surname="Pellow", role="", gender="F"),
            _titled(5, "Quarrel"),
            _titled(6, "Quarrel"),
        ]
    )
    known = known_names_of(persons)
    text = "Detectives then spoke with Rudyard\nPellow at the house.\nSIGNATURE (Agent)\nQuarrel\nPellow Q88\n"
    found = [(m.text, m.attrs["given"]) for m in find_known_names(text, known, [])]
    assert ("Rudyard\nPellow", "Rudyard") in found
    assert ("Quarrel", "") in found
    assert not any(t.startswith("Quarrel\n") for t, _ in found)


def test_a_known_full_name_with_one_letter_of_the_surname_misread() -> None:
    """Invented names: "Rudyard Pellaw" is Rudyard Pellow misread; "Tamsin Pellaw" (no such
    person) and a four-letter surname are not taken."""
    persons = resolve_case(
        [
            _titled(1, "Pellow", "Rudyard"),
            _titled(2, "Pellow", "Rudyard"),
            _titled(3, "Dunn", "Ivo"),
            _titled(4, "Dunn", "Ivo"),
        ]
    )
    known = known_names_of(persons)
    text = "Later Rudyard Pellaw's car was seen. Tamsin Pellaw was not home. Ivo Dunm left."
    found = [(m.text, m.attrs["surname"]) for m in find_known_names(text, known, [])]
    assert ("Rudyard Pellaw", "Pellaw") in found
    assert not any(t.startswith(("Tamsin", "Ivo")) for t, _ in found)


def test_a_misread_spelling_joins_the_surnames_other_person_by_first_name() -> None:
    """Invented names: the case's Pellows are Tamsin (named most) and Officer Rudyard; "Rudyard
    Pellaw" is Rudyard, though Tamsin is the surname's most named person."""
    mentions = [NameMention(id=i, case_id=1, given="Tamsin", surname="Pellow", role="victim") for i in range(6)]
    mentions += [
        _titled(10, "Pellow", "Rudyard"),
        _titled(11, "Pellow", "Rudyard"),
        # named without a title there (so not read as a garbled officer's name alone)
        NameMention(id=12, case_id=1, given="Rudyard", surname="Pellaw", role="witness"),
    ]
    persons = resolve_case(mentions)
    rudyard = next(p for p in persons if p.given == "Rudyard" and p.surname == "Pellow")
    assert 12 in rudyard.mention_ids
    assert len([p for p in persons if "Pell" in p.surname]) == 2
