"""Counsel and their side from the sentences that state them (issue 13, roles from the
record): an attorney's own appearance at a hearing, a docket's minute entries (appointed to
represent, attended by, appeared with counsel), "X, Attorney for the Defendant". Every name
and page here is FICTIONAL."""

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
