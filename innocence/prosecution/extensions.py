"""What the Prosecution lens contributes: its tab, rules, demo, archive section, the two
page-text consumers (near-duplicate signatures, favorable-passage proposals), its API, URLs
and what it does when two persons are merged."""

from innocence.core.extensions import ArchiveSection, CaseTab, Extension, Lens, PageTextConsumer

EXTENSION = Extension(
    app="prosecution",
    order=100,
    lenses=(Lens("prosecution", "Prosecution", "prosecution", order=30),),
    case_tabs=(
        CaseTab("prosecution", "Prosecution", "prosecution/case_tab.html", "innocence.prosecution.case_tab:context", 60),
    ),
    demo="innocence.prosecution.demo:load",
    demo_order=70,
    archive_sections=(
        ArchiveSection(
            "prosecution", "innocence.prosecution.case_archive",
            models=("prosecution.Production", "prosecution.ProductionItem", "prosecution.BradyItem",
                    "prosecution.TestimonyConflict", "prosecution.MisconductRecord"),
            order=70,
        ),
    ),
    not_archived=(
        ("prosecution.PageSignature", "derived: recomputed from the imported pages' text by the "
         "prosecution.signatures consumer"),
        ("prosecution.SignatureRun", "progress of a background job, not case data"),
    ),
    page_text_consumers=(
        PageTextConsumer(
            "prosecution.signatures",
            "innocence.prosecution.consumers:signatures_for_pages",
            order=40,
            warm_up="innocence.prosecution.near_duplicates:warm_up",
        ),
        PageTextConsumer(
            "prosecution.favorable",
            "innocence.prosecution.consumers:favorable_for_pages",
            order=41,
            warm_up="innocence.prosecution.proposals:warm_up",
        ),
    ),
    rule_modules=("innocence.prosecution.rules.disclosure",),
    person_merge=("innocence.prosecution.services:person_references_move",),
    api_routers=("innocence.prosecution.api:router",),
    urls=(("prosecution/", "innocence.prosecution.urls"),),
)
