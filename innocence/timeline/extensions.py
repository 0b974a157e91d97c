"""What the Timeline app contributes."""

from innocence.core.extensions import CaseTab, Extension

EXTENSION = Extension(
    app="timeline",
    order=110,
    case_tabs=(CaseTab("timeline", "Timeline", "cases/tabs/not_built.html", "innocence.timeline.case_tab:context", 70),),
    urls=(("timeline/", "innocence.timeline.urls"),),
)
