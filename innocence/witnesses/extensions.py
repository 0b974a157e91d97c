"""What the Witness lens contributes."""

from innocence.core.extensions import CaseTab, Extension, Lens

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
    archive_pending=(
        'witnesses.IdentificationProcedure',
        'witnesses.Informant',
        'witnesses.InformantBenefit',
        'witnesses.Interrogation',
        'witnesses.Statement',
        'witnesses.StatementClaim',
        'witnesses.ViewingConditions',
    ),
)
