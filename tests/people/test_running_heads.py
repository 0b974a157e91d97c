"""A transcript page's running head names the witness on the stand ("Roe - Direct")."""

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
