"""What the Partners app contributes: the joint workspace of two organizations on one case
(a Conviction Integrity Unit and the defense), private actor matching between the
organizations of a network, their URLs, REST router and demo."""

from innocence.core.extensions import CaseTab, Extension

_NOT_ARCHIVED = (
    "belongs to two organizations at once; one side's case archive must not carry the other's "
    "notes and shares (the shared log stays in the database and the audit log)"
)

EXTENSION = Extension(
    app="partners",
    order=150,
    case_tabs=(
        CaseTab("partners", "Partners", "partners/case_tab.html", "innocence.partners.case_tab:context", 95),
    ),
    demo="innocence.partners.demo:load",
    demo_order=200,
    not_archived=(
        ("partners.Partnership", _NOT_ARCHIVED),
        ("partners.PartnerMember", _NOT_ARCHIVED),
        ("partners.Share", _NOT_ARCHIVED),
        ("partners.PartnerNote", _NOT_ARCHIVED),
        ("partners.AgendaItem", _NOT_ARCHIVED),
        ("partners.WorkspaceLog", _NOT_ARCHIVED),
    ),
    api_routers=("innocence.partners.api:router",),
    urls=(("partners/", "innocence.partners.urls"),),
)
