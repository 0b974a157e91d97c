"""``{% first_run_guide %}``: the first-run path on the dashboard (findings/first_run.py)."""

from __future__ import annotations

from typing import Any

from django import template

from ..first_run import first_run_steps

register = template.Library()


@register.inclusion_tag("findings/_first_run.html", takes_context=True)
def first_run_guide(context: Any) -> dict[str, Any]:
    request = context.get("request")
    found = first_run_steps(request.user) if request is not None else None
    if found is None:
        return {"steps": None}
    organization, steps = found
    return {"organization": organization, "steps": steps, "next": next(s for s in steps if not s.done)}
