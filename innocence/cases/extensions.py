"""What the cases app contributes: the case page's own tabs and the case URLs."""

from innocence.core.extensions import CaseTab, Extension

EXTENSION = Extension(
    app="cases",
    order=10,
    case_tabs=(
        CaseTab("overview", "Overview", "cases/tabs/overview.html", "innocence.cases.tab_context:overview", 10),
        CaseTab("notes", "Notes & tasks", "cases/tabs/notes.html", "innocence.cases.tab_context:notes", 80),
        CaseTab("activity", "Activity", "cases/tabs/activity.html", "innocence.cases.tab_context:activity", 90),
    ),
    person_merge=("innocence.cases.services:person_merged",),
    api_routers=("innocence.cases.api:router",),
    urls=(("", "innocence.cases.urls"),),
    diagnostics=("innocence.cases.diagnostics:check_references",),
    not_archived=(
        # case.json (innocence.cases.archive_case) carries these; it is the archive's core,
        # not a section.
        ("cases.DocketNumber", "in case.json"),
        ("cases.StageChange", "in case.json"),
        ("cases.TeamMember", "in case.json"),
        ("cases.CaseExclusion", "in case.json"),
        ("cases.Note", "in case.json"),
        ("cases.Task", "in case.json"),
        ("people.CaseRole", "in case.json (written by people's case_json_parts)"),
    ),
)
