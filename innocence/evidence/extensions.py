"""What the Evidence app contributes."""

from innocence.core.extensions import ArchiveSection, CaseTab, Extension, Lens, PageTextConsumer

EXTENSION = Extension(
    app="evidence",
    order=80,
    lenses=(Lens("evidence", "Evidence", "evidence", order=20),),
    case_tabs=(CaseTab("evidence", "Evidence", "evidence/case_tab.html", "innocence.evidence.case_tab:context", 40),),
    demo="innocence.evidence.demo:load",
    demo_order=70,
    rule_modules=("innocence.evidence.rules.forensic", "innocence.evidence.rules.items"),
    archive_sections=(
        ArchiveSection(
            "evidence", "innocence.evidence.case_archive",
            models=("evidence.EvidenceItem", "evidence.ItemNumber", "evidence.ItemMention", "evidence.CustodyEvent",
                    "evidence.ForensicTest", "evidence.Proceeding", "evidence.EvidenceProposal"),
            order=60,
        ),
    ),
    page_text_consumers=(PageTextConsumer(
        "evidence.proposals",
        "innocence.evidence.proposals:on_page_text_changed",
        order=80,
        warm_up="innocence.evidence.proposals:warm_up",
    ),),
    person_merge=("innocence.evidence.services:person_references_move",),
    api_routers=("innocence.evidence.api:router",),
    urls=(("evidence/", "innocence.evidence.urls"),),
)
