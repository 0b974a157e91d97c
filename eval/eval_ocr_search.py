"""Issue 12's "Done when", checked on the real scanned police report through the real pipeline.

    .venv/bin/python eval/eval_ocr_search.py [--real ../shared/data/real] [--engines hybrid,tesseract]
                                             [--backends sqlite_fts5,tantivy]

Reads ``case-files/scanned_pdf/Police Report.pdf`` (an image-only 1988 scan) and its commercial
OCR text ``case-files/ocr_json/Police Report.json`` (the reference) from ../shared/data/real;
prints a note and exits 0 when they are absent. Nothing is copied into the repository: the
data directory is a fresh temporary one, names are printed at run time only.

What it does, per OCR set-up (``--engines``; default: the shipped ``hybrid`` set-up, and
``tesseract`` alone as the baseline):
1. adds the PDF to a case and drains the job queue: sniff, page images at native resolution,
   OCR (the engine set-up), word boxes saved, pages written, searchable PDF, and every
   page-text consumer (search index and vocabulary, people extraction, …) — the pipeline a
   user's upload goes through;
2. **search**, through ``search.selectors.search_pages`` as the case's user, on each backend
   (``--backends``; Tantivy is filled by ``reindex_all`` from the same pages): for each name,
   the pages found by
   - ``exact``:    the plain word;
   - ``+shown``:   the plain word with every OCR variant the results list beside it included
                   (the "include all" link: what one click gives);
   - ``~``, ``~1``, ``~2``: the fuzzy operator (``~`` picks the distance by length);
   against the pages where the reference has the word. "Names" are (a) the two the issue is
   about, the victim's and the suspect's surname, found in the reference by the keyed hashes
   of eval/ocr_search_names.json, and (b) every proper name of the reference (eval_ocr's
   definition: a capitalised word that is never written in lower case in any case-file
   reference) — counted as (name, page) pairs. ``extra`` counts pages found that the
   reference does not have the word on (a fuzzy match may be a different word);
3. **highlights**: each hit's viewer link (``hit.url``) is fetched with Django's test client as
   that user, and the ``data-image-hit`` boxes drawn over the page image are counted;
4. **quotes read off the image**: the commercial OCR's lines stand for what a reader reads off
   the image (an approximation: the reference has its own misreadings). Each line's first L
   words (L = 3…12) is offered to ``documents.services.excerpt_create`` on its page: accepted
   or refused, as a user would see it. Negatives: the same-length quotes from the other pages
   of the same split (kept only when the reference of the target page does not have them
   approximately either) and lines of two other police reports of the shared material, which
   must be refused. Accepted off-image quotes are checked to have boxes on the image. A sweep
   over the two thresholds of quote_alignment (similarity, minimum words) is printed for the
   tune pages only; the report pages are shown at the shipped values and at whatever the
   sweep would pick, never used to pick.

The split is eval/ocr_split.json (police_report: tune p1–3, report p4–5), written before any
tuning. CPU seconds are this process's and its children's (Tesseract).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import io
import json
import os
import random
import re
import resource
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
DEFAULT_REAL = ROOT.parent / "shared" / "data" / "real"
SPLIT = json.loads((Path(__file__).parent / "ocr_split.json").read_text())
NAMES = json.loads((Path(__file__).parent / "ocr_search_names.json").read_text())
QUOTE_LENGTHS = (3, 4, 5, 6, 8, 10, 12)
SWEEP_SIMILARITY = (0.70, 0.75, 0.80, 0.85, 0.90)
SWEEP_WORDS = (3, 4, 5, 6)
SWEEP_LETTERS = (12, 16, 20, 25)
#: Lines of these other reports of the shared material are quotes that are on no page of the
#: police report (negatives).
NEGATIVE_SOURCES = ("more/Kenner Police Arrest Report.json", "more/Montegut Police Report.json")
NEGATIVES_PER_LENGTH = 60
#: A threshold change must accept this share more of the tune positives, with no more wrong ones.
CLEAR_GAIN = 0.02
MODES = ("exact", "+shown", "~", "~1", "~2")
WORD = re.compile(r"[a-z]+")


def cpu_now() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def words_of(text: str) -> set[str]:
    return set(WORD.findall(text.lower()))


def issue_names(reference_bytes: bytes, pages: dict[int, str]) -> dict[str, str]:
    """role -> the word of the reference whose keyed hash eval/ocr_search_names.json holds."""
    key = hashlib.sha256(reference_bytes).digest()
    wanted = {entry["hmac"]: entry["role"] for entry in NAMES["names"]}
    found: dict[str, str] = {}
    for word in sorted(set().union(*(words_of(t) for t in pages.values()))):
        digest = hmac.new(key, word.encode(), hashlib.sha256).hexdigest()
        if digest in wanted:
            found[wanted[digest]] = word
    return found


# --- the throwaway installation ------------------------------------------------------------


def setup() -> None:
    os.environ["INNOCENCE_DATA_DIR"] = tempfile.mkdtemp(prefix="innocence-eval-ocr-search-")
    os.environ["OMP_THREAD_LIMIT"] = "1"
    os.environ["INNOCENCE_ALLOWED_HOSTS"] = "testserver,localhost"
    for name in ("DATABASE_URL", "INNOCENCE_PAGE_TEXT_CONSUMERS", "INNOCENCE_SEARCH_BACKEND"):
        os.environ.pop(name, None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocence.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


@dataclass
class Ingested:
    engine: str
    user: Any
    case: Any
    document: Any
    pages: dict[int, Any]  # number -> Page
    read_by: dict[int, str]  # number -> engine whose reading is the page text
    cpu: float
    wall: float
    consumer_errors: dict[str, Any] = field(default_factory=dict)


def ingest(pdf: bytes, engine: str, index: int) -> Ingested:
    from django.conf import settings
    from django.contrib.auth import get_user_model

    from innocence.cases import services as case_services
    from innocence.core.models import Membership, Organization
    from innocence.documents import services
    from innocence.documents.models import Document
    from innocence.documents.page_words import load_words
    from innocence.jobs.queue import run_until_empty

    settings.INNOCENCE_OCR_ENGINE = engine
    org = Organization.objects.create(
        slug=f"eval-{index}", name=f"OCR search eval {engine}", case_prefix=f"E{index}"
    )
    user = get_user_model().objects.create_user(username=f"eval{index}", password="eval-password-1")
    Membership.objects.create(user=user, organization=org, role="admin")
    case = case_services.case_create(actor=user, organization=org, title=f"OCR search eval ({engine})")
    # Bytes after %%EOF change the file's hash (no shared derived files between set-ups), not the PDF.
    added = services.add_file(
        actor=user,
        organization=org,
        case=case,
        name="scan.pdf",
        stream=io.BytesIO(pdf + f"\n% eval {engine}\n".encode()),
    )
    wall, cpu = time.perf_counter(), cpu_now()
    run_until_empty()
    wall, cpu = time.perf_counter() - wall, cpu_now() - cpu
    document = Document.objects.select_related("stored_file").get(pk=added.document.pk)
    if document.status != "done":
        raise SystemExit(f"the pipeline left the document {document.status}: {document.notice}")
    pages = {p.number: p for p in document.pages.order_by("number")}
    read_by = {}
    for number in pages:
        data = load_words(document.stored_file.sha256, number) or {}
        read_by[number] = str(data.get("engine") or "?")
    errors = getattr(document, "consumer_errors", None) or {}
    return Ingested(engine, user, case, document, pages, read_by, cpu, wall, dict(errors))


# --- search ----------------------------------------------------------------------------------


def found_pages(ing: Ingested, query: str, backend: str, *, variants: bool = False) -> tuple[set[int], Any]:
    from innocence.search.selectors import search_pages

    result = search_pages(ing.user, query, case=ing.case, backend=backend, limit=100, variants=variants)
    if result.error:
        raise SystemExit(f"search {query!r} failed: {result.error}")
    return {h.page_number for h in result.hits if h.document_id == ing.document.pk}, result


def mode_query(name: str, mode: str) -> str:
    return name if mode in ("exact", "+shown") else name + mode


def mode_label(name: str, mode: str) -> str:
    return f"{name} +shown" if mode == "+shown" else mode_query(name, mode)


def search_name(ing: Ingested, name: str, backend: str) -> dict[str, tuple[set[int], list[Any]]]:
    """mode -> (pages found, hits of the query that found them)."""
    out: dict[str, tuple[set[int], list[Any]]] = {}
    pages, result = found_pages(ing, name, backend, variants=True)
    out["exact"] = (pages, result.hits)
    include = next((g.include_query for g in result.variants if g.word == name and g.include_query), "")
    out["shown:"] = (set(), [v for g in result.variants if g.word == name for v in g.variants])
    if include:
        shown, shown_result = found_pages(ing, include, backend)
        out["+shown"] = (shown, shown_result.hits)
    else:
        out["+shown"] = out["exact"]
    for mode in ("~", "~1", "~2"):
        fuzzy, fuzzy_result = found_pages(ing, mode_query(name, mode), backend)
        out[mode] = (fuzzy, fuzzy_result.hits)
    return out


def image_boxes_on(client: Any, hits: Iterable[Any]) -> dict[int, int]:
    """page number -> image-hit boxes the viewer draws at the hit's link."""
    drawn = {}
    for hit in hits:
        response = client.get(hit.url)
        if response.status_code != 200:
            raise SystemExit(f"viewer link {hit.url} answered {response.status_code}")
        drawn[hit.page_number] = response.content.decode().count("data-image-hit")
    return drawn


