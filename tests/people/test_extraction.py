"""Extraction on fictional transcript and police-report pages."""

from __future__ import annotations

import random
import string

from innocence.people.extraction import extract_page
from tests.people.conftest import REPORT_PAGE, TRANSCRIPT_PAGE


def _persons(text: str) -> dict[str, str]:
    return {m.normalized: m.role_hint for m in extract_page(text) if m.kind == "person"}


def test_titles_ranks_and_transcript_structure() -> None:
    people = _persons(TRANSCRIPT_PAGE)
    assert people["Raymond Kessler"] in ("detective", "witness")
    assert people["Paula Dunmore"] == "officer"
    assert people["Lyle Brandt"] == "officer"
    assert people["Ada Whitcombe"] == "judge"
    assert people["Thomas Garvey"] == "prosecutor"
    assert people["Ellen Marsh"] == "defense_counsel"
    assert people["Garvey"] == "attorney"  # "BY MR. GARVEY:"


def test_sworn_witness_keeps_title_role() -> None:
    mentions = [m for m in extract_page(TRANSCRIPT_PAGE) if m.text == "DETECTIVE RAYMOND KESSLER"]
    assert mentions and mentions[0].normalized == "Raymond Kessler"
    assert mentions[0].role_hint == "detective"
    assert mentions[0].attrs.get("testified") is True


def test_offsets_are_verbatim() -> None:
    for m in extract_page(REPORT_PAGE):
        assert REPORT_PAGE[m.start : m.end] == m.text
        assert m.text in m.context


def test_police_report_fields() -> None:
    mentions = extract_page(REPORT_PAGE)
    people = {m.normalized: m.role_hint for m in mentions if m.kind == "person"}
    assert people["R. Kessler"] == "detective"
    assert people["Harold Pinwell"] == "victim"
    assert people["Wanda Pike"] == "witness"
    assert people["Dunmore"] == "detective"  # "Detectives Kessler and Dunmore"
    by_kind: dict[str, set[str]] = {}
    for m in mentions:
        by_kind.setdefault(m.kind, set()).add(m.normalized)
    assert "1993-10-08" in by_kind["date"]
    assert "21:45" in by_kind["time"]
    assert "(504) 555-0142" in by_kind["phone"]
    assert "LKX442" in by_kind["plate"]
    assert any("Chevrolet" in v for v in by_kind["vehicle"])
    assert "K-4411-93" in by_kind["number"]
    assert "93-1187" in by_kind["number"]
    assert any(v.startswith("4120 Magnolia") for v in by_kind["place"])


def test_date_precision_and_about() -> None:
    text = "It happened in 1987. Then in March 1990, and on about June 4, 1991 he returned. Filed 7/2/92."
    dates = {m.normalized: m.attrs for m in extract_page(text) if m.kind == "date"}
    assert dates["1987"]["precision"] == "year"
    assert dates["1990-03"]["precision"] == "month"
    assert dates["1991-06-04"]["precision"] == "day"
    assert dates["1991-06-04"]["approximate"] is True
    assert dates["1992-07-02"]["approximate"] is False


def test_empty_garbage_huge_and_foreign_pages_invent_nobody() -> None:
    assert extract_page("") == []
    assert extract_page(None) == []
    assert extract_page("   \n\n ") == []
    rng = random.Random(7)
    garbage = "".join(rng.choice(string.ascii_letters + string.punctuation + "  \n") for _ in range(20000))
    assert extract_page(garbage) == []  # no mentions at all, not fifty
    words = " ".join(
        "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(rng.randint(2, 9)))
        for _ in range(3000)
    )
    assert extract_page(words) == []
    symbols = "|||| ~~~ ### ;;; ,,,, .... ]]] [[[ \n" * 500
    assert extract_page(symbols) == []
    spanish = "El detective dijo que la víctima vivía en la calle. " * 200
    assert [m for m in extract_page(spanish) if m.kind == "person"] == []
    huge = TRANSCRIPT_PAGE * 2000  # ~1.6 MB: read up to the cap, no crash
    assert len([m for m in extract_page(huge) if m.kind == "person"]) > 0


def test_knowledge_is_data() -> None:
    from innocence.people.extraction.vocabulary import title_for, vocabulary

    assert title_for("Det.") is not None and title_for("Det.").role == "detective"  # type: ignore[union-attr]
    assert title_for("Ptl.") is not None
    assert title_for("A.D.A.") is not None and title_for("A.D.A.").role == "prosecutor"  # type: ignore[union-attr]
    assert "jerry" in vocabulary().nicknames["gerald"]


def test_title_lists_record_the_partner() -> None:
    mentions = [m for m in extract_page("Then Detectives Kessler and Dunmore left.") if m.kind == "person"]
    assert [m.normalized for m in mentions] == ["Kessler", "Dunmore"]
    assert mentions[1].attrs["partner"] == "Kessler"
