"""Search that finds a name the OCR misread — on every backend (the ``search_backend``
fixture): fuzzy words, OCR variants with page counts in the user's scope only, hyphen and
spacing forms, low-confidence marks, batch search and the viewer's find.

All text is fictional: a made-up 1988 police report as a bad OCR engine might read it."""

from __future__ import annotations

import random

import pytest

from innocence.documents.models import Page
from innocence.search import vocabulary
from innocence.search.batch import batch_csv, batch_search, term_query
from innocence.search.expansion import expand
from innocence.search.in_document import find_in_document
from innocence.search.query import Fuzzy, FuzzyPhrase, Or, Phrase, QueryError, Term, parse
from innocence.search.selectors import search_pages
from innocence.search.variants import close_words

pytestmark = pytest.mark.usefixtures("search_backend")

REPORT = [
    "FICTIONAL TEST REPORT. Suspect Morvus Phemas was seen near the store by Mirel Larkwend.",
    "The suspect Monvua Phemaa was placed in a Line-up at 14:00 with five fillers.",
    "Witness flinel Larkwend viewed the line up and picked tionvua Phemas.",
    "Officers took several color pictures of the lineup room. No names on this page.",
]


def hit_pages(result):
    return sorted(h.page_number for h in result.hits)


@pytest.fixture
def report(world, make_document):
    document = make_document(world.case, REPORT, title="Fictional police report 1988")
    # Pages 2 and 3 were read by OCR with low confidence.
    Page.objects.filter(document=document, number__in=[2, 3]).update(text_source="ocr", ocr_confidence=61.0)
    Page.objects.filter(document=document, number__in=[1, 4]).update(text_source="ocr", ocr_confidence=91.0)
    return document


@pytest.fixture
def elsewhere(world, make_document):
    """A page of a case the north team may not see, with a misreading of its own."""
    return make_document(world.other_case, ["The South file names Phemab and Larkwemd."], title="South file")


def test_fuzzy_operator_finds_the_misread_name(world, report):
    exact = search_pages(world.on_team, "Phemas")
    assert hit_pages(exact) == [1, 3]
    fuzzy = search_pages(world.on_team, "Phemas~1")
    assert fuzzy.error == ""
    assert hit_pages(fuzzy) == [1, 2, 3]  # "Phemaa" is one edit away
    assert hit_pages(search_pages(world.on_team, "Larkwend~1")) == [1, 3]


def test_fuzzy_phrase_and_confusable_shapes(world, report):
    # "Monvua" is "Morvus" with rn/m folded and one letter wrong; "Phemaa" one letter.
    result = search_pages(world.on_team, '"Morvus~2 Phemas~1"')
    assert hit_pages(result) == [1, 2]
    assert result.error == ""


def test_plain_query_lists_ocr_variants_with_page_counts(world, report):
    result = search_pages(world.on_team, "Phemas")
    groups = {g.word: g for g in result.variants}
    assert "phemas" in groups
    variants = {v.word: v.pages for v in groups["phemas"].variants}
    assert variants.get("phemaa") == 1
    # One click includes them: the query with the word OR its variants.
    include = groups["phemas"].include_query
    assert "phemaa" in include and include.lower().count("phemas") == 1
    assert hit_pages(search_pages(world.on_team, include)) == [1, 2, 3]


def test_variants_never_leak_words_of_other_cases(world, report, elsewhere):
    result = search_pages(world.on_team, "Phemas")
    shown = {v.word for g in result.variants for v in g.variants}
    assert "phemab" not in shown  # only in a case the user is not on
    assert hit_pages(search_pages(world.on_team, "Phemas~1")) == [1, 2, 3]
    # The other side sees its own variant and nothing of the north case.
    theirs = search_pages(world.outsider, "Phemas")
    assert theirs.total == 0
    assert {v.word: v.pages for g in theirs.variants for v in g.variants} == {"phemab": 1}
    assert search_pages(world.outsider, "Phemas~1").total == 1
    assert world.off_team and search_pages(world.off_team, "Phemas~1").total == 0
    assert search_pages(world.off_team, "Phemas").variants == []


def test_hyphen_and_spacing_variants_match(world, report):
    for query in ("lineup", "line-up", '"line up"', "Line-up"):
        assert hit_pages(search_pages(world.on_team, query)) == [2, 3, 4], query


def test_low_confidence_pages_are_marked_and_counted(world, report):
    result = search_pages(world.on_team, "Larkwend")
    marks = {h.page_number: h.low_confidence for h in result.hits}
    assert marks == {1: False, 3: True}
    assert result.low_confidence_pages == 2
    assert result.low_confidence_threshold == 70.0