def split_of(number: int) -> str:
    spec = SPLIT["police_report"]
    return "tune" if number in spec["tune"] else "report" if number in spec["report"] else ""


def print_issue_names(ing: Ingested, names: dict[str, str], reference: dict[int, str], backend: str) -> None:
    from django.test import Client

    client = Client()
    client.force_login(ing.user)
    ref_words = {n: words_of(t) for n, t in reference.items()}
    for role, name in names.items():
        on = {n for n, w in ref_words.items() if name in w}
        results = search_name(ing, name, backend)
        shown = ", ".join(f"{v.word} ({v.pages} p.)" for v in results["shown:"][1]) or "none"
        print(f"  {role} '{name}': reference has it on p. {fmt(on)}; variants shown beside results: {shown}")
        for mode in MODES:
            pages, hits = results[mode]
            boxes = image_boxes_on(client, hits)
            parts = []
            for group in ("tune", "report"):
                want = {n for n in on if split_of(n) == group}
                got = {n for n in pages if split_of(n) == group}
                parts.append(
                    f"{group} {len(want & got)}/{len(want)}"
                    + (f" (+{len(got - want)} extra)" if got - want else "")
                )
            lit = sum(1 for n in pages if boxes.get(n, 0) > 0)
            missing = on - pages
            print(
                f"    {mode_label(name, mode):<16} found p. {fmt(pages):<12} {'; '.join(parts):<32}"
                f" missed {fmt(missing) or '-':<8} highlighted on the image: {lit}/{len(pages)} pages"
                f" ({sum(boxes.values())} boxes)"
            )


