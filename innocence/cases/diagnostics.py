"""`innocence doctor`: references stored before they were checked (innocence.core.identifiers)
that cannot be a URL segment; such a case breaks every page that lists it."""

from __future__ import annotations

from innocence.core.diagnostics import OK, WARNING, Check
from innocence.core.identifiers import reference_problem

from .models import Case


def check_references() -> Check:
    bad = [
        ref for ref in Case.objects.values_list("reference", flat=True).iterator() if reference_problem(ref)
    ]
    if not bad:
        return Check("case references", OK, "every case reference can be used in a URL", {"bad": []})
    shown = ", ".join(repr(ref) for ref in bad[:5])
    return Check(
        "case references",
        WARNING,
        f"{len(bad)} case reference(s) cannot be used in a URL ({shown}); rename them in the staff admin",
        {"bad": bad[:50]},
    )
