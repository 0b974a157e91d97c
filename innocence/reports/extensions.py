"""What the Reports app contributes (layer 7: it reads every app below and nothing writes
to it): the case memo (DOCX/PDF) with its button on the case page, the NRE data set and the
national picture, "exonerations like this one", organization dashboards and funder
reports; REST router and URLs. Lens sections of the memo come from the registry's
``lenses``; other apps add their own parts through ``memo_sections``."""

from innocence.core.extensions import CaseTab, Extension

EXTENSION = Extension(
    app="reports",
    order=120,
    case_tabs=(CaseTab("memo", "Memo", "reports/memo_tab.html", "innocence.reports.case_tab:context", 95),),
    api_routers=("innocence.reports.api:router",),
    urls=(("reports/", "innocence.reports.urls"),),
)
