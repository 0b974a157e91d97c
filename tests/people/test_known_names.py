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
    assert known_names_of(persons) == {}


def test_another_first_name_before_a_known_surname_is_someone_else() -> None:
    persons = resolve_case([_titled(1, "Marsh", "Lucius"), _titled(2, "Marsh", "Lucius")])
    known = known_names_of(persons)
    text = "AMBROSE MARSH N/M, 3916 ELM (REAR LEFT); later Marsh and LUCIUS MARSH returned."
    found = [m.text for m in find_known_names(text, known, [])]
    assert found == ["Marsh", "LUCIUS MARSH"]
