"""``{% deadlines_panel %}``: the dashboard's "due in the next 30 days" panel, overdue first.
A tag, so the dashboard (in ``cases``) shows it without importing this app."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from innocence.timeline.selectors import due_soon

register = template.Library()


@register.inclusion_tag("timeline/_panel.html", takes_context=True)
def deadlines_panel(context: Any, days: int = 30) -> dict[str, Any]:
    user = context["request"].user
    today = dt.date.today()
    overdue, soon = due_soon(user, within_days=days, today=today)
    return {"overdue": overdue, "soon": soon, "days": days, "today": today}
