"""What the Witness lens contributes."""

from innocence.core.extensions import ArchiveSection, CaseTab, Extension, Lens

EXTENSION = Extension(
    app="witnesses",
    order=70,
    lenses=(Lens("witness", "Witness", "witnesses", order=10),),
    case_tabs=(
        CaseTab("witnesses", "Witnesses", "witnesses/case_tab.html", "innocence.witnesses.case_tab:context", 50),
    ),
    demo="innocence.witnesses.demo:load",
    demo_order=60,
    rule_modules=(
        "innocence.witnesses.rules.eyewitness",
        "innocence.witnesses.rules.confessions",
        "innocence.witnesses.rules.informants",
    ),
    person_merge=("innocence.witnesses.services:person_references_move",),
    api_routers=("innocence.witnesses.api:router",),
    urls=(("witnesses/", "innocence.witnesses.urls"),),
    archive_sections=(
        ArchiveSection(
            "witnesses",
            "innocence.witnesses.case_archive",
            models=(
                "witnesses.Statement",
                "witnesses.StatementClaim",
                "witnesses.IdentificationProcedure",
                "witnesses.ViewingConditions",
                "witnesses.Interrogation",
                "witnesses.Informant",
                "witnesses.InformantBenefit",
            ),
            order=60,
        ),
    ),
)