def print_all_names(
    ing: Ingested, reference: dict[int, str], names_by_page: dict[int, set[str]], backend: str
) -> None:
    ref_words = {n: words_of(t) for n, t in reference.items()}
    every = sorted(set().union(*names_by_page.values()))
    tally = {(g, m): [0, 0, 0] for g in ("tune", "report") for m in MODES}  # found, wanted, extra
    for name in every:
        on = {n for n, w in ref_words.items() if name in w}
        results = search_name(ing, name, backend)
        for mode in MODES:
            pages = results[mode][0]
            for group in ("tune", "report"):
                want = {n for n in on if split_of(n) == group}
                got = {n for n in pages if split_of(n) == group}
                tally[(group, mode)][0] += len(want & got)
                tally[(group, mode)][1] += len(want)
                tally[(group, mode)][2] += len(got - want)
    print(
        f"  every proper name of the reference ({len(every)} names), (name, page) pairs found / on the page in the reference:"
    )
    for group in ("tune", "report"):
        cells = []
        for mode in MODES:
            found, wanted, extra = tally[(group, mode)]
            cells.append(f"{mode} {found}/{wanted} = {found / max(wanted, 1):.2f} (+{extra})")
        print(f"    {group:<6} " + " | ".join(cells))


def fmt(numbers: Iterable[int]) -> str:
    return ",".join(str(n) for n in sorted(numbers))


