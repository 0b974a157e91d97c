"""``{% job_progress snapshot %}``: the one progress bar (innocence/jobs/progress.py)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("jobs/_progress.html")
def job_progress(snapshot: Any, label: str = "") -> dict[str, Any]:
    return {"p": snapshot, "label": label}
