"""Police printouts and booking forms in capitals (issue 13, fifth pass). Every name, number and
page here is invented for the tests.

- a title glued to the name by its period ("DET.JOHN ROE", "SGT.J.ROE", "P.O.J.ROE");
- adverbs between a title and "with" ("THE UNDERSIGNED OFFICER ALONG WITH ...") and clause
  conjunctions after a name ("CALL DET. ROE IF ...") are no part of a name;
- a pair of officers under one singular title, each with a badge number;
- a form label followed by its instructions ("OFFICER'S NAME (PRINT) / (SIGNATURE)");
- a middle initial without its period, the person arrested or charged named after the word,
  a printout's surname-first field, "Dr." that is a street's Drive, a four-letter first name
  misread by OCR.
"""

from __future__ import annotations

from innocence.people.extraction import extract_page
from innocence.people.resolution import given_compatible

_AGENCY = "MILLBROOK POLICE DEPARTMENT\n"


def _people(text: str) -> dict[str, str]:
    return {m.normalized: m.role_hint for m in extract_page(_AGENCY + text) if m.kind == "person"}


# --- a title glued to the name --------------------------------------------------------------


def test_a_title_glued_to_the_name_by_its_period() -> None:
    assert _people("THE EVIDENCE WAS BOOKED BY DET.JOHN DOE OF THE UNIT.") == {"John Doe": "detective"}
    assert _people("THE SKETCH WAS DRAWN BY P.O.J.ROE OF THE ID SECTION.") == {"J. Roe": "officer"}
    assert _people("He was met by Sgt.M.Doe at the scene.") == {"M. Doe": "officer"}
    assert _people("NOBODY WAS HOME.DET.ROE THEN DROVE TO THE SHOP.") == {"Roe": "detective"}
    assert _people("THE PRISONER WAS FINGERPRINTED BY CPL.DOE AT THE JAIL.") == {"Doe": "officer"}


def test_a_glued_title_still_needs_a_name_after_it() -> None:
    assert _people("SEND IT TO P.O.BOX 12 IN THE CITY.") == {}


# --- words that end or are no name ----------------------------------------------------------


def test_an_adverb_before_with_is_no_name() -> None:
    assert _people("THE UNDERSIGNED OFFICER ALONG WITH DETECTIVES JOHN DOE AND MARK ROE FOUND THE CAR.") == {
        "John Doe": "detective",
        "Mark Roe": "detective",
    }
    # OCR's "ALONE" for "ALONG"
    assert _people("THE UNDERSIGNED OFFICER ALONE WITH SGT. MARY ROE FOUND THE CAR.") == {
        "Mary Roe": "officer"
    }


def test_a_clause_conjunction_ends_a_name_in_capitals() -> None:
    page = "THE CLERK PROMISED DET. ROE SHE WOULD CALL DET. ROE IF ANYONE CAME BACK."
    assert _people(page) == {"Roe": "detective"}
    assert _people("OFFICER JOHN DOE UNLESS TOLD OTHERWISE WAITED.") == {"John Doe": "officer"}


# --- a pair of officers under one title -----------------------------------------------------


def test_a_pair_of_badged_officers_under_one_title() -> None:
    page = "AT THE CORNER WE SPOKE TO P.O.T. DOE#5521 AND G.ROE#6034, RIDING UNIT 9."
    assert _people(page) == {"T. Doe": "officer", "G. Roe": "officer"}
    assert _people("MET BY P.O. T. DOE #5521 AND K. LEE #11 AT THE SCENE.") == {
        "T. Doe": "officer",
        "K. Lee": "officer",
    }


def test_a_full_name_after_a_singular_title_needs_both_badges() -> None:
    # the second name has no badge number: a civilian named with the officer
    assert _people("MET BY P.O. T. DOE #5521 AND MARY ROE AT THE SCENE.") == {"T. Doe": "officer"}
    assert _people("MET BY P.O. T. DOE AND MARY ROE AT THE SCENE.") == {"T. Doe": "officer"}


# --- form labels with instructions ----------------------------------------------------------


def test_a_label_with_print_and_signature_instructions() -> None:
    page = (
        "UNIT\nOFFICER'S I.D.\nARRESTING OFFICER'S NAME (PRINT) / (SIGNATURE)\n"
        "X7781\nQ312\n06\nJ. DOE\nOFFICER'S I.D.\nUNIT\n"
        "TRANSPORTING OFFICER'S NAME (PRINT) / (SIGNATURE)\nQ440\nX7790\nM. ROE\nBOND INFORMATION\n"
    )
    assert _people(page) == {"J. Doe": "officer", "M. Roe": "officer"}


# --- a middle initial without its period ----------------------------------------------------


def test_a_bare_middle_initial_in_capitals() -> None:
    page = "OFFENSES:\nSECOND DEGREE MURDER OF JANE L ROE\nONE COUNT OF THEFT"
    assert _people(page) == {"Jane L Roe": "victim"}


def test_a_or_i_after_a_name_is_a_word_not_an_initial() -> None:
    assert _people("THE VICTIM, DOE A WHITE MALE, WAS FOUND.") == {}


