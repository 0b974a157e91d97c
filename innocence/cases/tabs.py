"""The tabs of a case page, as the apps declare them in their ``extensions.py``
(see :mod:`innocence.core.extensions`); ``cases`` declares its own the same way."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from innocence.core.extensions import CaseTab, registry, resolve

from .models import Case


def tabs() -> list[CaseTab]:
    return registry().case_tabs()


def tab_by_slug(slug: str) -> CaseTab | None:
    return next((tab for tab in tabs() if tab.slug == slug), None)


def render_context(tab: CaseTab, request: HttpRequest, case: Case) -> tuple[str, dict[str, Any]]:
    context: dict[str, Any] = resolve(tab.context)(request, case)
    return tab.template, context
