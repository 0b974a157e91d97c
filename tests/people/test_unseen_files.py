"""Mechanisms for case files the extractor was not developed on (issue 13). All names are
fictional; every page here is made up for the test."""

from __future__ import annotations

import pytest

from innocence.people.extraction import extract_page
from innocence.people.extraction.quality import is_readable
from innocence.people.extraction.vocabulary import ocr_title_for, vocabulary


def _people(text: str) -> dict[str, str]:
    return {m.normalized: m.role_hint for m in extract_page(text) if m.kind == "person"}


def test_words_that_yaml_reads_as_booleans_are_kept_as_words() -> None:
    # "On", "No", "Yes", "Off" are booleans to YAML 1.1: the vocabulary must still hold them
    vocab = vocabulary()
    assert {"on", "no", "yes"} <= vocab.not_names
    assert "off" in vocab.titles
    assert "false" not in vocab.titles


def test_ocr_garbled_short_titles() -> None:
    assert ocr_title_for("Sat") is not None and ocr_title_for("Sat").key == "sergeant"
    assert ocr_title_for("SOT") is not None
    assert ocr_title_for("Sgt") is None  # the real form is not an OCR variant
    people = _people("The scene was held by Sat. Kessler and SET.R.DUNMORE, Unit 12, until noon.")
    assert people.get("Kessler") == "officer"
    assert people.get("R. Dunmore") == "officer"
    assert people.get("Sgt . Brandt".replace("Sgt . ", "")) is None
    assert _people("Notified Sgt . Brandt at once.") == {"Brandt": "officer"}


def test_a_word_that_looks_like_a_garbled_title_needs_a_period_and_a_name() -> None:
    assert _people("He sat down and said nothing to the officers at all.") == {}
    assert _people("They set the table; Sot was a nickname of nobody.") == {}


def test_plural_title_with_full_names_and_initials() -> None:
    people = _people("met with Third District Police Officers P. Vail and M. Prater assigned unit 302.")
    assert people == {"P. Vail": "officer", "M. Prater": "officer"}
    people = _people("Dets. Kessler and Marcus Hale arrived at the scene.")
    assert people.get("Kessler") == "detective"
    assert people.get("Marcus Hale") == "detective"
    capitals = _people("OFFICERS NORA BRANDT AND CURTIS VANCE, ASSIGNED TO UNIT 302")
    assert capitals == {"Nora Brandt": "officer", "Curtis Vance": "officer"}


def test_singular_title_does_not_pull_in_the_next_full_name() -> None:
    people = _people("Detective Kessler and Marcus Hale, the neighbour, spoke at the door.")
    assert people.get("Kessler") == "detective"
    assert "Marcus Hale" not in people


def test_name_boundaries_in_capitals() -> None:
    people = _people("OFFICER TULLY SPOKE TO THE OWNER. DET. RAY FENWICK ON THE SCENE.")
    assert people == {"Tully": "officer", "Ray Fenwick": "detective"}
    people = _people("Detective Walter Prater Badge 2210, employed by the department")
    assert people == {"Walter Prater": "detective"}
    assert _people("CONTACT DETECTIVE HELEN CARTER C.I.B. HOMICIDE") == {"Helen Carter": "detective"}


def test_initial_read_as_two_letters() -> None:
    assert _people("DET. LI VANCE ARRIVED ON THE SCENE") == {"L. Vance": "detective"}


def test_boilerplate_is_not_a_name() -> None:
    page = (
        "WALTER KESSLER\nAFTER BEING DULY SWORN\ntestified as follows:\nAFTER BEING DULY\nsworn, testified:"
    )
    names = set(_people(page))
    assert "Being Duly" not in names and "After Being Duly" not in names


def test_title_at_a_line_end_in_prose_but_not_in_a_form() -> None:
    prose = "He was notified by Front Desk Officer\nTennant that members of the unit were requesting help."
    assert _people(prose) == {"Tennant": "officer"}
    form = "REPORTING OFFICER\nACCESS NUMBER\nOff.\nMultiple wounds to the back."
    assert _people(form) == {}
    assert _people("Front Desk Officer\nElm Drive in the subdivision was quiet.") == {}


def test_assigned_after_the_title() -> None:
    assert _people("Dets. Assigned Paula Dunmore\nRevised 8/86") == {"Paula Dunmore": "detective"}


@pytest.mark.parametrize(
    "page",
    [
        "UNITS ON SCENE\nUnit #302 Det. R. Kessler 1121\nUnit #320 Sgt. P. Dunmore 2231\n"
        "Unit #310 Sgt. L. Brandt 3120\nUnit #303 P.O. N. Vail 1444\n0838",
        "ROSTER\nDET. KESSLER #3817\nDET. DUNMORE #4926\nSGT. BRANDT #6034\nP/O VAIL #5521",
    ],
)
def test_roster_pages_are_read(page: str) -> None:
    assert is_readable(page)
    people = _people(page)
    assert len(people) == 4
    assert all(role in ("detective", "officer") for role in people.values())


