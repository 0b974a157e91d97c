"""Form labels at a line end, names in capitals under a label, a title over a transcript line
number, counsel named by an appositive (issue 13). Every name and page here is invented."""

from __future__ import annotations

from innocence.people.extraction import extract_page


def _people(text: str) -> dict[str, tuple[str, str]]:
    return {
        m.normalized: (m.role_hint, str(m.attrs.get("function", "")))
        for m in extract_page(text)
        if m.kind == "person"
    }


def test_a_label_at_a_line_end_does_not_swallow_the_title_on_the_next_line() -> None:
    page = "ITEM NO. 12-3456   REPORTING OFFICER\nDET. WILBUR VARNE 0412\nThe complainant stated that the car was taken."
    assert _people(page) == {"Wilbur Varne": ("detective", "reporting")}
    page = "REPORTING OFFICER\nP.O. AMBROSE QUENBY\nSUPERVISOR\nSGT. WILBUR TORVALD"
    assert _people(page) == {
        "Ambrose Quenby": ("officer", "reporting"),
        "Wilbur Torvald": ("officer", "supervising"),
    }


def test_a_name_in_capitals_under_a_form_label() -> None:
    assert _people("REPORTING OFFICER:\nJ. QUENBY\nAPPROVED BY") == {"J. Quenby": ("officer", "reporting")}
    page = "DATE OF REPORT 06/01/02 ARRESTING OFFICER\nWILBUR VARNE\nBADGE 4411"
    assert _people(page) == {"Wilbur Varne": ("officer", "arresting")}
    # the next label of the form is not a name
    assert _people("ARRESTING OFFICER\nAPPROVED BY\nBADGE NUMBER\n") == {}
    assert _people("the first one was the victim\nAPPROVED BY THE CLERK") == {}


def test_a_title_over_a_transcript_line_number() -> None:
    page = "and the two tier reps, Sargent\n14\nPlover in turn notified the desk.\n15\nQ So he called you?"
    assert _people(page)["Plover"][0] == "officer"


def test_an_ampersand_list_in_capitals_before_a_unit_number() -> None:
    people = _people("INVESTIGATING OFFICER (S) P/O HARLAN & QUENBY UNIT 302\nOF THE SCENE INVESTIGATION?")
    assert people.keys() == {"Harlan", "Quenby"}
    # a full name after "and" stays someone else
    assert _people("Officer Harlan and Ambrose Quenby went in.").keys() == {"Harlan"}


def test_counsel_named_by_an_appositive() -> None:
    assert _people("on the advice of his attorney, Orville Quabley, he surrendered.") == {
        "Orville Quabley": ("defense_counsel", "")
    }
    assert _people("the State's attorney Wilbur Torvald objected.") == {"Wilbur Torvald": ("prosecutor", "")}
    # which side is not said
    assert _people("The attorney, Wilbur Torvald, said nothing.") == {}


def test_an_ampersand_misread_by_ocr_still_joins_the_list() -> None:
    people = _people("INVESTIGATING OFFICER (S) P/O HARLAN È QUENBY UNIT 302\nOF THE SCENE INVESTIGATION?")
    assert people.keys() == {"Harlan", "Quenby"}
    # not after a word that is no title
    assert _people("THE HARLAN È QUENBY STORE").keys() == set()


def test_a_numbered_label_with_its_value_below_checkboxes_and_a_badge() -> None:
    page = "4. TECHNICIAN\nO WITNESS\nBADGE\n650\nP. QUENBY 3733\n2. H80\n3, INTOX"
    assert _people(page) == {"P. Quenby": ("forensic_analyst", "")}
    page = "CORONER:\nWILBUR TORVALD\nDEFENSE ATTORNEY\nJ. QUABLEY"
    assert _people(page) == {
        "Wilbur Torvald": ("medical_examiner", ""),
        "J. Quabley": ("defense_counsel", ""),
    }