# --- the person arrested or charged, named after the word -----------------------------------


def test_the_arrestee_or_suspect_named_after_the_word() -> None:
    page = "OFFICERS FOUND THE ARRESTEE JOHN DOE AT 880 ELM AVENUE."
    assert _people(page) == {"John Doe": "defendant"}
    assert _people("PHOTO ARRAY SHOWN TO THE WITNESS:\nNO. 4\nSUSPECT (JOHN ROE)\nNO. 5") == {
        "John Roe": "defendant"
    }
    assert _people("The defendant, Mary Roe, took the stand.") == {"Mary Roe": "defendant"}


def test_a_warrant_charging_one_person() -> None:
    page = "an affidavit having been sworn charging one John Doe, age 40, with burglary"
    assert _people(page) == {"John Doe": "defendant"}


def test_a_printout_surname_first_without_the_comma() -> None:
    assert _people("ARRESTED SUBJECT : ROE JOHN BLACK MALE AGE 30") == {"John Roe": "defendant"}
    # both words first names: race and sex after them say the printout's order, surname first
    assert _people("ARRESTED SUBJECT : ARNOLD HOWARD BLACK MALE AGE 30") == {"Howard Arnold": "defendant"}
    assert _people("ARRESTED SUBJECT : ARNOLD HOWARD W/M AGE 30") == {"Howard Arnold": "defendant"}
    # the mention's span is the name as written
    spans = [
        m.text for m in extract_page(_AGENCY + "ARRESTED SUBJECT : ROE JOHN BLACK MALE") if m.kind == "person"
    ]
    assert spans == ["ROE JOHN"]


def test_race_and_sex_after_the_name_are_no_part_of_it() -> None:
    # "BLACK" and "WHITE" are surnames too: after a name in a field they are the race
    assert _people("ARRESTED SUBJECT : ROE WILLIAM WHITE MALE AGE 30") == {"William Roe": "defendant"}
    assert _people("ARRESTED SUBJECT : ROE WILLIAM, B/M, AGE 30") == {"William Roe": "defendant"}


def test_an_order_the_printout_does_not_show_gives_no_name() -> None:
    # both first names and nothing after them: either order could be right
    assert _people("ARRESTED SUBJECT : ARNOLD HOWARD\nAGE 30") == {}
    # in running text the order is given name first
    assert _people("THE ARRESTEE ARNOLD HOWARD, WHITE MALE, WAS BOOKED.") == {"Arnold Howard": "defendant"}


def test_words_after_suspect_that_are_no_name() -> None:
    assert _people("SUSPECT DESCRIPTION: BLACK MALE, 5'10\"") == {}
    assert _people("THE SUSPECT VEHICLE WAS A BLUE FORD.") == {}
    assert _people("The suspect fled on foot.") == {}


# --- abbreviations that only look like a title ----------------------------------------------


def test_a_glued_abbreviation_that_is_no_officer_title() -> None:
    # "DA." glued to a word is a printout's code, not "DA. Ref"; an initial after it is a name
    assert _people("FILE:DA.REF\nNAME") == {}
    assert _people("He was seen by Dr.J.Roe at the clinic.") == {"J. Roe": "expert"}


def test_dr_after_a_house_number_and_street_is_drive() -> None:
    assert _people("12. ADDRESS\n4821 ELM DR. SPRINGFIELD, OH 3/4/99 0915") == {}
    assert _people("He lives at 12 Old Mill Dr. Springfield.") == {}
    # a time or a date before the title is no address
    assert _people("At 3 PM Dr. John Roe arrived at the scene.") == {"John Roe": "expert"}
    assert _people("On May 12 Dr. John Roe arrived at the scene.") == {"John Roe": "expert"}


# --- a short first name misread by OCR -------------------------------------------------------


def test_a_four_letter_first_name_misread_by_ocr() -> None:
    assert given_compatible("Cona", "Cora")[0]  # r read as n: "Cona" is no first name
    # both are first names: two people, however alike they look
    assert not given_compatible("Jean", "Joan")[0]
    assert not given_compatible("Tony", "Tory")[0]
    assert not given_compatible("Mark", "Mary")[0]


# --- words in capitals that only look like a name -------------------------------------------


def test_a_verb_after_the_victim_or_suspect_is_no_name() -> None:
    assert _people("THE CLERK SAW THE VICTIM RUNNING EAST ACROSS THE LOT.") == {}
    assert _people("THE SUSPECT RUNNING NORTH WAS SEEN BY A NEIGHBOR.") == {}
    # a first name ending in -ing is on the name lists
    assert _people("The victim, Irving Roe, was found.") == {"Irving Roe": "victim"}


def test_two_capitals_and_a_word_in_a_checklist() -> None:
    assert _people("31 FORCED REAR GATE DA LOCK\n32 ENTERED BY WINDOW") == {}
    assert _people("57 CUT SCREEN DA PANE") == {}
    # a full name after it, or an officer's rank, still counts
    assert _people("DA John Roe said the case was ready.") == {"John Roe": "prosecutor"}
    assert _people("LT ROE ARRIVED AT THE SCENE.") == {"Roe": "officer"}
