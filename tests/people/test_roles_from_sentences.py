"""Roles from the sentences that state them (issue 13, roles from the record): counsel and
their side from an attorney's own appearance at a hearing, a docket's minute entries
(appointed to represent, attended by, appeared with counsel), "X, Attorney for the
Defendant"; witnesses from a police narrative's interviews. Every name and page here is
FICTIONAL."""

from __future__ import annotations

from innocence.people.extraction import extract_page
from innocence.people.resolution import NameMention, resolve_case


def _people(text: str) -> dict[str, str]:
    return {m.normalized: m.role_hint for m in extract_page(text) if m.kind == "person"}


def test_an_attorney_states_their_side_at_a_hearing_across_a_line_break() -> None:
    page = (
        "THE COURT:\nCall the matter.\nMR. QUILL:\n"
        "Good morning, Your Honor. Harlan Quill on\n4\nbehalf of the State of Nevada in this matter.\n"
        "MR. TASK:\nGood morning. Odell Task for the\ndefendant Ray Fenn, who is here in court.\n"
    )
    people = _people(page)
    assert people["Harlan Quill"] == "prosecutor"
    assert people["Odell Task"] == "defense_counsel"
    # the speaker labels and the appearances resolve to persons of one side each
    mentions = [
        NameMention(
            id=i,
            case_id=1,
            given=m.attrs.get("given", ""),
            surname=m.attrs["surname"],
            role=m.role_hint,
            title_role=str(m.attrs.get("title_role", "")),
        )
        for i, m in enumerate(extract_page(page))
        if m.kind == "person"
    ]
    roles = {p.surname: p.role for p in resolve_case(mentions)}
    assert roles["Quill"] == "prosecutor" and roles["Task"] == "defense_counsel"


def test_a_docket_minute_entry_names_defense_counsel() -> None:
    assert _people("Court appointed Edwin A. Marrow, Esq. to represent the Defendant.") == {
        "Edwin A Marrow": "defense_counsel"
    }
    assert _people("Court appointed\nRita B. Strand to represent the Defendant. Notify her.") == {
        "Rita B Strand": "defense_counsel"
    }
    assert (
        _people("The defendant Fenn attended by Mr. Patrice J. Okafor for Hearing on Motions.")[
            "Patrice J Okafor"
        ]
        == "defense_counsel"
    )
    assert _people("Defendant Fenn appeared with Counsel, F. Larrow. Trial began.")["F. Larrow"] == (
        "defense_counsel"
    )
    assert _people("Perry Sandoval, Attorney for the Defendant Fenn, filed a motion.")["Perry Sandoval"] == (
        "defense_counsel"
    )


def test_a_side_word_that_is_not_the_end_of_the_phrase_names_no_counsel() -> None:
    # "the defense file", "the defendant's mother": not counsel's appearance
    assert _people("He asked Harlan Quill for the defense file.") == {}
    assert (
        "defense_counsel" not in _people("She handed Nora Pell's letter for the defendant's mother.").values()
    )
    # an appointment without a side says nothing of one
    assert "defense_counsel" not in _people("The court appointed Edwin Marrow as its expert.").values()


def test_a_middle_initial_that_is_also_a_word_stays_in_the_name() -> None:
    # "A." is an initial here, not the article
    assert "Edwin A Marrow" in _people("Detective Edwin A. Marrow signed the report.")


def test_the_persons_a_police_narrative_says_were_interviewed_are_witnesses() -> None:
    people = _people(
        "During the night Detectives Quill & Task\nInterviewed Marla Fenn, Joseph Oberly, and "
        "re-Interviewed Miss Pell. All of them were questioned at length."
    )
    assert people == {
        "Quill": "detective",
        "Task": "detective",
        "Marla Fenn": "witness",
        "Joseph Oberly": "witness",
        "Pell": "witness",
    }
    assert _people("A typewritten statement was taken from Miss Pell and is in the file.") == {"Pell": "witness"}
    assert _people("On Monday Detectives Quill and Task Interviewed\nMiss Velma Oberly, at home.")[
        "Velma Oberly"
    ] == "witness"


def test_an_interviewed_officer_or_suspect_is_no_witness() -> None:
    # the title of rank, or the apposition, says what they are
    assert _people("Detectives Quill and Task interviewed Officer Brann at the station.")["Brann"] == "officer"
    assert "witness" not in _people("Detective Quill interviewed Ray Fenn, the suspect, at length.").values()
    assert _people("The detectives interviewed him and his mother.") == {}


def test_doctors_named_under_one_plural_title_share_its_role() -> None:
    assert _people("Court appointed Drs. Ritterby and Colmar to examine the Defendant.") == {
        "Ritterby": "expert",
        "Colmar": "expert",
    }
    assert _people("The autopsy was done by Drs. Ritterby and Colmar of the coroner's office.") == {
        "Ritterby": "medical_examiner",
        "Colmar": "medical_examiner",
    }
    # one doctor: "and" starts another clause, not another doctor
    assert _people("Dr. Ritterby and Colmar went home.") == {"Ritterby": "expert"}


def test_a_filing_signed_by_counsel_for_the_defendant_names_defense_counsel() -> None:
    # the signature block: the name, the firm and its address, then whose attorney
    block = (
        "Respectfully submitted:\n-\nNORMA J. QUELLBY\n\nA Professional Law Corporation\n12 Fictional Street\n\n"
        "Lakeside, Nevada\n\n555-0101\n\nAttorney for Defendant, Ray\nFenn"
    )
    assert _people(block)["Norma J Quellby"] == "defense_counsel"


def test_an_office_alone_under_a_name_in_the_appearances_gives_the_side() -> None:
    page = (
        "STATE OF NEVADA\n7\nVERSUS\n8\nRAY FENN\n9\nAPPEARANCES:\n17\nHARLAN QUILL, ESQ.\n18\n"
        "ASSISTANT DISTRICT ATTORNEY\nNORA VELL, ESQ.\nASSISTANT DISTRICT ATTORNEY\n19\n"
        "ODELL TASK, ESQ.\n20\nPUBLIC DEFENDER\n21\nREPORTED BY: (a fictional transcript)\n"
    )
    people = _people(page)
    assert people["Harlan Quill"] == "prosecutor"
    assert people["Nora Vell"] == "prosecutor"
    assert people["Odell Task"] == "defense_counsel"


def test_an_office_line_under_prose_names_nobody() -> None:
    page = "The detective then called the office of the\nDISTRICT ATTORNEY\nand spoke with a clerk.\n"
    assert not [m for m in extract_page(page) if m.kind == "person"]


def test_a_witness_who_gives_his_office_after_his_name_on_the_stand() -> None:
    page = (
        "Q. State your name and your occupation, please?\n"
        "A. Wendell Quarrel. I am an investigator with the Fenwick Police Department.\n"
        "Q. And you, ma'am?\nA. Tessa Marchbank. I am a nurse.\n"
    )
    found = {m.normalized: m for m in extract_page(page) if m.kind == "person"}
    quarrel = found["Wendell Quarrel"]
    assert quarrel.attrs["title_role"] == "detective" and quarrel.attrs["law_enforcement"]
    assert "Tessa Marchbank" not in found or not found["Tessa Marchbank"].attrs.get("law_enforcement")