# --- quotes read off the image ---------------------------------------------------------------


@dataclass
class Quote:
    text: str
    page: int
    length: int
    positive: bool
    exact: bool  # in the page text as written (or with spacing collapsed): no alignment needed
    similarity: float  # of the best-aligned OCR span (0 when none)
    words: int
    letters: int
    accepted: bool = False  # by excerpt_create at the shipped thresholds
    boxed: bool = False  # accepted off the image, with boxes on the image


def reference_lines(text: str) -> list[list[str]]:
    return [line.split() for line in text.splitlines() if len(line.split()) >= min(QUOTE_LENGTHS)]


def quote_facts(quote: str, page_text: str) -> tuple[bool, float, int, int]:
    from innocence.documents.quote_alignment import _WORD_RE, align_quote

    exact = quote in page_text or " ".join(quote.split()) in " ".join(page_text.split())
    alignment = align_quote(quote, page_text)
    words = _WORD_RE.findall(quote)
    return exact, alignment.similarity if alignment else 0.0, len(words), sum(len(w) for w in words)


def accepts(q: Quote, min_similarity: float, min_words: int, min_chars: int) -> bool:
    """What documents.services.excerpt_create decides, at these thresholds."""
    if q.exact:
        return True
    return q.words >= min_words and q.letters >= min_chars and q.similarity >= min_similarity


def offer(ing: Ingested, q: Quote) -> None:
    from django.core.exceptions import ValidationError

    from innocence.documents import services
    from innocence.documents.page_words import boxes_for_offsets, load_words, text_word_boxes

    page = ing.pages[q.page]
    try:
        excerpt = services.excerpt_create(actor=ing.user, page=page, quote=q.text)
    except ValidationError:
        return
    q.accepted = True
    if excerpt.ocr_text and excerpt.start_offset is not None and excerpt.end_offset is not None:
        data = load_words(ing.document.stored_file.sha256, q.page)
        boxes = text_word_boxes(page.text, data)
        q.boxed = bool(boxes_for_offsets(page.text, boxes, excerpt.start_offset, excerpt.end_offset))
    excerpt.delete()


def build_quotes(ing: Ingested, reference: dict[int, str], negatives: list[list[str]]) -> list[Quote]:

    quotes: list[Quote] = []
    lines = {n: reference_lines(t) for n, t in reference.items()}
    ref_words = {n: words_of(t) for n, t in reference.items()}
    for number, page in ing.pages.items():
        group = split_of(number)
        if not group:
            continue
        text = page.text
        for length in QUOTE_LENGTHS:
            for line in lines[number]:
                if len(line) >= length:
                    quote = " ".join(line[:length])
                    quotes.append(Quote(quote, number, length, True, *quote_facts(quote, text)))
            # negatives: other pages of the same split, and other reports
            others = [line for n, ls in lines.items() if n != number and split_of(n) == group for line in ls]
            pool = [" ".join(line[:length]) for line in others if len(line) >= length]
            rng = random.Random(f"{number}-{length}")
            outside = [" ".join(line[:length]) for line in negatives if len(line) >= length]
            pool += rng.sample(outside, min(NEGATIVES_PER_LENGTH, len(outside)))
            # Certainly not on this page: not approximately in its reference, and not made of
            # its words either (the reference's lines come in another order than the page's,
            # so a header repeated on every page can be on it in another line break).
            pool = [q for q in pool if not on_page(q, reference[number], ref_words[number])]
            for quote in pool:
                quotes.append(Quote(quote, number, length, False, *quote_facts(quote, text)))
    for q in quotes:
        offer(ing, q)
    return quotes


def on_page(quote: str, reference: str, reference_words: set[str]) -> bool:
    from innocence.documents.quote_alignment import align_quote

    alignment = align_quote(quote, reference)
    words = WORD.findall(quote.lower())
    shared = sum(1 for w in words if w in reference_words) / max(len(words), 1)
    return (alignment is not None and alignment.similarity >= 0.7) or shared >= 0.75