def test_low_confidence_count_is_limited_to_the_scope(world, report, elsewhere):
    Page.objects.filter(document=elsewhere).update(text_source="ocr", ocr_confidence=40.0)
    assert search_pages(world.on_team, "Larkwend").low_confidence_pages == 2
    assert search_pages(world.outsider, "Larkwend").low_confidence_pages == 1
    assert search_pages(world.off_team, "Larkwend").low_confidence_pages == 0


def test_batch_search_with_ocr_variants(world, report):
    assert term_query("Morvus Phemas", fuzzy=True) == '"Morvus~1 Phemas~1"'
    assert term_query("Det. Lee", fuzzy=True) == '"Det Lee"'
    plain, fuzzy = (
        batch_search(world.on_team, ["Phemas", "Mirel Larkwend"], fuzzy=flag)[0] for flag in (False, True)
    )
    assert plain.total == 2 and fuzzy.total == 3
    assert {v.word for g in plain.variants for v in g.variants} >= {"phemaa"}
    assert plain.low_confidence_hits == 1
    csv_text = batch_csv(batch_search(world.on_team, ["Phemas"]))
    assert "ocr confidence" in csv_text.splitlines()[0]
    assert "61 (low: words may be missed)" in csv_text


def test_the_web_page_shows_variants_and_the_warning(client, world, report):
    client.force_login(world.on_team)
    body = client.get("/search/", {"q": "Phemas"}).content.decode()
    assert "Possible OCR misreadings of <strong>phemas</strong>" in body
    assert "phemaa" in body and "include all" in body
    assert "2 pages of what you searched were read by OCR below 70% confidence" in body
    assert "check the image" in body
    from innocence.core.models import ApiToken

    _, key = ApiToken.issue(user=world.on_team, name="test")
    api = client.get("/api/search", {"q": "Phemas~1"}, HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert api["total"] == 3 and api["low_confidence_pages"] == 2
    assert api["variants"][0]["included"] is True


def test_fuzzy_query_errors_are_words():
    with pytest.raises(QueryError, match="at most 2 edits"):
        parse("Phemas~3")
    with pytest.raises(QueryError, match="prefix"):
        parse("Tho*~1")
    assert parse("Phemas~").root == Fuzzy("phemas", 1)
    assert parse("Larkwend~").root == Fuzzy("larkwend", 2)
    assert parse('"Honvua~ Phemas"').root == FuzzyPhrase(("honvua", "phemas"), (1, 0))


def test_the_viewer_find_speaks_the_same_language(world, report):
    found = find_in_document(report, "Phemas~1", page_text=REPORT[1])
    assert found.pages == [1, 2, 3]
    assert "<mark>Phemaa</mark>" in found.highlighted
    lineup = find_in_document(report, "lineup", page_text=REPORT[1])
    assert lineup.pages == [2, 3, 4]
    assert "<mark>Line-up</mark>" in lineup.highlighted


def test_expansion_is_plain_words_for_the_backends(world, report):
    root, fuzzy = expand(parse("Phemas~1 -fillers").root)
    assert "phemaa" in fuzzy["phemas"]
    text = repr(root)
    assert "Fuzzy" not in text
    phrase, _ = expand(parse("line-up").root)
    assert phrase == Or((Phrase(("line", "up")), Term("lineup")))


def test_vocabulary_lookup_equals_a_full_scan(db):
    """The trigram index finds exactly what comparing with every word would."""
    rng = random.Random(12)
    letters = "abcdeilmnorstu15"
    words = {"".join(rng.choice(letters) for _ in range(rng.randint(2, 11))) for _ in range(3000)}
    words |= {"phemas", "phemaa", "pbemas", "phernas", "hemas", "phemasz", "larkwend", "larkwemd"}
    vocabulary.add_words(words)
    vocabulary.add_words(words)  # idempotent
    words = {w for w in words if not w.isdigit()}
    for query in ["phemas", "larkwend", *rng.sample(sorted(words), 60)]:
        for distance in (1, 2):
            expected = close_words(query, words, distance, limit=1000)
            found = vocabulary.neighbours(query, distance, limit=1000)
            if len(vocabulary.grams(query)) - 3 * distance >= 1:  # the count filter applies: exact
                assert found == expected, (query, distance)
            else:  # a short word at a large distance: words keeping its first or last letter
                assert set(found) <= set(expected), (query, distance)
    assert ("phernas", 0) in vocabulary.neighbours("phemas", 1)  # rn read as m
