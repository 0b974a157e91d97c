"""What the Evidence app contributes."""

from innocence.core.extensions import CaseTab, Extension, Lens

EXTENSION = Extension(
    app="evidence",
    order=80,
    lenses=(Lens("evidence", "Evidence", "evidence", order=20),),
    case_tabs=(CaseTab("evidence", "Evidence", "cases/tabs/not_built.html", "innocence.evidence.case_tab:context", 40),),
    urls=(("evidence/", "innocence.evidence.urls"),),
)