def test_officers_named_by_their_unit() -> None:
    page = "WERE JOINED BY UNIT 312, C. MARSH AND R.TOLLER, AND UNIT 364, OFFICER QUINCE.\nAND NORA VAIL, UNIT 331 THAT THEY HAD THE CAR"
    people = _people(page)
    assert people.get("C. Marsh") == "officer"
    assert people.get("R. Toller") == "officer"
    assert people.get("Nora Vail") == "officer"
    assert people.get("Quince") == "officer"
    # a unit number next to a place is not a person
    assert "Elm Street" not in _people("Unit 302 responded to Elm Street at noon.")


TRANSCRIPT_FRONT = """IN THE CIRCUIT COURT OF FICTION COUNTY
STATE OF NOWHERE
NO. 1234
VS.
DEFENDANTS
CURTIS VANCE AND NORA PRATER
TRANSCRIPT OF THE PROCEEDINGS BEFORE THE HONORABLE
HELEN TULLY, CIRCUIT JUDGE, AND A JURY
APPEARANCES :
Present and Representing the State:
HONORABLE WALTER FENWICK
P. O. BOX 848
Present and Representing the Defendants:
HONORABLE MARCUS HALE
ATTORNEY AT LAW
(Attorney for Defendant Vance)
"""


def test_roles_from_caption_and_appearances() -> None:
    people = _people(TRANSCRIPT_FRONT)
    assert people["Curtis Vance"] == "defendant"
    assert people["Nora Prater"] == "defendant"
    assert people["Helen Tully"] == "judge"
    assert people["Walter Fenwick"] == "prosecutor"
    assert people["Marcus Hale"] == "defense_counsel"


def test_roles_inline() -> None:
    people = _people(
        "back in chambers in case number 12, State of Nowhere versus Curtis Vance and Nora Prater."
    )
    assert people == {"Curtis Vance": "defendant", "Nora Prater": "defendant"}
    people = _people(
        "Voir dire by Mr. Fenwick on behalf of the State; by Mr. Hale on behalf of the defendants."
    )
    assert people == {"Fenwick": "prosecutor", "Hale": "defense_counsel"}
    assert _people("He was pronounced deceased at the hospital by Doctor Lyle Brandt.") == {
        "Lyle Brandt": "expert"
    }
    assert _people("RAY VAIL, M.D., CORONER\nEx-Officio City Physician") == {"Ray Vail": "medical_examiner"}
    people = _people("the autopsy was performed by Dr. Ann Kessler of the coroner's office")
    assert people["Ann Kessler"] == "medical_examiner"
    people = _people(
        "The following is the statement of Jamie Tennant who is a witness.\nSTATEMENT OF CURTIS VANCE"
    )
    assert people == {"Jamie Tennant": "witness", "Curtis Vance": "witness"}


def test_a_stated_side_beats_a_speaker_label() -> None:
    from innocence.people.resolution import NameMention, resolve_case

    mentions = [NameMention(id=i, case_id=1, given="", surname="Fenwick", role="attorney") for i in range(5)]
    mentions.append(NameMention(id=9, case_id=1, given="Walter", surname="Fenwick", role="prosecutor"))
    (person,) = resolve_case(mentions)
    assert person.role == "prosecutor"


def _person_in(case_id: int, given: str, surname: str, role: str, n: int = 3):
    from innocence.people.resolution import NameMention, resolve_case

    mentions = [
        NameMention(
            id=case_id * 100 + i, case_id=case_id, given=given, surname=surname, role=role, title_role=role
        )
        for i in range(n)
    ]
    (person,) = resolve_case(mentions)
    return person


def test_cross_case_links_find_the_recurring_detective_and_no_false_merge() -> None:
    from innocence.people.linking import link_across_cases
    from innocence.people.resolution import AUTO_LINK

    persons = [
        _person_in(1, "Gerald", "Kessler", "detective"),
        _person_in(2, "Jerry", "Kessler", "detective"),  # a nickname of the same first name
        _person_in(3, "Gerald", "Kesler", "detective"),  # one letter apart between two reports
        _person_in(4, "Walter", "Kessler", "officer"),  # common surname, different first name
        _person_in(5, "Gerald", "Kessler", "defendant"),  # same name, incompatible role
    ]
    links = link_across_cases(persons)
    auto = {frozenset((link.a[0], link.b[0])) for link in links if link.confidence >= AUTO_LINK}
    assert auto == {frozenset((1, 2)), frozenset((1, 3)), frozenset((2, 3))}
    variant = next(link for link in links if {link.a[0], link.b[0]} == {1, 3})
    assert any("one letter" in reason for reason in variant.reasons)
    # a spelling variant without a first name on one side is only a proposal
    weak = link_across_cases(
        [_person_in(1, "Gerald", "Kessler", "detective"), _person_in(6, "", "Kesler", "detective")]
    )
    assert weak and all(link.confidence < AUTO_LINK for link in weak)
