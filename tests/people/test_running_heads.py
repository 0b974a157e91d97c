"""A transcript names its witnesses: the running head ("Roe - Direct"), the name above an
examination, a side's list of witnesses."""

from __future__ import annotations

import pytest

from innocence.people.extraction.persons import extract_persons


def _heads(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.role_hint) for m in extract_persons(text) if m.attrs.get("cue") == "running-head"]


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("43\nQuenby - Direct\nQ. Where were you that night?\nA. At home.", [("Quenby", "witness")]),
        ("JOHN ROE - CROSS EXAMINATION (Continued)\nQ. And then?", [("JOHN ROE", "witness")]),
        ("12\n\nMary Ann Doe - Redirect 14\nQ. Yes, ma'am.", [("Mary Ann Doe", "witness")]),
        ("Roe - Recross\n61\nQ. One more question.", [("Roe", "witness")]),
        ("Roe - Voir Dire\nQ. Your training?", [("Roe", "witness")]),
    ],
)
def test_the_witness_in_the_running_head(page: str, expected: list[tuple[str, str]]) -> None:
    assert _heads(page) == expected


@pytest.mark.parametrize(
    "page",
    [
        "In Chambers - Jury Out\n82\nthe jury now.",  # a proceeding, not an examination
        "Direct - Roe\nQ. Well?",  # the examination first: not the layout
        "The - Direct\nQ. Well?",  # a word, no name
        "Q. Where were you?\nA. At home.\nQ. And?\nRoe - Direct\nA. Yes.",  # below the page's head
        "Q. Was the cross - direct? A. Roe - Direct said so, at line one.",  # inside prose
    ],
)
def test_no_running_head(page: str) -> None:
    assert _heads(page) == []


def test_a_titled_name_elsewhere_on_the_page_keeps_its_own_role() -> None:
    page = "Roe - Direct\nQ. Did Detective John Roe take the statement?\nA. I did."
    found = {(m.text, m.role_hint) for m in extract_persons(page)}
    assert ("Roe", "witness") in found and ("Detective John Roe", "detective") in found


def _roles(text: str) -> dict[str, str]:
    return {m.text: m.role_hint for m in extract_persons(text)}


def test_a_name_above_its_examination_is_the_witness_examined() -> None:
    index = (
        "INDEX\nCHARLES PELLOW\nDirect Examination by Mr. Roe.\n58\n"
        "MARY PELLOW\nDirect Examination by Mr. Roe.\n62\nCross-Examination by Mr. Doe.\n73"
    )
    roles = _roles(index)
    assert roles["CHARLES PELLOW"] == roles["MARY PELLOW"] == "witness"
    assert roles["Mr. Roe"] == roles["Mr. Doe"] == "attorney"
    assert _roles("ALVIN ROE,\nDIRECT EXAMINATION BY MR. DOE:\nQ. Your name?")["ALVIN ROE"] == "witness"
    # a speaker label or a word above the examination is no witness
    assert _roles("MR. ROE:\nCross-examination by Mr. Roe.") == {"MR. ROE": "attorney", "Mr. Roe": "attorney"}
    assert _roles("The Court\nDirect examination by Mr. Roe.") == {"Mr. Roe": "attorney"}


def test_a_list_of_a_sides_witnesses_names_witnesses_not_counsel() -> None:
    page = "REBUTTAL WITNESSES FOR THE STATE:\nFLOYD QUENBY\nDirect Examination by Mr. Roe.\n258"
    assert _roles(page)["FLOYD QUENBY"] == "witness"
    assert _roles("WITNESSES FOR THE DEFENSE:\nMARY DOE\n")["MARY DOE"] == "witness"
    # the side's counsel under its own label is still counsel
    assert _roles("FOR THE STATE:\nJOHN QUENBY\n")["JOHN QUENBY"] == "prosecutor"
