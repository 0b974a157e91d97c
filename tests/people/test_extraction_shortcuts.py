"""The shortcuts of extraction skip only what the full rules would not find (fictional
text; no database)."""

from __future__ import annotations

import random

from innocence.people.extraction import extract_page, persons, quality
from innocence.people.extraction.vocabulary import vocabulary


def _reference_counts(head: str) -> tuple[int, int]:
    wordlike = len(quality._WORDLIKE.findall(head))
    english = sum(w.lower() in quality._ENGLISH for w in quality._BARE.findall(head))
    return wordlike, english


def test_word_counts_are_the_patterns_counts():
    rng = random.Random(7)
    pieces = [*"aAbZ .,;:!?\"'()\t\n\u00a0\u2003éÉ1_-", "the", "The", "THE", "Of", "q", "sir", "(yes)", "No."]
    for _ in range(20000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 50)))
        assert quality.word_counts(text) == _reference_counts(text), text


def _labelled_without_shortcut(text: str) -> list:
    original = persons._may_be_label
    persons._may_be_label = lambda words, vocabulary_words: True  # type: ignore[assignment]
    try:
        return [m.as_dict() for m in persons._labelled(text, persons._line_spans(text))]
    finally:
        persons._may_be_label = original  # type: ignore[assignment]


def test_a_line_that_is_only_a_label_is_still_read():
    labels = sorted(vocabulary().field_labels)
    rng = random.Random(11)
    names = ["Wendell Okafor-Prim", "ROE, JANE", "J. Quist", "Marla Deyn"]
    for label in labels:
        written = rng.choice([label.upper(), label.title(), label, f"A. {label.upper()}", f"{label.title()}'s Name"])
        text = f"Fictional form\n{written}\n{rng.choice(names)}\nthe end of the page, said the clerk\n"
        got = [m.as_dict() for m in persons._labelled(text, persons._line_spans(text))]
        assert got == _labelled_without_shortcut(text), (label, text)


def test_prose_is_passed_over_with_the_same_result():
    text = (
        "The witness said that the officer was at the store.\n"
        "Victim stated she did not see the man.\n"
        "REPORTING OFFICER\nDet. Avery Quillfeather\n"
        "Victim: Dellamae Orrin\n"
    )
    got = [m.as_dict() for m in persons._labelled(text, persons._line_spans(text))]
    assert got == _labelled_without_shortcut(text)
    assert {m["text"] for m in got} >= {"Dellamae Orrin"}
    assert any(m.text == "Dellamae Orrin" for m in extract_page(text))


def test_needles_on_a_page_are_the_needles_in_it():
    """One Aho-Corasick pass finds exactly the guard needles ``in`` the lowered page, as the
    guards asked them one by one (overlapping and nested needles included)."""
    needles = sorted({n for group in persons._GUARD_NEEDLES.values() for n in group})
    rng = random.Random(13)
    pieces = [*needles, *"ab ,.'\n\tm", "for", "the", "examinatio", "i a", "unitcar"]
    for _ in range(5000):
        low = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30))).lower()
        assert persons.needles_on(low) == frozenset(n for n in needles if n in low), low
    assert persons.needles_on(None) is None


def test_line_words_are_each_line_s_lower_case_words():
    rng = random.Random(17)
    pieces = [*"aZ .,:-#1\t", "\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f", "VICTIM", "Officer", "for"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 30)))
        lines = persons._line_spans(text)
        got = persons._line_words(text.lower(), len(lines))
        assert got is not None, text
        assert [g.split() for g in got] == [persons._LOWER_WORD.findall(text[s:e].lower()) for s, e in lines], text


def test_labelled_reads_the_same_with_the_lowered_page():
    labels = sorted(vocabulary().field_labels)
    rng = random.Random(19)
    names = ["Wendell Okafor-Prim", "ROE, JANE", "J. Quist", "Marla Deyn (Victim)", "Ann Roe (witness)"]
    for _ in range(400):
        rows = [rng.choice([*(label.upper() + ":" for label in labels), *labels, *names, "the clerk said so", "4."])
                for _ in range(rng.randint(1, 8))]
        text = "\n".join(f"{row} {rng.choice(names)}" if rng.random() < 0.5 else row for row in rows) + "\n"
        lines = persons._line_spans(text)
        fast = [m.as_dict() for m in persons._labelled(text, lines, text.lower())]
        assert fast == [m.as_dict() for m in persons._labelled(text, lines)], text


def test_self_identified_needs_the_word_name():
    text = "Q. Please state it.\nA. My name is Wendell Okafor-Prim and I live here.\n"
    assert [m.text for m in persons._self_identified(text, text.lower())] == [
        m.text for m in persons._self_identified(text)
    ] != []
