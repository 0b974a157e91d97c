"""``{% productions_of case as productions %}``: the productions of a case, for the documents
list's "assign to a production" action (documents sits below prosecution and never imports it;
its template asks through this tag, and posts to ``prosecution:production_assign_selected``).
The caller has the case through the access rule already."""

from __future__ import annotations

from typing import Any

from django import template

from ..selectors import productions_for_case

register = template.Library()


@register.simple_tag
def productions_of(case: Any) -> list[Any]:
    return list(productions_for_case(case).order_by("date", "id"))
