"""What the Prosecution app contributes."""

from innocence.core.extensions import CaseTab, Extension, Lens

EXTENSION = Extension(
    app="prosecution",
    order=100,
    lenses=(Lens("prosecution", "Prosecution", "prosecution", order=30),),
    case_tabs=(CaseTab("prosecution", "Prosecution", "cases/tabs/not_built.html", "innocence.prosecution.case_tab:context", 60),),
    urls=(("prosecution/", "innocence.prosecution.urls"),),
)
