"""A transcript's running head ("Quarrel - Cross") names the witness on the stand by surname:
the witness of that surname sworn last before it, though the family testifies too. Every name
and page here is FICTIONAL."""

from __future__ import annotations

from innocence.people.pipeline import CasePages, run_case

SWORN = (
    "{name}\nupon being called to testify as a witness for and on behalf\n"
    "of the State, after having been duly sworn, testified as\nfollows, to-wit:\n"
    "DIRECT EXAMINATION BY MR. FENWICK:\nQ. State your name, please?\nA. {plain}.\n"
)
HEAD = "{surname} - {part}\n{number}\nQ. And then what happened?\nA. We went home after that.\n"


def _pages() -> CasePages:
    pages = CasePages()
    pages.add(1, SWORN.format(name="EDMUND QUARREL", plain="Edmund Quarrel"))
    pages.add(2, HEAD.format(surname="Quarrel", part="Direct", number=12))
    pages.add(3, SWORN.format(name="DELPHINE QUARREL", plain="Delphine Quarrel"))
    pages.add(4, HEAD.format(surname="Quarrel", part="Cross", number=14))
    pages.add(5, HEAD.format(surname="Quarrel", part="Redirect", number=15))
    return pages


def test_each_running_head_is_the_witness_sworn_last_before_it() -> None:
    result = run_case(1, _pages())
    pages_of = {
        p.given: sorted({result.mentions[i].page_id for i in p.mention_ids})
        for p in result.persons
        if p.surname == "Quarrel"
    }
    assert 2 in pages_of["Edmund"] and 2 not in pages_of["Delphine"]
    assert {4, 5} <= set(pages_of["Delphine"]) and not {4, 5} & set(pages_of["Edmund"])
    edmund = next(p for p in result.persons if p.given == "Edmund")
    head = next(a for a in edmund.attachments if result.mentions[a.mention_id].page_id == 2)
    assert any("running head" in reason for reason in head.reasons)
    assert edmund.role == "witness"


def test_a_running_head_before_anyone_of_the_name_is_sworn_is_left_as_it_was() -> None:
    pages = CasePages()
    pages.add(1, HEAD.format(surname="Quarrel", part="Cross", number=3))
    pages.add(2, SWORN.format(name="EDMUND QUARREL", plain="Edmund Quarrel"))
    result = run_case(1, pages)
    first = [p for p in result.persons if any(result.mentions[i].page_id == 1 for i in p.mention_ids)]
    assert first and all(
        "running head" not in " ".join(a.reasons) for p in first for a in p.attachments
    )


def test_a_speck_before_the_running_head_read_as_a_dot() -> None:
    from innocence.people.extraction import extract_page

    heads = [m for m in extract_page("150\n. Quarrel - Cross\nQ. And then?\n") if m.attrs.get("cue") == "running-head"]
    assert [m.text for m in heads] == ["Quarrel"]
    dotted = [m for m in extract_page("117\n... Quarrel - Cross.\nQ. And then?\n") if m.attrs.get("cue") == "running-head"]
    assert [m.text for m in dotted] == ["Quarrel"]
