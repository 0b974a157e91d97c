"""Benchmark: the actor network on a generated organization (fictional).

    .venv/bin/python bench/bench_network.py [--cases 1000] [--persons 20000] [--mentions 200000] [--no-browser]

A fresh SQLite database in a temporary directory gets ``--cases`` cases, ``--persons``
persons (a few hundred cross-case actors — detectives, prosecutors, analysts, informants —
and many locals) and ``--mentions`` resolved person mentions on the cases' pages. Then:

1. the stored network is built in full (``rebuild_all``: the baseline, what a per-request
   or per-change full rebuild would cost) and, after one new document arrives in one case,
   incrementally (``refresh_case`` of that case: what the queue does) — printed as a ratio;
2. a 2,000-node neighbourhood (one busy detective, two steps out, node limit 2,000) is
   rendered by the server (the page with its SVG; the layout computed, then from the cache)
   and its first render in Chromium is timed (``page.set_content`` until the SVG's nodes are
   laid out), when /usr/bin/chromium and Playwright are present.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--persons", type=int, default=20000)
    parser.add_argument("--mentions", type=int, default=200000)
    parser.add_argument("--pages-per-case", type=int, default=10)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    os.environ["INNOCENCE_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-network-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "innocence.settings"
    os.environ["INNOCENCE_PAGE_TEXT_CONSUMERS"] = ""
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, skip_checks=True)
    from django.contrib.auth import get_user_model
    from django.test import Client

    from innocence.cases.models import Case
    from innocence.core.models import Membership, Organization
    from innocence.documents.models import Document, Page, StoredFile
    from innocence.network import services
    from innocence.network.selectors import Filters, graph_for_user
    from innocence.people.models import CaseRole, Mention, Person

    rng = random.Random(22)
    began = time.perf_counter()
    org = Organization.objects.create(slug="bench", name="Bench Clinic (fictional)", case_prefix="BN",
                                      is_fictional=True)
    user = get_user_model().objects.create_user(username="bench_admin", password="x-very-long-1")
    Membership.objects.create(user=user, organization=org, role="admin")
    Case.objects.bulk_create([
        Case(organization=org, reference=f"BN-{i:05d}", title=f"State v. Bench {i} (fictional)", is_fictional=True)
        for i in range(args.cases)
    ], batch_size=500)
    cases = list(Case.objects.filter(organization=org).order_by("pk"))
    Person.objects.bulk_create([
        Person(organization=org, full_name=f"Fictional Person {i:05d}", is_fictional=True) for i in range(args.persons)
    ], batch_size=1000)
    people = list(Person.objects.filter(organization=org).order_by("pk").values_list("pk", flat=True))
    n_actors = max(50, args.persons // 50)
    actors, locals_ = people[:n_actors], people[n_actors:]
    actor_role = {pid: rng.choice(["officer", "officer", "prosecutor", "forensic_analyst", "informant"])
                  for pid in actors}
    stored = StoredFile.objects.create(organization=org, sha256="0" * 64, size=1, original_name="x", storage_path="x")
    Document.objects.bulk_create([
        Document(organization=org, case=c, stored_file=stored, title=f"Report {c.reference} (fictional)",
                 status="done", page_count=args.pages_per_case) for c in cases
    ], batch_size=500)
    docs = dict(Document.objects.filter(organization=org).values_list("case_id", "pk"))
    Page.objects.bulk_create([
        Page(document_id=docs[c.pk], number=n, text="fictional", text_source="layer")
        for c in cases for n in range(1, args.pages_per_case + 1)
    ], batch_size=2000)
    pages: dict[int, list[int]] = {}
    for page_id, document_id in Page.objects.filter(document__organization=org).values_list("pk", "document_id"):
        pages.setdefault(document_id, []).append(page_id)
    per_case = args.mentions // args.cases
    local_per_case = max(1, len(locals_) // args.cases)
    roles: list[CaseRole] = []
    mentions: list[Mention] = []
    case_actors: dict[int, list[int]] = {}
    for i, case in enumerate(cases):
        here_actors = rng.sample(actors, 5)
        case_actors[case.pk] = here_actors
        here = here_actors + locals_[i * local_per_case:(i + 1) * local_per_case]
        roles += [CaseRole(case=case, person_id=pid, role=actor_role[pid]) for pid in here_actors]
        case_pages = pages[docs[case.pk]]
        for _ in range(per_case):
            pid = rng.choice(here)
            mentions.append(Mention(
                case=case, page_id=rng.choice(case_pages), kind="person", text="Det. Fictional", start=0, end=1,
                person_id=pid, title_role="detective" if actor_role.get(pid) == "officer" else "",
            ))
    CaseRole.objects.bulk_create(roles, batch_size=2000)
    Mention.objects.bulk_create(mentions, batch_size=5000)
    print(f"generated {len(cases)} cases, {len(people)} persons ({n_actors} cross-case actors), "
          f"{len(mentions)} mentions in {time.perf_counter() - began:.1f} s")

    began = time.perf_counter()
    done = services.rebuild_all(organization=org)
    full = time.perf_counter() - began
    print(f"baseline: full rebuild of the network: {full:.2f} s "
          f"({sum(r.appearances for r in done)} appearances, {sum(r.pairs for r in done)} page/document pairs)")

    target = cases[len(cases) // 2]
    stored_doc = Document.objects.create(organization=org, case=target, stored_file=stored, status="done",
                                         title="New memo (fictional)", page_count=1)
    page = Page.objects.create(document=stored_doc, number=1, text="fictional", text_source="layer")
    Mention.objects.bulk_create([
        Mention(case=target, page=page, kind="person", text="Det. Fictional", start=0, end=1, person_id=pid)
        for pid in case_actors[target.pk] + people[-3:]
    ])
    began = time.perf_counter()
    services.refresh_case(target.pk)
    incremental = time.perf_counter() - began
    print(f"incremental after one new document (refresh of its case): {incremental * 1000:.1f} ms")
    print(f"ratio full / incremental: {full / incremental:.0f}x")

    busiest = max(actors, key=lambda pid: sum(pid in v for v in case_actors.values()))
    query = f"/network/?focus={busiest}&depth=2&limit=2000"
    graph = graph_for_user(user, Filters(focus=busiest, depth=2, limit=2000))
    print(f"neighbourhood: {len(graph.persons)} persons + {len(graph.cases)} cases = "
          f"{len(graph.persons) + len(graph.cases)} nodes, {len(graph.roles) + len(graph.pairs)} edges "
          f"({graph.not_drawn} more not drawn)")
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    began = time.perf_counter()
    response = client.get(query)
    first = time.perf_counter() - began
    began = time.perf_counter()
    client.get(query)
    cached = time.perf_counter() - began
    print(f"server render, layout computed: {first:.2f} s; layout cached: {cached:.2f} s "
          f"(ratio {first / cached:.1f}x); page {len(response.content) // 1024} KiB")
    if args.no_browser or not Path("/usr/bin/chromium").exists():
        print("browser: skipped")
        return
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        print("browser: skipped (no Playwright)")
        return
    css = (Path(__file__).resolve().parents[1] / "innocence/network/static/network/network.css").read_text()
    html = response.content.decode().replace("</head>", f"<style>{css}</style></head>")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page_ = browser.new_page()
        page_.route("**/*", lambda route: route.abort())  # nothing leaves the page: no CDN, no network
        began = time.perf_counter()
        page_.set_content(html, wait_until="load")
        drawn = page_.evaluate(
            "() => { const s = document.getElementById('network-svg'); s.getBBox();"
            " return s.querySelectorAll('.node').length; }"
        )
        shown = time.perf_counter() - began
        browser.close()
    print(f"Chromium first render of the {drawn}-node SVG: {shown:.2f} s")


if __name__ == "__main__":
    main()
