"""The tabs of a case page. Each later lens or module supplies its tab's context
through a function named here; until it exists, the tab shows an honest empty state."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest

from .models import Case


@dataclass(frozen=True)
class CaseTab:
    slug: str
    label: str
    template: str
    provider: str = ""  # "module:function" returning the tab's template context
    empty_message: str = ""


TABS: tuple[CaseTab, ...] = (
    CaseTab("overview", "Overview", "cases/tabs/overview.html", "innocence.cases.tab_context:overview"),
    CaseTab("people", "People", "cases/tabs/people.html", "innocence.cases.tab_context:people"),
    CaseTab(
        "documents",
        "Documents",
        "documents/case_tab.html",
        "innocence.documents.case_tab:context",
        "Document ingestion and page search are not installed yet in this version.",
    ),
    CaseTab(
        "evidence",
        "Evidence",
        "evidence/case_tab.html",
        "innocence.evidence.case_tab:context",
        "The Evidence lens (physical evidence, chain of custody, forensic tests) is not built yet. "
        "Nothing here means nothing has been recorded, not that there is no evidence.",
    ),
    CaseTab(
        "witnesses",
        "Witnesses",
        "witnesses/case_tab.html",
        "innocence.witnesses.case_tab:context",
        "The Witness lens (statements, identifications, confessions, informants) is not built yet.",
    ),
    CaseTab(
        "prosecution",
        "Prosecution",
        "prosecution/case_tab.html",
        "innocence.prosecution.case_tab:context",
        "The Prosecution lens (misconduct, Brady material, recurring actors) is not built yet.",
    ),
    CaseTab(
        "timeline",
        "Timeline",
        "timeline/case_tab.html",
        "innocence.timeline.case_tab:context",
        "Timelines and litigation deadlines are not built yet.",
    ),
    CaseTab("notes", "Notes & tasks", "cases/tabs/notes.html", "innocence.cases.tab_context:notes"),
    CaseTab("activity", "Activity", "cases/tabs/activity.html", "innocence.cases.tab_context:activity"),
)
TABS_BY_SLUG = {tab.slug: tab for tab in TABS}


def _load(provider: str) -> Callable[..., dict[str, Any]] | None:
    module_name, _, func = provider.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise
    return getattr(module, func, None)  # type: ignore[no-any-return]


def render_context(tab: CaseTab, request: HttpRequest, case: Case) -> tuple[str, dict[str, Any]]:
    provider = _load(tab.provider) if tab.provider else None
    if provider is None:
        return "cases/tabs/not_built.html", {"message": tab.empty_message}
    return tab.template, provider(request, case)