def negative_lines(real: Path) -> list[list[str]]:
    lines: list[list[str]] = []
    for name in NEGATIVE_SOURCES:
        path = real / "case-files" / "ocr_json" / name
        if path.exists():
            for message in json.loads(path.read_text())["messages"]:
                lines += reference_lines(message["page_content"] or "")
    return lines


def rate(items: list[Quote], test: Any) -> str:
    return f"{sum(1 for q in items if test(q))}/{len(items)}" if items else "-"


def print_quotes(quotes: list[Quote]) -> tuple[float, int, int]:
    from innocence.documents import quote_alignment as qa

    shipped = (qa.MIN_SIMILARITY, qa.MIN_WORDS, qa.MIN_CHARS)
    agree = sum(1 for q in quotes if q.accepted == accepts(q, *shipped))
    print(f"  (the service and this script's restatement of its rule agree on {agree}/{len(quotes)} quotes)")
    print(
        f"  at the shipped thresholds (similarity >= {qa.MIN_SIMILARITY}, >= {qa.MIN_WORDS} words, >= {qa.MIN_CHARS} letters):"
    )
    print(
        "    words | tune: read-off-image accepted (exact / aligned), other text wrongly accepted | report: same"
    )
    for length in QUOTE_LENGTHS:
        cells = []
        for group in ("tune", "report"):
            pos = [q for q in quotes if q.positive and q.length == length and split_of(q.page) == group]
            neg = [q for q in quotes if not q.positive and q.length == length and split_of(q.page) == group]
            cells.append(
                f"{rate(pos, lambda q: q.accepted):>7} ({rate(pos, lambda q: q.exact)} exact),"
                f" wrong {rate(neg, lambda q: q.accepted):>7}"
            )
        print(f"    {length:>5} | " + " | ".join(cells))
    aligned = [q for q in quotes if q.positive and q.accepted and not q.exact]
    print(
        f"  accepted off-image quotes (not in the text as written) with boxes on the image: {rate(aligned, lambda q: q.boxed)}"
    )

    print("\n  sweep on the TUNE pages only: positives accepted / negatives accepted (all lengths)")
    tune = [q for q in quotes if split_of(q.page) == "tune"]
    pos, neg = [q for q in tune if q.positive], [q for q in tune if not q.positive]
    table: list[tuple[int, int, float, int, int]] = []  # positives, negatives, similarity, words, letters
    for letters in SWEEP_LETTERS:
        print(
            f"    at least {letters} letters; min words \\ similarity "
            + " ".join(f"{s:>9.2f}" for s in SWEEP_SIMILARITY)
        )
        for words in SWEEP_WORDS:
            cells = []
            for sim in SWEEP_SIMILARITY:
                p = sum(accepts(q, sim, words, letters) for q in pos)
                n = sum(accepts(q, sim, words, letters) for q in neg)
                cells.append(f"{p:>5}/{n:<3}")
                table.append((p, n, sim, words, letters))
            print(f"    {words:>43} " + " ".join(cells))
    print(f"    ({len(pos)} positives, {len(neg)} negatives)")
    # The pick: the shipped values unless another set is a clear gain on the tune pages — at
    # least CLEAR_GAIN more of the positives accepted and no more wrong acceptances; of those,
    # the one accepting most, then the strictest (higher similarity, more words, more letters).
    shipped = (qa.MIN_SIMILARITY, qa.MIN_WORDS, qa.MIN_CHARS)
    shipped_p, shipped_n = next((p, n) for p, n, *rest in table if tuple(rest) == shipped)
    better = [
        (p, *rest) for p, n, *rest in table if n <= shipped_n and p - shipped_p >= CLEAR_GAIN * len(pos)
    ]
    if not better:
        return shipped
    _, sim, words, letters = max(better)
    return sim, words, letters


def show_tune_quotes(quotes: list[Quote]) -> None:
    """Printed at run time only, for the tune pages only (real text is never written down)."""
    for q in quotes:
        if split_of(q.page) == "tune" and q.length >= 4 and q.positive != q.accepted:
            kind = "refused" if q.positive else "WRONGLY accepted"
            print(f"    p{q.page} {kind} sim {q.similarity:.2f}: {q.text!r}")


