"""False positives seen on real pages the extractor had never been developed on (issue 13,
fourth pass), each as a mechanism on invented pages. Every name and page here is fictional."""

from __future__ import annotations

from innocence.people.extraction import extract_page
from innocence.people.known_names import find_known_names, known_names_of
from innocence.people.resolution import NameMention, resolve_case


def _people(text: str) -> dict[str, str]:
    return {m.normalized: m.role_hint for m in extract_page(text) if m.kind == "person"}


def _officer(i: int, surname: str, given: str = "") -> NameMention:
    return NameMention(id=i, case_id=1, given=given, surname=surname, role="officer", title_role="officer")


def _known(text: str, given: str = "Lucius", surname: str = "Varne") -> list[str]:
    persons = resolve_case([_officer(1, surname, given), _officer(2, surname, given), _officer(3, surname)])
    return [m.text for m in find_known_names(text, known_names_of(persons), [])]


def test_a_written_out_title_in_lower_case_before_a_period_ends_the_sentence() -> None:
    # the capitalised word after "detectives." / "agent." starts the next sentence
    people = _people("The dog barked at the detectives. Mr. Quenby said he had slept.")
    assert "detective" not in people.values()
    assert _people("He was never shown to be an agent. Varne v. State, 12 So. 3 (1901).") == {}
    assert _people("The file went back to the district attorney.\nInform the clerk at once.") == {}


def test_an_abbreviation_or_a_capitalised_title_keeps_its_name_across_a_period() -> None:
    assert _people("The ring was logged by det. Varne at noon.") == {"Varne": "detective"}
    assert _people("Call Detective. Varne when the lab is done.") == {"Varne": "detective"}
    assert _people("Relieved at 3 by lieut. Quenby of the first district.") == {"Quenby": "officer"}


def test_a_lower_case_title_at_a_line_end_takes_no_name_from_the_next_line() -> None:
    # an obituary column: a church's "officers" at a line end, a surname from the next column
    assert _people("Deacons and officers\nCorvin, and Hollis Varne will serve as pallbearers") == {}
    assert _people("Later the detectives\nThale Miss Roe about the ring.") == {"Roe": ""}
    # capitalised, the title still reaches the name on the next line
    assert _people("He was met there by Police Officers\nHollis Varne and Tamsin Quenby.").get(
        "Hollis Varne"
    ) == ("officer")


def test_a_first_name_and_middle_initial_before_a_known_surname_are_someone_else() -> None:
    # a jury list in capitals: "TAMSIN Q. VARNE" is not Officer Lucius Varne, though the name lists
    # do not know "Tamsin"; the officer's own first name with an initial is still his
    text = "JURY LIST\nHORTENSE B. QUILLER\nTAMSIN Q. VARNE\n214\nLUCIUS J. VARNE\nAGATHA M. VARNE\n"
    assert _known(text) == ["LUCIUS J. VARNE"]
    # a title or a form word before the initial is not a first name
    assert _known("notified by OFFICER J. VARNE at 4 PM") == ["VARNE"]


def test_surname_first_with_another_first_name_is_someone_else() -> None:
    # an e-mail header's "Cc: Varne, Agatha": surname first, then a first name that is not his
    assert _known("From:\nQuiller, Hortense\nCc:\nVarne, Agatha\nSubject:\nthe motion") == []
    assert _known("Cc:\nVarne, Lucius\nSubject:") == ["Varne, Lucius"]
    # a list running on ("Varne, Agatha Quiller and ...") does not close the entry: Varne counts
    assert _known("present were Varne, Agatha Quiller and two others") == ["Varne"]


def test_a_known_surname_before_a_street_word_is_a_place() -> None:
    assert _known("Detectives went to the house on Varne Road and met the owner.") == []
    assert _known("the house on Varne Road; Varne met the owner") == ["Varne"]


def test_a_surname_in_capitals_alone_between_lines_of_prose_is_a_heading() -> None:
    obituary = (
        "Services will be held at noon\nat the chapel on the hill,\nVARNE\nbeloved husband of the late\n"
    )
    assert _known(obituary) == []
    # a statement set out by speaker labels: "VARNE." is a label with its colon misread
    statement = (
        "VARNE:\nWhere were you at nine?\nQUILLER:\nat my sister's house.\nVARNE.\nand after that, where\n"
    )
    assert _known(statement) == ["VARNE", "VARNE"]
    # in a form (lines in capitals around it) the surname is a box's value
    assert _known("REPORTING OFFICER\nVARNE\nBADGE 1234\n") == ["VARNE"]


def test_the_words_of_a_court_filing_after_an_office_are_no_name() -> None:
    # a stamp under the office, a heading after it: not a prosecutor called "Filed" or "Notice"
    assert _people("Parish of Quenby District Attorney\nFILED\nMAY 3 1999") == {}
    assert _people("OFFICE OF THE DISTRICT ATTORNEY NOTICE OF INTENT TO USE") == {}
    assert _people("Justice Quenby Concurrence") == {"Quenby": "judge"}


def test_a_first_name_after_a_title_takes_a_surname_from_the_next_line_only_when_written_alike() -> None:
    # a booking form: "Arresting Officer AGATHA" ends a box, "Place of Arrest" is the next label
    form = "ARREST DATE 03/14/1997 ARRESTING OFFICER AGATHA\nPlace of Arrest QUENBY HARBOR"
    assert [m.normalized for m in extract_page(form) if m.kind == "person"] == ["Agatha"]
    assert _people("It was handled by Sgt. William\nQuenby who stated it.") == {"William Quenby": "officer"}
    assert _people("HANDLED BY SGT. AGATHA\nQUENBY WHO STATED") == {"Agatha Quenby": "officer"}


def test_a_full_name_in_a_list_cut_to_its_first_name_is_dropped_not_kept_as_a_surname() -> None:
    # the "surname" is a word that is never a name; "Agatha" alone would be a wrong name (a wrong person)
    assert _people("Police Officers Hollis Varne and Agatha Patrol, along with two others") == {
        "Hollis Varne": "officer"
    }
    # ... but an adjective that is a surname too is a surname after a first name in the list
    assert _people("Police Officers Hollis Varne and Agatha Gentle, along with two others") == {
        "Hollis Varne": "officer",
        "Agatha Gentle": "officer",
    }
    assert _people("Police Officers Hollis Varne and Agatha Quenby, along with two others") == {
        "Hollis Varne": "officer",
        "Agatha Quenby": "officer",
    }