def print_quotes_at(quotes: list[Quote], sim: float, words: int, letters: int) -> None:
    from innocence.documents import quote_alignment as qa

    for group in ("tune", "report"):
        pos = [q for q in quotes if q.positive and split_of(q.page) == group]
        neg = [q for q in quotes if not q.positive and split_of(q.page) == group]
        cells = []
        for label, rule in (
            ("shipped", (qa.MIN_SIMILARITY, qa.MIN_WORDS, qa.MIN_CHARS)),
            ("tune pick", (sim, words, letters)),
        ):
            cells.append(
                f"{label} {rule}: accepted {rate(pos, lambda q, rule=rule: accepts(q, *rule))},"
                f" wrong {rate(neg, lambda q, rule=rule: accepts(q, *rule))}"
            )
        print(f"    {group:<6} " + " | ".join(cells))


# --- main ------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--real", type=Path, default=DEFAULT_REAL)
    parser.add_argument("--engines", default="hybrid,tesseract")
    parser.add_argument("--backends", default="sqlite_fts5,tantivy")
    parser.add_argument("--no-all-names", action="store_true", help="only the issue's two names")
    parser.add_argument(
        "--show", action="store_true", help="print the tune quotes refused and the wrong ones accepted"
    )
    args = parser.parse_args(argv)
    spec = SPLIT["police_report"]
    pdf_path, ref_path = args.real / spec["file"], args.real / spec["reference"]
    if not pdf_path.exists() or not ref_path.exists():
        print(f"{pdf_path} or its reference is not here: nothing to evaluate (skipped).")
        return 0
    reference_bytes = ref_path.read_bytes()
    reference = {
        int(m["page_number"]): str(m["page_content"] or "") for m in json.loads(reference_bytes)["messages"]
    }
    names = issue_names(reference_bytes, reference)
    if len(names) < len(NAMES["names"]):
        print(
            "warning: not every name of eval/ocr_search_names.json is in this reference (the file changed?)"
        )
    setup()
    from eval_ocr import lower_vocabulary, proper_names

    lower = lower_vocabulary(args.real)
    names_by_page = {n: proper_names(t, lower) for n, t in reference.items() if split_of(n)}
    negatives = negative_lines(args.real)
    print(
        f"police report: {len(reference)} pages; split tune p. {fmt(spec['tune'])}, report p. {fmt(spec['report'])}"
    )
    pdf = pdf_path.read_bytes()
    picked: tuple[float, int, int] | None = None
    for index, engine in enumerate(e.strip() for e in args.engines.split(",") if e.strip()):
        ing = ingest(pdf, engine, index)
        print(
            f"\n=== OCR set-up '{engine}': pipeline {ing.cpu:.1f} CPU-s, {ing.wall:.1f} s wall for {len(ing.pages)} pages"
        )
        for number, page in ing.pages.items():
            print(
                f"  p{number} ({split_of(number) or '-'}): read by {ing.read_by[number]},"
                f" mean confidence {page.ocr_confidence or 0:.0f}, {len(page.text.split())} words"
            )
        if ing.consumer_errors:
            print(
                f"  page-text consumers that failed (not this eval's subject): {sorted(ing.consumer_errors)}"
            )
        for backend in (b.strip() for b in args.backends.split(",") if b.strip()):
            if backend != "sqlite_fts5":
                from innocence.search.backends import get_backend
                from innocence.search.services import reindex_all

                reindex_all(backend=get_backend(backend))
            print(
                f"\n  search on {backend}: the issue's names (pages of this document; highlights from the viewer link)"
            )
            print_issue_names(ing, names, reference, backend)
            if not args.no_all_names:
                print_all_names(ing, reference, names_by_page, backend)
        print(
            f"\n  quotes read off the image (the reference's lines), offered to excerpt_create on '{engine}' pages"
        )
        quotes = build_quotes(ing, reference, negatives)
        pick = print_quotes(quotes)
        if args.show:
            show_tune_quotes(quotes)
        if picked is None:
            picked = pick  # chosen on the first set-up's (the shipped one's) tune pages
        print(
            f"  tune pick (similarity, words, letters) = {picked}, from the first set-up's tune pages;"
            " both splits at the shipped values and at the pick:"
        )
        print_quotes_at(quotes, *picked)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
